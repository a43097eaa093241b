import Foundation
import SCIM
import Testing

/// Hostile HTTP against the real binary, over raw TCP (issue 8; ARCHITECTURE §8: exceeding a bound is a 4xx, never a
/// crash). Each input is answered with a 4xx — or, where no answer can be framed, the connection is closed — while
/// the process keeps serving and its resident memory stays bounded.
@Suite struct HostileHTTPTests {
    /// The growth of resident memory tolerated across one test's hostile requests, in kB: generous (about 3 MB was
    /// measured), since the allocator keeps what it freed, yet below what buffering one test's hostile bodies whole
    /// would cost (the oversized-body test sends 36 MiB and announces 150 MiB more).
    static let memoryBound = 24 * 1024

    static let userJSON = #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"mallory"}"#

    /// Starts a server, runs `body`, then checks that it still serves and did not grow beyond ``memoryBound``.
    func withServer(
        arguments: [String] = [], _ body: (ScimdirProcess, (root: URL, directory: URL, state: URL)) async throws -> Void
    ) async throws {
        let folders = try ScimdirProcess.makeFolders()
        defer { try? FileManager.default.removeItem(at: folders.root) }
        let server = try await ScimdirProcess.start(
            directory: folders.directory, stateDirectory: folders.state, arguments: arguments)
        #expect(try await server.stillServes())
        let before = server.residentKilobytes
        try await body(server, folders)
        #expect(server.process.isRunning, "\(server.log)")
        #expect(try await server.stillServes(), "the server stopped serving after hostile input")
        let after = server.residentKilobytes
        print("hostile HTTP: resident memory \(before) kB before, \(after) kB after")
        #expect(after - before < Self.memoryBound, "resident memory grew from \(before) kB to \(after) kB")
        #expect(await server.stop() == 0)
    }

    /// The head of an authenticated request with a JSON body of `length` bytes.
    func head(_ method: String, _ path: String, _ server: ScimdirProcess, contentLength length: Int? = nil) -> String {
        var head =
            "\(method) \(server.wirePath(path)) HTTP/1.1\r\nAuthorization: Bearer \(server.token)\r\n"
            + "Content-Type: application/scim+json"
        if let length { head += "\r\nContent-Length: \(length)" }
        return head
    }

    // MARK: Bodies

    @Test func oversizedBodiesAre413WithAnHonestALyingOrNoContentLength() async throws {
        try await withServer { server, _ in
            let huge = [UInt8](repeating: UInt8(ascii: " "), count: 4 << 20)
            for _ in 0..<3 {
                // Honest: 4 MiB, announced.
                let honest = try await server.raw(head("POST", "/Users", server, contentLength: huge.count), body: huge)
                #expect(honest?.status == 413, "\(String(describing: honest))")

                // Announces 50 MiB, sends a little, and waits: refused on the announcement alone.
                let connection = try HostileConnection(port: server.port)
                await connection.send(head("POST", "/Users", server, contentLength: 50 << 20) + "\r\n\r\n{\"a\":")
                let announced = await connection.response(timeout: .seconds(20))
                #expect(announced?.status == 413, "\(String(describing: announced))")

                // Chunked, no length: 4 MiB in 64 KiB chunks.
                let chunked = try HostileConnection(port: server.port)
                await chunked.send(head("POST", "/Groups/.search", server) + "\r\nTransfer-Encoding: chunked\r\n\r\n")
                let chunk = Array(String(65536, radix: 16).utf8) + [13, 10] + huge.prefix(65536) + [13, 10]
                for _ in 0..<64 { await chunked.send(chunk) }
                await chunked.send("0\r\n\r\n")
                let chunkedReply = await chunked.response()
                #expect(chunkedReply?.status == 413, "\(String(describing: chunkedReply))")

                // Announces 10 bytes and sends 4 MiB: the 10 bytes are not JSON, and the rest is no request.
                let lying = try HostileConnection(port: server.port)
                await lying.send(Array((head("POST", "/Users", server, contentLength: 10) + "\r\n\r\n").utf8) + huge)
                let short = await lying.response()
                #expect(short?.status == 400, "\(String(describing: short))")
                #expect(await lying.isClosed(within: .seconds(30)))
            }
        }
    }

    @Test func aBodyWithoutLengthOrChunkingIsEmptyAnd400() async throws {
        try await withServer { server, _ in
            let reply = try await server.raw(head("POST", "/Users", server))
            #expect(reply?.status == 400, "\(String(describing: reply))")
            #expect(reply?.text.contains("invalidSyntax") == true)
        }
    }

