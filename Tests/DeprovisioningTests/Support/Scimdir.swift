import Foundation
import Synchronization

/// The real `scimdir` binary, built next to the test bundle.
enum Scimdir {
    /// `.build/<configuration>/scimdir`: beside the test runner, or under the package's `.build/debug`.
    static let executable: URL = {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent(),
            Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent(),
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".build/debug"),
        ]
        let found = candidates.map { $0.appendingPathComponent("scimdir") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
        return found ?? candidates[0].appendingPathComponent("scimdir")
    }()

    /// What a finished command printed.
    struct Output {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    /// Runs `scimdir arguments…` to completion.
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Output {
        try runProgram(executable, arguments, environment: environment)
    }

    /// Runs any program to completion, collecting its output.
    static func runProgram(
        _ program: URL, _ arguments: [String], environment: [String: String] = [:], in folder: URL? = nil
    ) throws -> Output {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if let folder { process.currentDirectoryURL = folder }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let errorData = Mutex(Data())
        let errorReader = Thread { errorData.withLock { $0 = errors.fileHandleForReading.readDataToEndOfFile() } }
        errorReader.start()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while errorReader.isExecuting || !errorReader.isFinished { usleep(1000) }
        return Output(
            status: process.terminationStatus, standardOutput: String(decoding: printed, as: UTF8.self),
            standardError: errorData.withLock { String(decoding: $0, as: UTF8.self) })
    }
}

/// Polls `condition` every 50 ms until it holds or `timeout` seconds pass.
func eventually(
    timeout: Double = 10, _ description: String = "condition", _ condition: () throws -> Bool
) async throws {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try condition() { return }
        try await Task.sleep(for: .milliseconds(50))
    }
    if try condition() { return }
    struct TimedOut: Error, CustomStringConvertible { var description: String }
    throw TimedOut(description: "timed out after \(timeout) s waiting for \(description)")
}
