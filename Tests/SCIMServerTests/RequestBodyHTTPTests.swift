import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SCIM
import SCIMServer
import Testing

/// Media types, body limits and malformed bodies (RFC 7644 §3.1, §3.8, §3.12; ARCHITECTURE §8).
@Suite struct RequestBodyHTTPTests {
    static let alice: JSONValue = ["schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "alice"]

    @Test(arguments: [
        "application/scim+json", "application/json", "application/scim+json; charset=utf-8",
        "application/json;charset=UTF-8", "APPLICATION/SCIM+JSON",
    ])
    func acceptedMediaTypesCreate(_ contentType: String) async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let reply = try await client.scim(
                .post, "/Users", server: server, body: Self.alice, contentType: contentType)
            #expect(reply.status == 201, "\(reply.text)")
            #expect(reply.header(.contentType) == "application/scim+json")
        }
    }

    @Test(arguments: [nil, "text/plain", "application/xml", "application/jsonp", "multipart/form-data"])
    func missingOrWrongMediaTypesAre415(_ contentType: String?) async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            var headers: HTTPFields = [.authorization: "Bearer \(server.token)"]
            if let contentType { headers[.contentType] = contentType }
            for (method, path) in [(HTTPRequest.Method.post, "/Users"), (.post, "/Users/.search"), (.post, "/Bulk")] {
                let reply = try await client.raw(
                    method, server.configuration.basePath + path, headers: headers,
                    body: ByteBuffer(bytes: JSONWriter.compact.bytes(Self.alice)))
                #expect(reply.status == 415, "\(path) \(contentType ?? "none")")
                #expect(reply.isSCIMError)
            }
        }
    }

    @Test func aBodyOverTheLimitIs413AndOneAtTheLimitIsRead() async throws {
        let server = try await TestServer.make(configuration: .init(maxPayloadSize: 2048))
        try await server.test { client in
            func body(size: Int) -> ByteBuffer {
                let prefix = #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"u"#
                let suffix = #""}"#
                return ByteBuffer(
                    string: prefix + String(repeating: "x", count: size - prefix.utf8.count - suffix.utf8.count)
                        + suffix)
            }
            let headers: HTTPFields = [.authorization: "Bearer \(server.token)", .contentType: "application/scim+json"]
            let over = try await client.raw(
                .post, server.configuration.basePath + "/Users", headers: headers, body: body(size: 2049))
            #expect(over.status == 413)
            #expect(over.isSCIMError)
            let at = try await client.raw(
                .post, server.configuration.basePath + "/Users", headers: headers, body: body(size: 2048))
            #expect(at.status == 201, "\(at.text)")
        }
    }

    @Test func aHugeBodyIs413AndTheServerKeepsServing() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let headers: HTTPFields = [.authorization: "Bearer \(server.token)", .contentType: "application/scim+json"]
            let huge = ByteBuffer(repeating: UInt8(ascii: " "), count: 3 << 20)
            for path in ["/Users", "/Groups/.search", "/Bulk", "/.search"] {
                let reply = try await client.raw(
                    .post, server.configuration.basePath + path, headers: headers, body: huge)
                #expect(reply.status == 413, "\(path)")
            }
            #expect(try await client.scim(.get, "/Users", server: server).status == 200)
        }
    }

    @Test func invalidJSONIs400InvalidSyntaxWithThePosition() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let headers: HTTPFields = [.authorization: "Bearer \(server.token)", .contentType: "application/scim+json"]
            let reply = try await client.raw(
                .post, server.configuration.basePath + "/Users", headers: headers,
                body: ByteBuffer(string: "{\n  \"userName\": \"alice\",\n}"))
            #expect(reply.status == 400)
            #expect(reply.scimType == "invalidSyntax")
            #expect(reply.json?["detail"]?.stringValue?.contains("line 3") == true, "\(reply.text)")
            #expect(reply.isSCIMError)
        }
    }

    @Test(arguments: [
        "", "[]", "\"text\"", "null", "{\"userName\": \"a\"} trailing", String(repeating: "[", count: 10_000),
        String(repeating: "{\"a\":", count: 5_000),
    ])
    func bodiesThatAreNotAnObjectAre400(_ text: String) async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let headers: HTTPFields = [.authorization: "Bearer \(server.token)", .contentType: "application/scim+json"]
            for path in ["/Users", "/Bulk", "/Users/.search"] {
                let reply = try await client.raw(
                    .post, server.configuration.basePath + path, headers: headers, body: ByteBuffer(string: text))
                #expect(reply.status == 400, "\(path) \(text.prefix(20))")
                #expect(reply.isSCIMError)
            }
        }
    }

    @Test func overlongAndDeeplyNestedFiltersAre400() async throws {
        let server = try await TestServer.make(configuration: .init(maxFilterLength: 200))
        try await server.test { client in
            let long = "userName eq \"" + String(repeating: "a", count: 300) + "\""
            let deep = String(repeating: "(", count: 60) + "userName eq \"a\"" + String(repeating: ")", count: 60)
            for filter in [long, deep, "userName eq", "userName xx \"a\"", "(userName eq \"a\""] {
                let encoded = filter.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                let reply = try await client.scim(.get, "/Users?filter=\(encoded)", server: server)
                #expect(reply.status == 400, "\(filter.prefix(30))")
                #expect(reply.scimType == "invalidFilter", "\(filter.prefix(30)) \(reply.text)")
            }
        }
    }
}