    @Test func jsonNested100000DeepIs400OnEveryBodyRoute() async throws {
        try await withServer { server, _ in
            let users = try await server.request("POST", "/Users", body: ["userName": "victim"])
            let id = try #require(users.body?["id"]?.stringValue)
            let deep = Array(String(repeating: "[", count: 100_000).utf8)
            let objects = Array(String(repeating: #"{"a":"#, count: 100_000).utf8)
            for path in ["/Users", "/Groups", "/Users/.search", "/.search", "/Bulk"] {
                for body in [deep, objects] {
                    let reply = try await server.raw(head("POST", path, server, contentLength: body.count), body: body)
                    #expect(reply?.status == 400, "\(path): \(String(describing: reply))")
                }
            }
            for method in ["PUT", "PATCH"] {
                let reply = try await server.raw(
                    head(method, "/Users/\(id)", server, contentLength: deep.count), body: deep)
                #expect(reply?.status == 400, "\(method): \(String(describing: reply))")
            }
        }
    }

    @Test func invalidUTF8InBodiesIs400() async throws {
        try await withServer { server, _ in
            let prefix = Array(#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"a"#.utf8)
            for bad: [UInt8] in [
                [0xFF], [0xFE, 0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82],
            ] {
                let body = prefix + bad + Array(#""}"#.utf8)
                let reply = try await server.raw(head("POST", "/Users", server, contentLength: body.count), body: body)
                #expect(reply?.status == 400, "\(bad): \(String(describing: reply))")
            }
            let surrogate = Array(#"{"userName":"\ud800"}"#.utf8)
            let reply = try await server.raw(
                head("POST", "/Users", server, contentLength: surrogate.count), body: surrogate)
            #expect(reply?.status == 400, "\(String(describing: reply))")
            #expect(try await server.request("GET", "/Users").body?["totalResults"] == 0)
        }
    }

    @Test func wrongOrMissingContentTypesAre415() async throws {
        try await withServer { server, _ in
            let body = Array(Self.userJSON.utf8)
            for contentType in [
                nil, "text/plain", "application/x-www-form-urlencoded", "application/json-patch+json", "",
                "application/scim+jsonx",
            ] {
                var head = "POST \(server.wirePath("/Users")) HTTP/1.1\r\nAuthorization: Bearer \(server.token)"
                head += "\r\nContent-Length: \(body.count)"
                if let contentType { head += "\r\nContent-Type: \(contentType)" }
                let reply = try await server.raw(head, body: body)
                #expect(reply?.status == 415, "\(contentType ?? "none"): \(String(describing: reply))")
            }
            #expect(try await server.request("GET", "/Users").body?["totalResults"] == 0)
        }
    }

    // MARK: Filters and query strings

    @Test func aOneMegabyteFilterIs4xxInTheQueryStringAndInASearchBody() async throws {
        try await withServer { server, _ in
            let value = String(repeating: "a", count: 1_000_000)
            let query = try await server.raw(
                "GET \(server.wirePath("/Users?filter=userName%20eq%20%22\(value)%22")) HTTP/1.1\r\n"
                    + "Authorization: Bearer \(server.token)")
            #expect((400..<500).contains(query?.status ?? 0), "\(String(describing: query))")

            let search = Array(
                #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],"filter":"userName eq \"\#(value)\""}"#
                    .utf8)
            for path in ["/Users/.search", "/.search"] {
                let reply = try await server.raw(
                    head("POST", path, server, contentLength: search.count), body: search)
                #expect(reply?.status == 400, "\(path): \(String(describing: reply))")
                #expect(reply?.text.contains("invalidFilter") == true, "\(path): \(String(describing: reply))")
            }
        }
    }

    @Test func invalidUTF8InTheQueryStringIs400() async throws {
        try await withServer { server, _ in
            for query in ["filter=userName%20eq%20%22%FF%22", "filter=%C0%AF", "attributes=%ED%A0%80", "filter=%"] {
                let reply = try await server.raw(
                    "GET \(server.wirePath("/Users?\(query)")) HTTP/1.1\r\nAuthorization: Bearer \(server.token)")
                #expect(reply?.status == 400, "\(query): \(String(describing: reply))")
            }
            // Raw bytes that are not UTF-8, not escaped: refused (400) or the connection closed, never served.
            let connection = try HostileConnection(port: server.port)
            await connection.send(
                Array("GET \(server.wirePath("/Users?filter=userName eq \""))".utf8) + [0xFF, 0xFE]
                    + Array("\" HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(server.token)\r\n\r\n".utf8))
            let reply = await connection.response(timeout: .seconds(20))
            #expect(reply == nil || reply?.status == 400, "\(String(describing: reply))")
        }
    }

    // MARK: Paths

    @Test func encodedPathTraversalInIdsIs404AndTouchesNoFileOutsideTheDirectory() async throws {
        try await withServer { server, folders in
            // A file that a traversal from users/ would reach: <root>/victim.json.
            let victim = folders.root.appendingPathComponent("victim.json")
            let victimText = #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"victim","userName":"v"}"#
            try Data(victimText.utf8).write(to: victim)
            let before = Self.tree(folders.root)
            let ids = [
                "..%2F..%2Fvictim", "..%2F..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e%2fvictim",
                "%2E%2E", "..", "%2e%2e", ".%2e", "%2Fetc%2Fpasswd", "%2F%2Fetc%2Fpasswd", "..%5C..%5Cvictim",
                "%252e%252e%252fvictim", "..%00.json", "victim%00", "..;%2F..%2Fvictim", "....%2F%2F....%2F%2Fvictim",
            ]
            let put = Array(Self.userJSON.utf8)
            for id in ids {
                for endpoint in ["/Users/", "/Groups/"] {
                    for method in ["GET", "PUT", "PATCH", "DELETE"] {
                        let body: [UInt8] =
                            method == "PATCH"
                            ? Array(
                                #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"userName","value":"x"}]}"#
                                    .utf8)
                            : method == "PUT" ? put : []
                        let reply = try await server.raw(
                            head(method, endpoint + id, server, contentLength: body.count), body: body)
                        let status = reply?.status ?? 0
                        #expect(
                            (400..<500).contains(status), "\(method) \(endpoint)\(id): \(String(describing: reply))")
                        #expect(status != 401, "\(method) \(endpoint)\(id) was not authenticated")
                    }
                }
            }
            // Absolute and dot-segment paths, unencoded, and the same through /Bulk.
            for path in ["/Users//etc/passwd", "/Users/../../../victim", "/Users/./../../victim.json"] {
                let reply = try await server.raw(
                    "GET \(server.wirePath(path)) HTTP/1.1\r\nAuthorization: Bearer \(server.token)")
                #expect((400..<500).contains(reply?.status ?? 0), "\(path): \(String(describing: reply))")
            }
            let bulk = try await server.request(
                "POST", "/Bulk",
                body: [
                    "schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
                    "Operations": .array(
                        ["/Users/../../victim", "/Users/..%2F..%2Fvictim", "/Users/%2e%2e", "/../victim"].map {
                            ["method": "DELETE", "path": .string($0)]
                        }),
                ])
            let statuses = bulk.body?["Operations"]?.arrayValue?.compactMap { $0["status"]?.stringValue } ?? []
            #expect(statuses.count == 4 && statuses.allSatisfy { $0.hasPrefix("4") }, "\(statuses)")

            #expect(try String(contentsOf: victim, encoding: .utf8) == victimText)
            #expect(Self.tree(folders.root) == before, "a file appeared or vanished outside users/ and groups/")
            #expect(try await server.request("GET", "/Users").body?["totalResults"] == 0)
        }
    }

    /// Every path under `root` but the server's log files and the outbox, for comparing before and after.
    static func tree(_ root: URL) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: root.path)
        var paths: [String] = []
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix(".log") || path.contains("outbox") { continue }
            paths.append(path)
        }
        return paths.sorted()
    }

