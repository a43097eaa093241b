import Foundation
import Glibc
import SCIM
import Testing

/// `scimdir serve` under a stand-in for systemd: readiness, draining on SIGTERM, the drain bound, and reload
/// (ARCHITECTURE §9, sd_notify(3)). Every test runs the real binary.
///
/// The request in flight is made slow by the client, not the server: it sends the request head and half the body, and
/// the rest only after shutdown began. No code path exists in scimdir for the test's sake. To know the server has
/// read that head before SIGTERM, the head is pipelined behind a complete `GET /healthz` in one write: when the
/// health response arrives, the server has parsed both heads (Hummingbird counts a request in flight from its head).
@Suite struct ServeLifecycleTests {
    static let userBody = #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"slow@example.com"}"#

    /// Opens a connection with a `POST /Users` whose head and first half of body the server has read.
    private func slowCreateInFlight(port: Int, token: String) async throws -> LoopbackConnection {
        let connection = try LoopbackConnection(port: port)
        let post = LoopbackConnection.requestText(
            "POST", "/api/ee/scim/v2/Users",
            headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/scim+json"], body: Self.userBody)
        let half = post.utf8.count - Self.userBody.utf8.count / 2
        try await connection.send(LoopbackConnection.requestText("GET", "/healthz") + String(post.utf8.prefix(half))!)
        let health = try await connection.readResponse()
        #expect(health.status == 200)
        return connection
    }

    /// The real binary on fresh folders (under `folders.root`, which the caller removes), with a notify socket the
    /// test owns, once it sent READY=1; `startup` is every message up to READY=1.
    private func startUnderSystemd(arguments: [String] = []) async throws -> (
        systemd: NotifyListener, folders: (root: URL, directory: URL, state: URL), server: ScimdirProcess,
        startup: [String]
    ) {
        let systemd = try NotifyListener()
        let folders = try ScimdirProcess.makeFolders()
        let server = try await ScimdirProcess.start(
            directory: folders.directory, stateDirectory: folders.state, arguments: arguments,
            environment: ["NOTIFY_SOCKET": systemd.notifySocket])
        return (systemd, folders, server, try await systemd.messages(until: "READY=1"))
    }

    /// `systemctl stop` sends SIGTERM; Ctrl-C in a terminal, SIGINT: both stop gracefully.
    @Test(arguments: [SIGTERM, SIGINT])
    func aStopSignalLetsTheRequestInFlightCompleteThenReportsStoppingAndExitsZero(signal: Int32) async throws {
        let (systemd, folders, server, startup) = try await startUnderSystemd()
        defer { try? FileManager.default.removeItem(at: folders.root) }
        #expect(startup.last?.contains("STATUS=0 users, 0 groups, 0 invalid files; diffs: 0 pending, 0 held") == true)
        let port = server.port
        let connection = try await slowCreateInFlight(port: port, token: server.token)

        server.send(signal)
        _ = try await systemd.messages(until: "STOPPING=1")
        var refused = false
        for _ in 0..<600 where !refused {
            refused = !LoopbackConnection.accepts(port: port)
            if !refused { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(refused, "the listening socket stays open after signal \(signal)")

        try await connection.send(String(Self.userBody.utf8.suffix(Self.userBody.utf8.count / 2))!)
        let created = try await connection.readResponse()
        #expect(created.status == 201, "\(created.body)")
        #expect(created.body.contains("slow@example.com"))
        #expect(await server.exitStatus() == 0, "\(server.log)")
        let files = try FileManager.default.contentsOfDirectory(
            atPath: folders.directory.appendingPathComponent("users").path)
        #expect(files.count == 1, "the user created while draining is on disk")
    }

    @Test func aRequestThatNeverCompletesDoesNotHoldShutdownBeyondTheTimeout() async throws {
        let (systemd, folders, server, _) = try await startUnderSystemd(arguments: ["--shutdown-timeout", "1"])
        defer { try? FileManager.default.removeItem(at: folders.root) }
        let connection = try await slowCreateInFlight(port: server.port, token: server.token)

        server.send(SIGTERM)
        _ = try await systemd.messages(until: "STOPPING=1")
        #expect(await server.exitStatus() == 0, "the server still runs long after its one-second drain bound")
        #expect(await connection.closesWithoutResponse())
    }

    @Test func sighupSendsReloadingWithMonotonicTimeThenReadyWithFreshCounts() async throws {
        let (systemd, folders, server, _) = try await startUnderSystemd()
        defer { try? FileManager.default.removeItem(at: folders.root) }
        let user =
            #"{"id":"2819c223-7f76-453a-919d-413861904646","schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"bjensen@example.com"}"#
        try Data(user.utf8).write(
            to: folders.directory.appendingPathComponent("users/2819c223-7f76-453a-919d-413861904646.json"))

        server.send(SIGHUP)
        let reload = try await systemd.messages(until: "READY=1")
        let reloading = try #require(reload.first { $0.hasPrefix("RELOADING=1\n") })
        let stamp = try #require(reloading.firstMatch(of: /MONOTONIC_USEC=(\d+)/)?.1)
        // systemUptime is CLOCK_MONOTONIC on Linux. (Not timespec: with MemberImportVisibility, which module its
        // members belong to depends on how the compiler batches this target's files.)
        #expect(UInt64(stamp)! <= UInt64(ProcessInfo.processInfo.systemUptime * 1_000_000))
        #expect(reload.last?.contains("STATUS=1 user, 0 groups") == true, "\(reload)")
        let health = try await LoopbackConnection.request(port: server.port, "GET", "/healthz")
        #expect(health.body.contains(#""users":1"#))
        server.send(SIGTERM)
        #expect(await server.exitStatus() == 0)
    }

    @Test func healthzAndMetricsAnswerWithoutTokenAndMetricsParseAsPrometheusText() async throws {
        let (_, folders, server, _) = try await startUnderSystemd()
        defer { try? FileManager.default.removeItem(at: folders.root) }
        let port = server.port
        let health = try await LoopbackConnection.request(port: port, "GET", "/healthz")
        #expect(health.status == 200)
        #expect(health.headers["content-type"] == "application/json")
        #expect(
            health.body
                == #"{"groups":0,"heldDiffs":0,"invalidFiles":0,"pendingDiffs":0,"status":"ok","users":0}"#)
        let unauthorized = try await LoopbackConnection.request(
            port: port, "GET", "/api/ee/scim/v2/Users/2819c223-7f76-453a-919d-413861904646")
        #expect(unauthorized.status == 401)

        let metrics = try await LoopbackConnection.request(port: port, "GET", "/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8")
        let samples = try PrometheusTextFormat.parse(metrics.body)
        #expect(samples.contains { $0.name == "scimdir_authentication_failures_total" && $0.value == 1 })
        #expect(
            samples.contains {
                $0.name == "scimdir_http_requests_total" && $0.labels["route"] == "/healthz"
                    && $0.labels["status"] == "200"
            })
        #expect(samples.contains { $0.name == "scimdir_http_request_duration_seconds_count" })
        #expect(samples.contains { $0.name == "scimdir_users" && $0.value == 0 })
        server.send(SIGTERM)
        #expect(await server.exitStatus() == 0)
    }

    @Test func healthzCountsThePendingAndHeldDiffsOfTheOutbox() async throws {
        let folders = try ScimdirProcess.makeFolders()
        defer { try? FileManager.default.removeItem(at: folders.root) }
        let server = try await ScimdirProcess.start(
            directory: folders.directory, stateDirectory: folders.state, arguments: ["--deprovision-limit", "1"])
        var ids: [String] = []
        for name in ["alice", "bob"] {
            let created = try await server.request("POST", "/Users", body: ["userName": .string("\(name)@example.com")])
            ids.append(try #require(created.body?["id"]?.stringValue))
        }
        // Two provisioning diffs, then one deletion within the limit and one beyond it, which the guard holds.
        for id in ids { #expect(try await server.request("DELETE", "/Users/\(id)").status == 204) }
        let health = try await LoopbackConnection.request(port: server.port, "GET", "/healthz")
        #expect(health.status == 200)
        #expect(health.body.contains(#""heldDiffs":1"#) && health.body.contains(#""pendingDiffs":3"#), "\(health.body)")
        #expect(await server.stop() == 0)
    }
}
