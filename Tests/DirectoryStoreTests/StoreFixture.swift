import DirectoryStore
import Foundation
import Logging
import SCIM
import Synchronization
import Testing

/// A real temporary directory for one test, a store opened on it with a fixed clock, and the store's log lines.
///
/// The folder is removed when the fixture goes away.
final class StoreFixture: Sendable {
    let root: URL
    let layout: DirectoryLayout
    let log = LogRecorder()
    /// Seconds since 1970 handed to the store as "now"; tests move it forward.
    let clock = TestClock()

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("scimdir-store-\(UUID().uuidString)")
        layout = DirectoryLayout(root: root)
        try layout.createFolders()
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
    }

    var logger: Logger { log.logger }

    /// Opens a store on the directory (again: a restart).
    func open(registry: SchemaRegistry = .standard) async throws -> DirectoryStore {
        try await DirectoryStore.open(
            layout: layout, registry: registry, logger: logger, now: { [clock] in clock.now })
    }

    func advanceClock(by seconds: Double = 60) {
        clock.advance(by: seconds)
    }

    // MARK: Files

    func url(_ relativePath: String) -> URL {
        root.appendingPathComponent(relativePath)
    }

    func write(_ relativePath: String, _ text: String) throws {
        try Data(text.utf8).write(to: url(relativePath))
    }

    func write(_ relativePath: String, json: JSONValue) throws {
        try Data(JSONWriter.pretty.bytes(json)).write(to: url(relativePath))
    }

    func read(_ relativePath: String) -> String? {
        FileManager.default.contents(atPath: url(relativePath).path).map { String(decoding: $0, as: UTF8.self) }
    }

    func readJSON(_ relativePath: String) throws -> JSONValue? {
        guard let bytes = FileManager.default.contents(atPath: url(relativePath).path) else { return nil }
        return try JSONParser().parse(Array(bytes))
    }

    func remove(_ relativePath: String) throws {
        try FileManager.default.removeItem(at: url(relativePath))
    }

    /// Every entry of a folder, hidden ones included, sorted.
    func names(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: url(folder).path)) ?? []).sorted()
    }

    func exists(_ relativePath: String) -> Bool {
        FileManager.default.fileExists(atPath: url(relativePath).path)
    }

    /// A user file as a person would write it by hand.
    static func userFile(id: String, userName: String, _ extra: JSONObject = [:]) -> JSONValue {
        var object: JSONObject = [
            "id": .string(id), "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": .string(userName),
        ]
        object.merge(extra) { _, new in new }
        return .object(object)
    }

    /// A group file as a person would write it by hand.
    static func groupFile(id: String, displayName: String, members: [String] = []) -> JSONValue {
        var object: JSONObject = [
            "id": .string(id), "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
            "displayName": .string(displayName),
        ]
        if !members.isEmpty { object["members"] = .array(members.map { ["value": .string($0)] }) }
        return .object(object)
    }
}

/// A settable clock for `meta.created`/`lastModified`.
final class TestClock: Sendable {
    private let seconds = Mutex<Double>(1_700_000_000)
    var now: Double { seconds.withLock { $0 } }
    func advance(by interval: Double) { seconds.withLock { $0 += interval } }
}

/// Collects log lines so tests can check what was reported.
final class LogRecorder: Sendable {
    struct Entry: Sendable, CustomStringConvertible {
        var level: Logger.Level
        var message: String
        var metadata: [String: String]

        var description: String {
            "\(level) \(message) "
                + metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        }
    }

    private let storage = Mutex<[Entry]>([])

    var entries: [Entry] { storage.withLock { $0 } }

    func entries(_ message: String) -> [Entry] { entries.filter { $0.message == message } }

    func clear() { storage.withLock { $0 = [] } }

    var logger: Logger {
        Logger(label: "test") { _ in RecordingLogHandler(recorder: self) }
    }

    fileprivate func append(_ entry: Entry) {
        storage.withLock { $0.append(entry) }
    }
}

private struct RecordingLogHandler: LogHandler {
    let recorder: LogRecorder
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        recorder.append(
            .init(level: event.level, message: event.message.description, metadata: merged.mapValues { $0.description })
        )
    }
}

extension DirectoryStore {
    /// A SCIM `POST /Users`.
    func createUser(_ userName: String, _ extra: JSONObject = [:]) async throws -> StoredResource {
        var body: JSONObject = [
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": .string(userName),
        ]
        body.merge(extra) { _, new in new }
        return try await create(.user, body, origin: .scim(method: "POST", requestID: nil))
    }

    /// A SCIM `POST /Groups`.
    func createGroup(_ displayName: String, members: [String] = []) async throws -> StoredResource {
        var body: JSONObject = [
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": .string(displayName),
        ]
        if !members.isEmpty { body["members"] = .array(members.map { ["value": .string($0)] }) }
        return try await create(.group, body, origin: .scim(method: "POST", requestID: nil))
    }

    /// A SCIM `PUT` of the served resource with `changes` merged in (`null` removes an attribute).
    func modify(_ kind: ResourceKind, _ id: String, ifMatch: String? = nil, _ changes: JSONObject) async throws
        -> StoredResource
    {
        try await update(kind, id: id, ifMatch: ifMatch, origin: .scim(method: "PUT", requestID: nil)) {
            existing, resourceType throws(SCIMError) in
            var body = existing
            for (key, value) in changes { body[key] = value.isNull ? nil : value }
            return try ResourceValidator(resourceType: resourceType).validate(body, mode: .replace(existing: existing))
        }
    }

    /// A SCIM `DELETE`.
    func remove(_ kind: ResourceKind, _ id: String, ifMatch: String? = nil) async throws {
        try await delete(kind, id: id, ifMatch: ifMatch, origin: .scim(method: "DELETE", requestID: nil))
    }
}

/// Records every batch the store commits.
final class BatchRecorder: DirectoryObserver {
    private let storage = Mutex<[ChangeBatch]>([])
    var batches: [ChangeBatch] { storage.withLock { $0 } }
    func directoryDidChange(_ batch: ChangeBatch) { storage.withLock { $0.append(batch) } }
}

/// The SCIM error a throwing call ends with, or `nil` when it succeeds.
func scimError(_ body: () async throws -> Void) async -> SCIMError? {
    do {
        try await body()
        return nil
    } catch let error as SCIMError {
        return error
    } catch {
        Issue.record("unexpected error \(error)")
        return nil
    }
}
