import DirectoryStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SCIM
import SCIMServer
import Testing

/// Bearer authentication on every SCIM route (ARCHITECTURE §8, RFC 6750, RFC 7644 §2).
@Suite struct AuthenticationHTTPTests {
    static func expectUnauthorized(_ reply: SCIMReply, _ comment: Comment? = nil) {
        #expect(reply.status == 401, comment)
        #expect(reply.header(.wwwAuthenticate)?.hasPrefix("Bearer") == true, comment)
        #expect(reply.isSCIMError, comment)
    }

    @Test func aRequestWithoutAuthorizationIs401WithABearerChallenge() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            for path in ["/Users", "/Groups", "/ServiceProviderConfig", "/Schemas", "/ResourceTypes", "/Me", "/Bulk"] {
                Self.expectUnauthorized(
                    try await client.scim(.get, path, server: server, authorization: .some(nil)), "\(path)")
            }
            let post = try await client.scim(
                .post, "/Users", server: server, body: ["userName": "mallory"], authorization: .some(nil))
            Self.expectUnauthorized(post)
            let files = try FileManager.default.contentsOfDirectory(atPath: server.directory.path + "/users")
            #expect(files.isEmpty)
        }
    }

    /// Known paths with a method they do not serve, and spellings of the base path, must not reveal anything
    /// without the token.
    @Test func everyMethodOnEveryPathUnderTheBasePathNeedsTheToken() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let base = server.configuration.basePath
            let paths = [
                "/Users", "/Users/x", "/Users/.search", "/Groups", "/Groups/x", "/Groups/.search", "/Bulk", "/.search",
                "/Me", "/ServiceProviderConfig", "/Schemas/x", "/ResourceTypes/User", "/nothing/here", "", "/",
            ]
            for path in paths {
                for method in [HTTPRequest.Method.get, .post, .put, .patch, .delete, .options, .head] {
                    let reply = try await client.raw(method, base + path, headers: [:])
                    #expect(reply.status == 401, "\(method) \(path)")
                    #expect(reply.header(.wwwAuthenticate)?.hasPrefix("Bearer") == true, "\(method) \(path)")
                }
            }
            for spelling in [
                "/" + base + "/Users", base + "//Users", base + "/Users/", "//" + base.dropFirst() + "/Groups",
            ] {
                let reply = try await client.raw(.get, spelling, headers: [:])
                #expect(reply.status == 401, "\(spelling)")
            }
        }
    }

    @Test func withTheTokenAMethodAPathDoesNotServeIsASCIMError() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            for (method, path) in [
                (HTTPRequest.Method.get, "/Bulk"), (.put, "/Users"), (.post, "/Users/x"), (.get, "/.search"),
            ] {
                let reply = try await client.scim(method, path, server: server)
                #expect([404, 405].contains(reply.status), "\(method) \(path)")
                #expect(reply.isSCIMError, "\(method) \(path)")
            }
        }
    }

    @Test(arguments: [
        "Basic YWxhZGRpbjpvcGVuc2VzYW1l", "Bearer", "Bearer ", "Bearer a b", "Token abc", "scimdir_abc", "Bearer\tabc",
    ])
    func aMalformedAuthorizationIs401(_ header: String) async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            Self.expectUnauthorized(try await client.scim(.get, "/Users", server: server, authorization: .some(header)))
        }
    }

    @Test func aWrongTokenIs401WithInvalidToken() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let reply = try await client.scim(
                .get, "/Users", server: server, authorization: .some("Bearer \(server.token)x"))
            Self.expectUnauthorized(reply)
            #expect(reply.header(.wwwAuthenticate)?.contains("invalid_token") == true)
        }
    }

    @Test func aRepeatedAuthorizationHeaderIs401EvenWhenBothCarryTheToken() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            var headers = HTTPFields()
            headers.append(HTTPField(name: .authorization, value: "Bearer \(server.token)"))
            headers.append(HTTPField(name: .authorization, value: "Bearer \(server.token)"))
            let reply = try await client.raw(.get, server.configuration.basePath + "/Users", headers: headers)
            Self.expectUnauthorized(reply)
        }
    }

    @Test func theSchemeIsCaseInsensitive() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let reply = try await client.scim(
                .get, "/Users", server: server, authorization: .some("bearer \(server.token)"))
            #expect(reply.status == 200)
        }
    }

    @Test func rotatingTheTokenRejectsTheOldOneAtOnceAndAcceptsTheNewOne() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            #expect(try await client.scim(.get, "/Users", server: server).status == 200)
            let newToken = try TokenStore(stateDirectory: server.stateDirectory).rotate()
            Self.expectUnauthorized(try await client.scim(.get, "/Users", server: server))
            let reply = try await client.scim(
                .get, "/Users", server: server, authorization: .some("Bearer \(newToken)"))
            #expect(reply.status == 200)
        }
    }

    @Test func withoutATokenFileEveryRequestIsRejected() async throws {
        let server = try await TestServer.make()
        try FileManager.default.removeItem(at: TokenStore(stateDirectory: server.stateDirectory).file)
        try await server.test { client in
            Self.expectUnauthorized(try await client.scim(.get, "/Users", server: server))
        }
    }

    @Test func theTokenIsStoredOnlyAsAHashInAPrivateFile() throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("scimdir-token-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: state) }
        let store = TokenStore(stateDirectory: state)
        #expect(store.status().created == nil)
        let token = try #require(try store.createIfMissing())
        #expect(try store.createIfMissing() == nil)
        #expect(token.hasPrefix("scimdir_") && token.count == 8 + 43)
        let text = try String(contentsOf: store.file, encoding: .utf8)
        #expect(!text.contains(token) && !text.contains(String(token.dropFirst(8))))
        let attributes = try FileManager.default.attributesOfItem(atPath: store.file.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(store.status().created != nil)
        #expect(TokenVerifier(store: store).verify(token))
        #expect(!TokenVerifier(store: store).verify(token + "x"))
    }

    @Test func unknownPathsUnderTheBasePathAre401WithoutTokenAnd404WithIt() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            for path in ["/Nope", "/Users/a/b/c", "/v1/Users"] {
                Self.expectUnauthorized(
                    try await client.scim(.get, path, server: server, authorization: .some(nil)), "\(path)")
                let reply = try await client.scim(.get, path, server: server)
                #expect(reply.status == 404, "\(path)")
                #expect(reply.isSCIMError, "\(path)")
            }
        }
    }

    @Test func meIs501WithTheTokenAnd401WithoutIt() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let reply = try await client.scim(.get, "/Me", server: server)
            #expect(reply.status == 501)
            #expect(reply.isSCIMError)
            Self.expectUnauthorized(try await client.scim(.get, "/Me", server: server, authorization: .some(nil)))
        }
    }
}
