import DirectoryStore
import Foundation
import Logging
import SCIM
import Synchronization

@testable import Deprovisioning

/// A directory store and a deprovisioning feed on temporary folders, with a controllable clock.
final class DirectoryFixture: Sendable {
    let root: TemporaryDirectory
    let store: DirectoryStore
    let files: StateFiles
    let clock: TestClock

    var directory: URL { root.appending("directory") }
    var stateDirectory: URL { files.directory }
    var outbox: Outbox { Outbox(files: files) }

    static let logger: Logger = {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }()

    init() async throws {
        root = try TemporaryDirectory()
        clock = TestClock()
        store = try await DirectoryStore.open(
            layout: DirectoryLayout(root: root.appending("directory")), logger: Self.logger)
        files = StateFiles(directory: root.appending("state"))
    }

    /// A feed configuration with this fixture's clock and `limit`.
    func configuration(limit: DeprovisionLimit = .standard, window: Duration = .seconds(900))
        -> DeprovisioningFeed.Configuration
    {
        var configuration = DeprovisioningFeed.Configuration(files: files)
        configuration.limit = limit
        configuration.window = window
        let clock = clock
        configuration.now = { clock.now }
        return configuration
    }

    /// Opens a feed, catches up with the store and registers it, as `serve` does.
    @discardableResult
    func attachFeed(
        limit: DeprovisionLimit = .standard, window: Duration = .seconds(900),
        onDiffWritten: @escaping @Sendable (Int) -> Void = { _ in }
    ) async throws -> DeprovisioningFeed {
        var configuration = configuration(limit: limit, window: window)
        configuration.onDiffWritten = onDiffWritten
        let feed = try DeprovisioningFeed(configuration: configuration, logger: Self.logger)
        try feed.catchUp(with: store.snapshot)
        await store.addObserver(feed)
        return feed
    }

    func diffs() throws -> [DeprovisioningDiff] {
        try outbox.sequences().map { try outbox.read($0) }
    }

    // MARK: SCIM writes

    @discardableResult
    func createUser(_ userName: String, active: Bool = true, externalId: String? = nil) async throws -> String {
        var body: JSONObject = [
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": .string(userName),
            "active": .bool(active), "emails": [["value": .string(userName), "type": "work", "primary": true]],
        ]
        if let externalId { body["externalId"] = .string(externalId) }
        return try await store.create(.user, body, origin: .scim(method: "POST", requestID: "r-\(userName)")).id
    }

    @discardableResult
    func createGroup(_ displayName: String, members: [String] = []) async throws -> String {
        let body: JSONObject = [
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": .string(displayName),
            "members": .array(members.map { ["value": .string($0)] }),
        ]
        return try await store.create(.group, body, origin: .scim(method: "POST", requestID: nil)).id
    }

    /// Applies `change` to the resource's current body, as a PUT would.
    func update(_ kind: ResourceKind, _ id: String, _ change: @escaping @Sendable (inout JSONObject) -> Void)
        async throws
    {
        _ = try await store.update(kind, id: id, ifMatch: nil, origin: .scim(method: "PUT", requestID: "r-put")) {
            existing, resourceType throws(SCIMError) in
            var body = existing
            change(&body)
            return try ResourceValidator(resourceType: resourceType).validate(body, mode: .replace(existing: existing))
        }
    }

    func delete(_ kind: ResourceKind, _ id: String) async throws {
        try await store.delete(kind, id: id, ifMatch: nil, origin: .scim(method: "DELETE", requestID: "r-delete"))
    }

    func remove() { root.remove() }
}

/// A clock tests move by hand, in seconds since 1970.
final class TestClock: Sendable {
    private let seconds = Mutex(1_800_000_000.0)
    var now: Double { seconds.withLock { $0 } }
    func advance(by interval: Double) { seconds.withLock { $0 += interval } }
}