    // MARK: Headers

    @Test func missingMalformedRepeatedOrWrongAuthorizationIs401() async throws {
        try await withServer { server, _ in
            let path = server.wirePath("/Users")
            let token = server.token
            let heads = [
                "GET \(path) HTTP/1.1",
                "GET \(path) HTTP/1.1\r\nAuthorization:",
                "GET \(path) HTTP/1.1\r\nAuthorization: Bearer",
                "GET \(path) HTTP/1.1\r\nAuthorization: Bearer ",
                "GET \(path) HTTP/1.1\r\nAuthorization: Basic c2NpbWRpcjpzY2ltZGly",
                "GET \(path) HTTP/1.1\r\nAuthorization: \(token)",
                "GET \(path) HTTP/1.1\r\nAuthorization: Bearer \(token) \(token)",
                "GET \(path) HTTP/1.1\r\nAuthorization: Bearer \(token)\r\nAuthorization: Bearer \(token)",
                "GET \(path) HTTP/1.1\r\nAuthorization: Bearer \(token), Bearer \(token)",
                "GET \(path) HTTP/1.1\r\nAuthorization: Bearer \(token.dropLast())",
                "GET \(path) HTTP/1.1\r\nAuthorization: Bearer \(token.prefix(9))",
                "GET \(path) HTTP/1.1\r\nAuthorization: Bearer \(token)x",
                "GET \(path) HTTP/1.1\r\nAuthorization: Bearer \(token.uppercased())",
                "GET \(path) HTTP/1.1\r\nAuthorization: Bearer \(String(repeating: "A", count: 60_000))",
                "GET \(path) HTTP/1.1\r\nX-Authorization: Bearer \(token)",
            ]
            for head in heads {
                let reply = try await server.raw(head)
                #expect(reply?.status == 401, "\(head.prefix(120)): \(String(describing: reply))")
                #expect(reply?.headers["www-authenticate"]?.hasPrefix("Bearer") == true)
                #expect(reply?.text.contains(token) == false)
            }
            #expect(try await server.raw("GET \(path) HTTP/1.1\r\nAuthorization: bearer \(token)")?.status == 200)
        }
    }

