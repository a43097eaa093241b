import Foundation
import SCIM
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Polls `condition` every 20 ms until it holds or `timeout` passes; returns how long it took, or `nil` on timeout.
@discardableResult
func poll(timeout: Duration, _ condition: () async throws -> Bool) async rethrows -> Duration? {
    let clock = ContinuousClock()
    let start = clock.now
    while true {
        if try await condition() { return clock.now - start }
        if clock.now - start > timeout { return nil }
        try? await Task.sleep(for: .milliseconds(20))
    }
}

/// The package's checkout, found from this file's path (`Tests/scimdirTests/`).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// One line of scimdir's `key=value` log.
struct LogLine: CustomStringConvertible {
    var fields: [String: String]
    var text: String

    var message: String { fields["msg"] ?? "" }
    subscript(key: String) -> String? { fields[key] }
    var description: String { text }

    /// Splits `level=info msg="a b" path=users/x.json` into fields, undoing the handler's quoting.
    init(_ text: String) {
        self.text = text
        var fields: [String: String] = [:]
        var rest = Substring(text)
        while !rest.isEmpty {
            rest = rest.drop { $0 == " " }
            guard let equals = rest.firstIndex(of: "=") else { break }
            let key = String(rest[..<equals])
            rest = rest[rest.index(after: equals)...]
            var value = ""
            if rest.first == "\"" {
                rest = rest.dropFirst()
                while let character = rest.first {
                    rest = rest.dropFirst()
                    if character == "\\", let next = rest.first {
                        value.append(next == "n" ? "\n" : next)
                        rest = rest.dropFirst()
                    } else if character == "\"" {
                        break
                    } else {
                        value.append(character)
                    }
                }
            } else {
                let end = rest.firstIndex(of: " ") ?? rest.endIndex
                value = String(rest[..<end])
                rest = rest[end...]
            }
            fields[key] = value
        }
        self.fields = fields
    }
}

extension ScimdirProcess {
    /// The log's lines, parsed.
    var logLines: [LogLine] {
        log.split(separator: "\n").map { LogLine(String($0)) }
    }

    /// The log lines with message `message`.
    func logLines(_ message: String) -> [LogLine] {
        logLines.filter { $0.message == message }
    }

    /// The "reloaded files changed on disk" lines: one per reload batch that read at least one changed file.
    var reloadLines: [LogLine] { logLines("reloaded files changed on disk") }

    /// Waits until a log line with `message` satisfying `matching` appears.
    func awaitLogLine(
        _ message: String, timeout: Duration = .seconds(20), matching: (LogLine) -> Bool = { _ in true }
    ) async -> LogLine? {
        var found: LogLine?
        await poll(timeout: timeout) {
            found = logLines(message).first(where: matching)
            return found != nil
        }
        return found
    }

    /// `GET` of one resource; the reply.
    func get(_ path: String) async throws -> Reply {
        try await request("GET", path)
    }

    /// Creates a user over HTTP and returns the created resource.
    func createUser(_ userName: String, _ extra: JSONObject = [:]) async throws -> JSONValue {
        var body: JSONObject = [
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": .string(userName),
        ]
        body.merge(extra) { _, new in new }
        let reply = try await request("POST", "/Users", body: .object(body))
        try #require(reply.status == 201, "POST /Users \(userName): \(reply.status) \(String(describing: reply.body))")
        return try #require(reply.body)
    }

    /// `GET /healthz` (outside the SCIM base path, without the token): the body.
    func healthz() async throws -> JSONValue? {
        let (data, _) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/healthz")!)
        return try JSONParser().parse(Array(data))
    }

    /// The file of a user or group, relative to the directory.
    func file(_ relativePath: String) -> URL {
        directory.appendingPathComponent(relativePath)
    }
}

/// Files as people and tools change them.
enum Disk {
    /// Writes `text` into the existing file in place (same inode): truncate and write, as `echo > file` does.
    static func overwriteInPlace(_ url: URL, _ text: String) throws {
        let descriptor = open(url.path, O_WRONLY | O_TRUNC | O_CREAT, 0o644)
        guard descriptor >= 0 else { throw ProcessFailure(description: "open \(url.path): errno \(errno)") }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw ProcessFailure(description: "write \(url.path): errno \(errno)") }
    }

    /// Reads a JSON file.
    static func json(_ url: URL) throws -> JSONValue {
        try JSONParser().parse(Array(try Data(contentsOf: url)))
    }

    /// Rewrites a resource file with `change` applied, pretty-printed, in place.
    static func edit(_ url: URL, _ change: (inout JSONObject) -> Void) throws {
        var object = try #require(try json(url).objectValue)
        change(&object)
        try overwriteInPlace(url, JSONWriter.pretty.string(.object(object)))
    }

    /// The names in a folder, hidden ones included.
    static func names(_ folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }
}

/// The `git` command line in a directory, with a fixed identity so no configuration is needed.
struct Git {
    let directory: URL

    @discardableResult
    func callAsFunction(_ arguments: String...) throws -> String {
        try run(arguments)
    }

    @discardableResult
    func run(_ arguments: [String]) throws -> String {
        let result = try ScimdirProcess.run(
            ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "init.defaultBranch=main"]
                + arguments,
            program: URL(fileURLWithPath: "/usr/bin/env"), in: directory)
        guard result.status == 0 else {
            throw ProcessFailure(description: "git \(arguments.joined(separator: " ")): \(result.errors)")
        }
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
