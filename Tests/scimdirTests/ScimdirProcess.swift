import Foundation
import Synchronization
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
    /// What the server printed on standard output until it was serving (and, for ``startFresh(in:environment:)``,
    /// until the new token was printed).
    let announcement: String

    /// Temporary folders for one test: `directory`, `state` and a scratch root, removed by ``removeFolders()``.
    static func makeFolders() throws -> (root: URL, directory: URL, state: URL) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("scimdir-it-\(UUID().uuidString)")
        let directory = root.appendingPathComponent("directory")
        let state = root.appendingPathComponent("state")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return (root, directory, state)
    }

    /// Runs a `scimdir` subcommand (or another `program`, such as a sample script) to completion; returns its exit
    /// status, standard output and standard error.
    @discardableResult
    static func run(
        _ arguments: [String], environment: [String: String] = [:], program: URL = executable, in folder: URL? = nil
    ) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        if let folder { process.currentDirectoryURL = folder }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Standard error is drained alongside, so that a program filling that pipe cannot block its standard output.
        let complained = Mutex(Data())
        let errorReader = Thread { complained.withLock { $0 = errors.fileHandleForReading.readDataToEndOfFile() } }
        errorReader.start()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errorReader.isFinished { usleep(1000) }
        return (
            process.terminationStatus, String(decoding: printed, as: UTF8.self),
            complained.withLock { String(decoding: $0, as: UTF8.self) }
        )
    }

    /// Starts `scimdir serve` and waits until it serves.
    ///
    /// - Parameters:
    ///   - arguments: extra `serve` options.
    ///   - environment: extra environment variables.
    ///   - launcher: a command that is given the binary and its arguments and runs it (e.g. under a restriction).
    ///   - listen: the `--listen` value; `nil` passes none, so that `SCIMDIR_LISTEN` in `environment` decides.
    static func start(
        directory: URL, stateDirectory: URL, arguments: [String] = [], environment: [String: String] = [:],
        launcher: [String] = [], listen: String? = "127.0.0.1:0"
    ) async throws -> ScimdirProcess {
        let token = try run(["token", "rotate", "--state-directory", stateDirectory.path]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return try await launch(
            directory: directory, stateDirectory: stateDirectory,
            arguments: ["serve", "--directory", directory.path, "--state-directory", stateDirectory.path]
                + (listen.map { ["--listen", $0] } ?? []) + arguments,
            environment: environment, launcher: launcher, workingDirectory: nil, token: token)
    }

    /// Starts `scimdir serve --listen 127.0.0.1:0` in `workingDirectory` as a newcomer would: no directory options,
    /// so `./scim-directory` and `./.scimdir` are used, and — on the first start — no token yet: the token is read
    /// from what the server prints. ``announcement`` holds that text.
    static func startFresh(in workingDirectory: URL, environment: [String: String] = [:]) async throws -> ScimdirProcess {
        let state = workingDirectory.appendingPathComponent(".scimdir")
        let hasToken = FileManager.default.fileExists(atPath: state.appendingPathComponent("token.json").path)
        return try await launch(
            directory: workingDirectory.appendingPathComponent("scim-directory"), stateDirectory: state,
            arguments: ["serve", "--listen", "127.0.0.1:0"], environment: environment, launcher: [],
            workingDirectory: workingDirectory, token: hasToken ? "" : nil)
    }

    /// - Parameter token: the token to use, or `nil` to read the one the server prints.
    private static func launch(
        directory: URL, stateDirectory: URL, arguments: [String], environment: [String: String], launcher: [String],
        workingDirectory: URL?, token: String?
    ) async throws -> ScimdirProcess {
        let logFile = stateDirectory.deletingLastPathComponent().appendingPathComponent("scimdir-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: launcher.first ?? executable.path)
        process.arguments = launcher.dropFirst() + (launcher.isEmpty ? [] : [executable.path]) + arguments
        // The caller's SCIMDIR_* settings (or a systemd INVOCATION_ID) must not change what the test runs.
        var inherited = ProcessInfo.processInfo.environment
        for name in inherited.keys where name.hasPrefix("SCIMDIR_") || name == "INVOCATION_ID" { inherited[name] = nil }
        process.environment = inherited.merging(environment) { _, new in new }
        if let workingDirectory { process.currentDirectoryURL = workingDirectory }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: logFile)
        try process.run()
        let (baseURL, announcement) = try await Self.awaitServing(
            output.fileHandleForReading, process: process, logFile: logFile, needToken: token == nil)
        let printedToken = announcement.firstMatch(of: /scimdir_[A-Za-z0-9_-]+/).map { String($0.output) }
        return ScimdirProcess(
            directory: directory, stateDirectory: stateDirectory, logFile: logFile, process: process, baseURL: baseURL,
            token: token ?? printedToken ?? "", announcement: announcement)
    }

    private init(
        directory: URL, stateDirectory: URL, logFile: URL, process: Process, baseURL: String, token: String,
        announcement: String
    ) {
        self.directory = directory
        self.stateDirectory = stateDirectory
        self.logFile = logFile
        self.process = process
        self.baseURL = baseURL
        self.token = token
        self.announcement = announcement
    }

    deinit {
        if process.isRunning { process.interrupt(); Foundation.kill(process.processIdentifier, SIGKILL) }
    }

    private static func awaitServing(
        _ output: FileHandle, process: Process, logFile: URL, needToken: Bool
    ) async throws -> (baseURL: String, text: String) {
        // Read on the handler's thread: `availableData` would block past the deadline if nothing is printed.
        let printed = PrintedOutput()
        output.readabilityHandler = { handle in printed.append(handle.availableData) }
        defer { output.readabilityHandler = nil }
        let deadline = ContinuousClock.now + .seconds(60)
        var text = ""
        while ContinuousClock.now < deadline {
            text = printed.text
            if let range = text.range(of: #"serving SCIM 2\.0 at (\S+)"#, options: .regularExpression),
                !needToken || text.firstMatch(of: /scimdir_[A-Za-z0-9_-]{43}/) != nil
            {
                return (String(text[range].split(separator: " ").last!), text)
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(20))
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
        try await request(method, url: URL(string: baseURL + path)!, body: body, headers: headers)
    }

    /// Sends a request with the token to any `url` (e.g. outside the base path).
    func request(_ method: String, url: URL, body: JSONValue? = nil, headers: [String: String] = [:]) async throws
        -> Reply
    {
        var request = URLRequest(url: url)
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

/// What a process printed so far, appended from a file handle's reading thread.
private final class PrintedOutput: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()

    func append(_ chunk: Data) { lock.withLock { data.append(chunk) } }
    var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }
}

struct ProcessFailure: Error, CustomStringConvertible {
    var description: String
}