    /// Hummingbird answers what its HTTP parser refuses with 400 and closes the connection.
    @Test func aVeryLongHeaderOrVeryManyHeadersAre400AndTheConnectionCloses() async throws {
        try await withServer { server, _ in
            let path = server.wirePath("/Users")
            let long = try await server.raw(
                "GET \(path) HTTP/1.1\r\nAuthorization: Bearer \(server.token)\r\nX-Long: "
                    + String(repeating: "x", count: 200_000))
            #expect(long?.status == 400 && long?.headers["connection"] == "close", "\(String(describing: long))")
            let many = try await server.raw(
                "GET \(path) HTTP/1.1\r\nAuthorization: Bearer \(server.token)\r\n"
                    + (0..<5000).map { "X-H\($0): v" }.joined(separator: "\r\n"))
            #expect(many?.status == 400 && many?.headers["connection"] == "close", "\(String(describing: many))")
        }
    }

    // MARK: Connections

    @Test func aClientSendingAHeaderByteEverySecondIsCutOffByTheReadTimeout() async throws {
        try await withServer(arguments: ["--read-timeout", "2s"]) { server, _ in
            let start = ContinuousClock.now
            let connection = try HostileConnection(port: server.port)
            let head = Array(
                "GET \(server.wirePath("/Users")) HTTP/1.1\r\nHost: x\r\nX-Slow: \(String(repeating: "s", count: 40))"
                    .utf8)
            var closed = false
            for byte in head {
                await connection.send([byte])
                if await connection.isClosed(within: .seconds(1)) {
                    closed = true
                    break
                }
            }
            #expect(closed, "a slow head of \(head.count) bytes kept its connection")
            #expect(ContinuousClock.now - start < .seconds(30))
        }
    }

    @Test func aClientTricklingItsBodyOrIdlingIsCutOffByTheReadTimeout() async throws {
        try await withServer(arguments: ["--read-timeout", "2s"]) { server, _ in
            let body = Array(Self.userJSON.utf8)
            let trickle = try HostileConnection(port: server.port)
            await trickle.send(head("POST", "/Users", server, contentLength: body.count) + "\r\n\r\n")
            var closed = false
            for byte in body {
                await trickle.send([byte])
                if await trickle.isClosed(within: .milliseconds(500)) {
                    closed = true
                    break
                }
            }
            #expect(closed, "a body sent two bytes a second kept its connection")

            // A keep-alive connection with nothing to say is closed too.
            let idle = try HostileConnection(port: server.port)
            await idle.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(await idle.response()?.status == 200)
            #expect(await idle.isClosed(within: .seconds(20)))
            #expect(try await server.request("GET", "/Users").body?["totalResults"] == 0)
        }
    }

    @Test func theReadTimeoutIsThirtySecondsByDefault() async throws {
        try await withServer { server, _ in
            let serving = try #require(server.logLines("serving SCIM").first)
            #expect(serving["readTimeout"] == "30s", "\(serving)")
        }
    }

    @Test func http10AndPipelinedRequestsAreAnswered() async throws {
        try await withServer { server, _ in
            let old = try HostileConnection(port: server.port)
            await old.send("GET /healthz HTTP/1.0\r\n\r\n")
            let answer = await old.response()
            #expect(answer?.status == 200 && answer?.headers["connection"] == "close", "\(String(describing: answer))")
            #expect(await old.isClosed(within: .seconds(20)))
            let kept = try HostileConnection(port: server.port)
            await kept.send("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(await kept.response()?.status == 200)
            await kept.send("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(await kept.response()?.status == 200)

            let pipelined = try HostileConnection(port: server.port)
            let users =
                "GET \(server.wirePath("/Users")) HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(server.token)\r\n\r\n"
            await pipelined.send(
                "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n" + users + "GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n" + users)
            var statuses: [Int] = []
            for _ in 0..<4 { statuses.append(await pipelined.response()?.status ?? 0) }
            #expect(statuses == [200, 200, 404, 200])

            // A request line that is no HTTP at all.
            let garbage = try HostileConnection(port: server.port)
            await garbage.send("\u{16}\u{03}\u{01}\u{02}\u{00}\u{01}\u{00}\u{01}\u{fc}\u{03}\u{03} not http\r\n\r\n")
            let reply = await garbage.response(timeout: .seconds(20))
            #expect(reply == nil || reply?.status == 400, "\(String(describing: reply))")
        }
    }
}
