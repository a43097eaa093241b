import Foundation
import SCIM
import Testing

/// `serve` writes one log line per request — method, path without the query, status, duration in milliseconds and the
/// request id — and never the bearer token (issue 3, item 7; ARCHITECTURE §9).
@Suite struct RequestLogTests {
    @Test func everyRequestIsOneLineWithMethodPathStatusDurationAndRequestID() async throws {
        let folders = try ScimdirProcess.makeFolders()
        defer { try? FileManager.default.removeItem(at: folders.root) }
        let server = try await ScimdirProcess.start(directory: folders.directory, stateDirectory: folders.state)
        let base = URL(string: server.baseURL)!.path

        let filter = #"userName eq "privatePerson""#
        let lookup = try await server.get(
            "/Users?filter=\(filter.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)")
        #expect(lookup.status == 200)
        let id = try #require(try await server.createUser("alice@example.com")["id"]?.stringValue)
        #expect(try await server.request("DELETE", "/Users/\(id)").status == 204)
        #expect(try await server.get("/Users/\(id)").status == 404)
        let wrongToken = "scimdir_" + String(repeating: "W", count: 43)
        let refused = try await server.request("GET", "/Groups", headers: ["Authorization": "Bearer \(wrongToken)"])
        #expect(refused.status == 401)

        let expected = [
            ("GET", "\(base)/Users", "200"), ("POST", "\(base)/Users", "201"), ("DELETE", "\(base)/Users/\(id)", "204"),
            ("GET", "\(base)/Users/\(id)", "404"), ("GET", "\(base)/Groups", "401"),
        ]
        await poll(timeout: .seconds(20)) { server.logLines("request").count >= expected.count }
        #expect(await server.stop() == 0)
        let lines = server.logLines("request")
        try #require(lines.count == expected.count, "one line per request: \(lines)")
        for (line, (method, path, status)) in zip(lines, expected) {
            #expect(
                Set(line.fields.keys) == ["level", "msg", "method", "path", "status", "duration_ms", "hb.request.id"],
                "\(line)")
            #expect(line["level"] == "info")
            #expect(line["method"] == method && line["path"] == path && line["status"] == status, "\(line)")
            let duration = try #require(line["duration_ms"].flatMap(Double.init), "\(line)")
            #expect(duration >= 0 && duration.isFinite, "\(line)")
            #expect(line["hb.request.id"]?.isEmpty == false, "\(line)")
        }
        #expect(Set(lines.compactMap { $0["hb.request.id"] }).count == lines.count, "each request has its own id")
        // The request id ties the request's other lines to it.
        let failure = try #require(server.logLines("authentication failed").first)
        #expect(failure["hb.request.id"] == lines.last?["hb.request.id"])

        let log = server.log
        #expect(!log.contains(server.token), "the token must never reach the log")
        #expect(!log.contains(wrongToken), "nor a wrong one")
        #expect(!log.contains("privatePerson"), "the query is not logged: it may carry personal data")
    }
}
