import DirectoryStore
import Foundation
import Hummingbird
import HummingbirdTesting
import SCIM
import SCIMServer
import Testing

/// `/metrics` (ARCHITECTURE §8, §9): requests by route pattern and status, authentication failures, store sizes.
/// The full format check runs on the real binary (scimdirTests); here the recorded values are checked.
@Suite struct SCIMMetricsTests {
    @Test func requestsAreCountedByRoutePatternAndStatusAndAuthenticationFailuresCounted() async throws {
        let server = try await TestServer.make()
        defer { try? FileManager.default.removeItem(at: server.directory.deletingLastPathComponent()) }
        let health = ServiceHealth(store: server.store)
        health.markReady()
        let metrics = SCIMMetrics(health: health)
        let router = SCIMApplication.router(
            store: server.store, tokens: TokenVerifier(store: TokenStore(stateDirectory: server.stateDirectory)),
            configuration: server.configuration, health: health, metrics: metrics)
        let text = try await Application(router: router).test(.router) { client in
            let missing = try await client.execute(
                uri: "/api/ee/scim/v2/Users/2819c223-7f76-453a-919d-413861904646", method: .get,
                headers: server.authorization)
            #expect(missing.status == .notFound)
            let unauthorized = try await client.execute(
                uri: "/api/ee/scim/v2/Users/2819c223-7f76-453a-919d-413861904646", method: .get)
            #expect(unauthorized.status == .unauthorized)
            _ = try await client.execute(uri: "/nowhere", method: .get)
            _ = try await client.execute(uri: "/healthz", method: .get)
            let response = try await client.execute(uri: "/metrics", method: .get)
            #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
            return String(buffer: response.body)
        }
        let lines = Set(text.split(separator: "\n").map(String.init))
        let missing = [
            #"scimdir_http_requests_total{method="GET",route="/api/ee/scim/v2/Users/{id}",status="404"} 1"#,
            #"scimdir_http_requests_total{method="GET",route="/api/ee/scim/v2/Users/{id}",status="401"} 1"#,
            #"scimdir_http_requests_total{method="GET",route="NotFound",status="404"} 1"#,
            #"scimdir_http_requests_total{method="GET",route="/healthz",status="200"} 1"#,
            #"scimdir_http_request_duration_seconds_count{method="GET",route="/healthz"} 1"#,
            "scimdir_authentication_failures_total 1", "scimdir_users 0.0", "scimdir_groups 0.0",
            "scimdir_invalid_files 0.0", "scimdir_pending_diffs 0.0", "scimdir_held_diffs 0.0",
        ].filter { !lines.contains($0) }
        #expect(missing.isEmpty, "missing from /metrics: \(missing)")
    }

    @Test func changeBatchesAndReloadsAreCounted() async throws {
        let server = try await TestServer.make()
        defer { try? FileManager.default.removeItem(at: server.directory.deletingLastPathComponent()) }
        let metrics = SCIMMetrics(health: ServiceHealth(store: server.store))
        await server.store.addObserver(metrics)
        _ = try await server.store.create(
            .user, ["userName": "alice@example.com"], origin: .scim(method: "POST", requestID: nil))
        metrics.recordReload()
        let lines = Set(
            String(decoding: await metrics.exposition(), as: UTF8.self).split(separator: "\n").map(String.init))
        #expect(lines.contains(#"scimdir_directory_change_batches_total{origin="scim"} 1"#))
        #expect(lines.contains("scimdir_reloads_total 1"))
        #expect(lines.contains("scimdir_users 1.0"))
    }
}
