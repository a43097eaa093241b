import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SCIM

/// The real `scimdir` binary running `serve` on temporary directories, listening on 127.0.0.1 on a free port.
///
/// The binary is the one `swift test` built next to the test bundle. Standard error goes to ``logFile`` so tests can
/// read the log. ``stop(signal:)`` or ``kill()`` ends it; `deinit` kills a process a failed test left running.
final class ScimdirProcess: @unchecked Sendable {
    /// `.build/<configuration>/scimdir`.
    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("scimdir")
    }

    let directory: URL
    let stateDirectory: URL
    let logFile: URL
    let process: Process
    /// The SCIM base URL, e.g. `http://127.0.0.1:41234/api/ee/scim/v2`.
    let baseURL: String
    let token: String

    /// Temporary folders for one test: `directory`, `state` and a scratch root, removed by ``removeFolders()``.
    static func makeFolders() throws -> (root: URL, directory: URL, state: URL) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("scimdir-it-\(UUID().uuidString)")
        let directory = root.appendingPathComponent("directory")
        let state = root.appendingPathComponent("state")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return (root, directory, state)
    }

    /// Runs a `scimdir` subcommand to completion; returns its exit status and standard output.
    @discardableResult
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        let complained = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: printed, as: UTF8.self), String(decoding: complained, as: UTF8.self))
    }

    /// Starts `scimdir serve` and waits until it serves.
    ///
    /// - Parameters:
    ///   - arguments: extra `serve` options.
    ///   - environment: extra environment variables.
    ///   - launcher: a command that is given the binary and its arguments and runs it (e.g. under a restriction).
    static func start(
        directory: URL, stateDirectory: URL, arguments: [String] = [], environment: [String: String] = [:],
        launcher: [String] = []
    ) async throws -> ScimdirProcess {
        let token = try run(["token", "rotate", "--state-directory", stateDirectory.path]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let logFile = stateDirectory.deletingLastPathComponent().appendingPathComponent("scimdir-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: launcher.first ?? executable.path)
        process.arguments = launcher.dropFirst() + (launcher.isEmpty ? [] : [executable.path]) + [
            "serve", "--directory", directory.path, "--state-directory", stateDirectory.path,
            "--listen", "127.0.0.1:0",
        ] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: logFile)
        try process.run()
        let baseURL = try await Self.awaitServing(output.fileHandleForReading, process: process, logFile: logFile)
        return ScimdirProcess(
            directory: directory, stateDirectory: stateDirectory, logFile: logFile, process: process, baseURL: baseURL,
            token: token)
    }

    private init(directory: URL, stateDirectory: URL, logFile: URL, process: Process, baseURL: String, token: String) {
        self.directory = directory
        self.stateDirectory = stateDirectory
        self.logFile = logFile
        self.process = process
        self.baseURL = baseURL
        self.token = token
    }

    deinit {
        if process.isRunning { process.interrupt(); Foundation.kill(process.processIdentifier, SIGKILL) }
    }

    private static func awaitServing(_ output: FileHandle, process: Process, logFile: URL) async throws -> String {
        let deadline = Date().addingTimeInterval(60)
        var text = ""
        while Date() < deadline {
            let chunk = output.availableData
            if chunk.isEmpty {
                guard process.isRunning else { break }
                try await Task.sleep(for: .milliseconds(20))
                continue
            }
            text += String(decoding: chunk, as: UTF8.self)
            if let range = text.range(of: #"serving SCIM 2\.0 at (\S+)"#, options: .regularExpression) {
                return String(text[range].split(separator: " ").last!)
            }
        }
        let log = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
        throw ProcessFailure(description: "scimdir did not start serving; output: \(text); log: \(log)")
    }

    /// The log written so far.
    var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    /// The port it listens on.
    var port: Int { URL(string: baseURL)!.port! }

    /// Sends `signal` without waiting.
    func send(_ signal: Int32) {
        Foundation.kill(process.processIdentifier, signal)
    }

    /// The exit status once the process has exited, or `nil` if it still runs after `timeout`.
    func exitStatus(within timeout: Duration = .seconds(60)) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            guard ContinuousClock.now < deadline else { return nil }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return process.terminationStatus
    }

    /// Sends `signal` and waits (a minute at most) for the exit status.
    @discardableResult
    func stop(signal: Int32 = SIGTERM) async -> Int32? {
        send(signal)
        return await exitStatus()
    }

    /// SIGKILL, as a crash.
    func kill() async {
        await stop(signal: SIGKILL)
    }

    // MARK: HTTP

    struct Reply {
        var status: Int
        var headers: [String: String]
        var body: JSONValue?
    }

    /// Sends a SCIM request with the token; `path` is relative to the base URL and may carry a query.
    func request(_ method: String, _ path: String, body: JSONValue? = nil, headers: [String: String] = [:]) async throws -> Reply {
        var request = URLRequest(url: URL(string: baseURL + path)!)
        request.httpMethod = method
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        if let body {
            request.httpBody = Data(JSONWriter.compact.bytes(body))
            request.setValue("application/scim+json", forHTTPHeaderField: "Content-Type")
        }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields { fields["\(name)".lowercased()] = "\(value)" }
        return Reply(status: http.statusCode, headers: fields, body: data.isEmpty ? nil : try? JSONParser().parse(Array(data)))
    }
}

struct ProcessFailure: Error, CustomStringConvertible {
    var description: String
}
