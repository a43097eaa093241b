import DirectoryStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SCIM
import SCIMServer
import Testing

/// `GET /healthz` (ARCHITECTURE §8): no token; 503 while starting or stopping, 200 with the counts while serving.
@Suite struct HealthRouteTests {
    /// The router of `server` with `health`, tested through HummingbirdTesting.
    static func test<Value: Sendable>(
        _ server: TestServer, health: ServiceHealth, _ body: @Sendable (any TestClientProtocol) async throws -> Value
    ) async throws -> Value {
        defer { try? FileManager.default.removeItem(at: server.directory.deletingLastPathComponent()) }
        let router = SCIMApplication.router(
            store: server.store, tokens: TokenVerifier(store: TokenStore(stateDirectory: server.stateDirectory)),
            configuration: server.configuration, health: health)
        return try await Application(router: router).test(.router, body)
    }

    @Test func answers503UntilReadyThen200WithCountsThen503WhenStopping() async throws {
        let server = try await TestServer.make()
        _ = try await server.store.create(
            .user, ["userName": "alice@example.com"], origin: .scim(method: "POST", requestID: nil))
        let health = ServiceHealth(store: server.store, diffQueue: { DiffQueueCounts(pending: 2, held: 1) })
        try await Self.test(server, health: health) { client in
            let starting = try await client.execute(uri: "/healthz", method: .get)
            #expect(starting.status == .serviceUnavailable)
            #expect(String(buffer: starting.body).contains(#""status":"starting""#))

            health.markReady()
            let ready = try await client.execute(uri: "/healthz", method: .get)
            #expect(ready.status == .ok)
            #expect(ready.headers[.contentType] == "application/json")
            #expect(
                String(buffer: ready.body)
                    == #"{"groups":0,"heldDiffs":1,"invalidFiles":0,"pendingDiffs":2,"status":"ok","users":1}"#)

            health.markStopping()
            let stopping = try await client.execute(uri: "/healthz", method: .get)
            #expect(stopping.status == .serviceUnavailable)
            #expect(String(buffer: stopping.body).contains(#""status":"stopping""#))
        }
    }

    @Test func anUnreadableOutboxMakesTheServiceDegradedWith503AndTheReason() async throws {
        struct Unreadable: Error, CustomStringConvertible {
            var description: String { "cursor.json is not JSON" }
        }
        let server = try await TestServer.make()
        let health = ServiceHealth(store: server.store, diffQueue: { throw Unreadable() })
        health.markReady()
        try await Self.test(server, health: health) { client in
            let response = try await client.execute(uri: "/healthz", method: .get)
            #expect(response.status == .serviceUnavailable)
            #expect(
                String(buffer: response.body)
                    == #"{"groups":0,"heldDiffs":null,"invalidFiles":0,"pendingDiffs":null,"#
                    + #""problem":"the outbox's state cannot be read: cursor.json is not JSON","status":"degraded","#
                    + #""users":0}"#)
        }
    }

    @Test func summaryNamesEveryCountForSystemctlStatus() {
        let report = HealthReport(
            phase: .ok, users: 1, groups: 2, invalidFiles: 0, diffs: DiffQueueCounts(pending: 3, held: 1))
        #expect(report.summary == "1 user, 2 groups, 0 invalid files; diffs: 3 pending, 1 held")
        let unreadable = HealthReport(phase: .ok, users: 0, groups: 0, invalidFiles: 0, diffs: nil, problem: "gone")
        #expect(unreadable.summary == "0 users, 0 groups, 0 invalid files; diffs: unreadable (gone)")
    }
}
