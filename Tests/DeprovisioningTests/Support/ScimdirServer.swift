import Foundation
import SCIM
import Synchronization

/// A running `scimdir serve` on 127.0.0.1 with a port the system picks, on a directory and state directory of the
/// test's. Stop it with ``stop()`` (SIGTERM) or ``kill()`` (SIGKILL).
final class ScimdirServer: Sendable {
    let baseURL: String
    let token: String
    let logFile: URL
    private let process: ProcessHandle

    /// The state directory's token is created first if missing, so that restarts keep it.
    static func start(directory: URL, state: URL, arguments: [String] = []) async throws -> ScimdirServer {
        let tokenFile = state.appendingPathComponent("test-token")
        var token = (try? String(contentsOf: tokenFile, encoding: .utf8)) ?? ""
        if token.isEmpty {
            let rotated = try Scimdir.run(["token", "rotate", "--state-directory", state.path])
            guard rotated.status == 0 else { throw Failure(description: "token rotate: \(rotated.standardError)") }
            token = rotated.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
            try token.write(to: tokenFile, atomically: true, encoding: .utf8)
        }
        let logFile = state.deletingLastPathComponent()
            .appendingPathComponent("serve-\(UUID().uuidString.prefix(6)).log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let process = Process()
        process.executableURL = Scimdir.executable
        process.arguments =
            [
                "serve", "--directory", directory.path, "--state-directory", state.path, "--listen", "127.0.0.1:0",
                "--log-level", "info",
            ] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: logFile)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let handle = ProcessHandle(process)
        let url = try await Self.announcedURL(output, process: handle, logFile: logFile)
        return ScimdirServer(baseURL: url, token: token, logFile: logFile, process: handle)
    }

    private init(baseURL: String, token: String, logFile: URL, process: ProcessHandle) {
        self.baseURL = baseURL
        self.token = token
        self.logFile = logFile
        self.process = process
    }

    /// Reads standard output until `scimdir is serving SCIM 2.0 at URL`.
    private static func announcedURL(_ output: Pipe, process: ProcessHandle, logFile: URL) async throws -> String {
        let text = Mutex("")
        let reader = output.fileHandleForReading
        reader.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil }
            text.withLock { $0 += String(decoding: data, as: UTF8.self) }
        }
        let marker = "scimdir is serving SCIM 2.0 at "
        do {
            try await eventually(timeout: 30, "the server to start") {
                guard process.isRunning else {
                    throw Failure(
                        description:
                            "scimdir serve exited: \((try? String(contentsOf: logFile, encoding: .utf8)) ?? "")")
                }
                return text.withLock { $0.contains(marker) && $0.split(separator: marker).last?.contains("\n") == true }
            }
        } catch {
            process.kill()
            throw error
        }
        let line = text.withLock { $0 }.components(separatedBy: marker)[1]
        return String(line.prefix { !$0.isNewline })
    }

    /// The log lines so far (standard error).
    var log: String {
        (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
    }

    /// Sends a SCIM request; `path` is relative to the base URL.
    @discardableResult
    func request(_ method: String, _ path: String, _ body: JSONValue? = nil) throws -> (status: Int, body: JSONValue?) {
        var arguments = [
            "--silent", "--show-error", "--max-time", "20", "--request", method, "--header",
            "Authorization: Bearer \(token)", "--write-out", "\n%{http_code}", baseURL + path,
        ]
        if let body {
            arguments += [
                "--header", "Content-Type: application/scim+json; charset=utf-8", "--data-binary",
                JSONWriter.compact.string(body),
            ]
        }
        let output = try Scimdir.runProgram(URL(fileURLWithPath: "/usr/bin/curl"), arguments)
        guard output.status == 0, let newline = output.standardOutput.lastIndex(of: "\n"),
            let status = Int(output.standardOutput[output.standardOutput.index(after: newline)...])
        else { throw Failure(description: "curl \(method) \(path): \(output.standardError)") }
        let text = output.standardOutput[..<newline]
        return (status, text.isEmpty ? nil : try JSONParser().parse(String(text)))
    }

    /// POSTs a resource and returns its id.
    func create(_ endpoint: String, _ body: JSONValue) throws -> String {
        let (status, answer) = try request("POST", "/" + endpoint, body)
        guard status == 201, let id = answer?["id"]?.stringValue else {
            throw Failure(description: "POST /\(endpoint) answered \(status): \(answer.map { "\($0)" } ?? "")")
        }
        return id
    }

    /// SIGTERM, then waits for the exit.
    func stop() { process.terminate() }

    /// SIGKILL, then waits for the exit.
    func kill() { process.kill() }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }
}

/// The child process, shared with the reader callbacks.
final class ProcessHandle: @unchecked Sendable {
    private let process: Process

    init(_ process: Process) { self.process = process }

    var isRunning: Bool { process.isRunning }

    func terminate() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    func kill() {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}

/// SCIM bodies the identity providers send.
enum SCIMBodies {
    static func user(_ userName: String, externalId: String? = nil) -> JSONValue {
        var body: JSONObject = [
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": .string(userName),
            "name": ["givenName": "Test", "familyName": "User"], "active": true,
            "emails": [["value": .string(userName), "type": "work", "primary": true]],
        ]
        if let externalId { body["externalId"] = .string(externalId) }
        return .object(body)
    }

    static func group(_ displayName: String, members: [String]) -> JSONValue {
        [
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": .string(displayName),
            "members": .array(members.map { ["value": .string($0)] }),
        ]
    }
}
