import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SCIM
import SCIMServer
import Testing

/// Truncated and deeply nested `POST`, `PUT` and `PATCH` bodies, sent through the router as a client sends them, get a
/// 400 SCIM Error with `invalidSyntax` or `invalidValue` and a detail, never a crash (issue 2: validation never
/// crashes on malformed input).
@Suite struct MalformedBodyHTTPTests {
    /// A request that must be refused: the method, the path relative to the base path (`{id}` is the existing user),
    /// the body and the `scimType` of the answer.
    struct Refused: CustomTestStringConvertible, Sendable {
        var method: HTTPRequest.Method
        var path: String
        var body: String
        var scimType: String

        var testDescription: String { "\(method) \(path) \(body.prefix(40))… (\(body.utf8.count) bytes)" }
    }

    /// A user body whose `member` holds `value` (JSON text).
    static func user(_ member: String, _ value: String) -> String {
        #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"nested","\#(member)":\#(value)}"#
    }

    /// A PatchOp body with one operation (`operation` is its JSON text).
    static func patch(_ operation: String) -> String {
        #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[\#(operation)]}"#
    }

    /// `levels` arrays around a string. The JSON parser refuses more than 64 levels (the body is level 1), so 10,000
    /// never reaches validation, and 55 inside a body does.
    static func arrays(_ levels: Int) -> String {
        String(repeating: "[", count: levels) + #""x""# + String(repeating: "]", count: levels)
    }

    /// `levels` objects `{"value": …}` around a string.
    static func objects(_ levels: Int) -> String {
        String(repeating: #"{"value":"#, count: levels) + #""x""# + String(repeating: "}", count: levels)
    }

    /// `POST /Users` and `PUT /Users/{id}` of each body.
    static func createAndReplace(_ bodies: [String], _ scimType: String) -> [Refused] {
        bodies.flatMap {
            [
                Refused(method: .post, path: "/Users", body: $0, scimType: scimType),
                Refused(method: .put, path: "/Users/{id}", body: $0, scimType: scimType),
            ]
        }
    }

    /// `PATCH /Users/{id}` of each body.
    static func patchUser(_ bodies: [String], _ scimType: String) -> [Refused] {
        bodies.map { Refused(method: .patch, path: "/Users/{id}", body: $0, scimType: scimType) }
    }

    static let tooDeep = [String(repeating: "[", count: 10_000), String(repeating: #"{"a":"#, count: 10_000)]

    /// Nested deeper than the JSON parser goes, and nested within its depth where an attribute or an operation member
    /// is expected, so that validation and the PATCH engine see them.
    static let nestedBodies: [Refused] =
        createAndReplace(tooDeep + [user("name", arrays(10_000)), user("name", objects(10_000))], "invalidSyntax")
        + createAndReplace(
            [
                user("name", #"{"givenName":\#(arrays(55))}"#), user("name", objects(55)), user("emails", arrays(55)),
                user("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", #"{"manager":\#(objects(55))}"#),
                user("active", objects(55)),
            ], "invalidValue")
        + patchUser(tooDeep + [patch(arrays(10_000))], "invalidSyntax")
        + patchUser(
            [
                patch(#"{"op":"add","path":"title","value":\#(arrays(55))}"#),
                patch(#"{"op":"replace","value":{"name":{"givenName":\#(objects(55))}}}"#),
                patch(#"{"op":"add","path":"emails","value":\#(arrays(55))}"#),
                patch(#"{"op":"replace","path":"active","value":\#(objects(55))}"#),
            ], "invalidValue")
        + patchUser([patch(#"{"op":\#(objects(55)),"path":"title","value":"x"}"#)], "invalidSyntax")

    @Test(arguments: nestedBodies)
    func deeplyNestedBodiesAre400(_ refused: Refused) async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let id = try await client.createUser("alice", server: server)
            let reply = try await client.send(refused.method, refused.path, body: refused.body, id: id, server: server)
            Self.expectRefusal(reply, refused)
            #expect(try await client.scim(.get, "/Users/\(id)", server: server).json?["userName"] == "alice")
        }
    }

    @Test func everyPrefixOfEntraCreateAndPatchBodiesIsInvalidSyntax() async throws {
        let transcript = try Transcript(named: "entra-user-lifecycle")
        func body(_ method: String, withOperations count: Int = 0) throws -> String {
            let step = try #require(
                transcript.steps.first {
                    $0.method == method && ($0.body?["Operations"]?.arrayValue?.count ?? 0) == count
                })
            return JSONWriter.compact.string(try #require(step.body))
        }
        let create = try body("POST")
        // Entra's multi-operation PATCH; its manager is a user captured during the replay, here alice herself.
        let patchWithPlaceholder = try body("PATCH", withOperations: 5)
        let server = try await TestServer.make()
        try await server.test { client in
            let id = try await client.createUser("alice", server: server)
            let patch = patchWithPlaceholder.replacingOccurrences(of: "{carol.id}", with: id)
            func prefixes(_ body: String) -> [String] {
                (0..<body.utf8.count).map { String(decoding: body.utf8.prefix($0), as: UTF8.self) }
            }
            let truncated =
                Self.createAndReplace(prefixes(create), "invalidSyntax")
                + Self.patchUser(prefixes(patch), "invalidSyntax")
            for refused in truncated {
                Self.expectRefusal(
                    try await client.send(refused.method, refused.path, body: refused.body, id: id, server: server),
                    refused)
            }
            // The whole bodies are accepted, so every refusal above was the truncation's doing.
            let replaced = try await client.send(.put, "/Users/{id}", body: create, id: id, server: server)
            #expect(replaced.status == 200, "\(replaced.text)")
            let patched = try await client.send(.patch, "/Users/{id}", body: patch, id: id, server: server)
            #expect(patched.status == 200, "\(patched.text)")
        }
    }

    /// A 400 SCIM Error with the `scimType` `refused` expects and a detail.
    static func expectRefusal(
        _ reply: SCIMReply, _ refused: Refused, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let comment = Comment(rawValue: "\(refused.testDescription): \(reply.text.prefix(300))")
        #expect(reply.status == 400, comment, sourceLocation: sourceLocation)
        #expect(reply.isSCIMError, comment, sourceLocation: sourceLocation)
        #expect(reply.scimType == refused.scimType, comment, sourceLocation: sourceLocation)
        #expect(reply.json?["detail"]?.stringValue?.isEmpty == false, comment, sourceLocation: sourceLocation)
    }
}

extension TestClientProtocol {
    /// Sends `body` with the token, `{id}` in `path` (relative to the base path) replaced by `id`.
    fileprivate func send(
        _ method: HTTPRequest.Method, _ path: String, body: String, id: String, server: TestServer
    ) async throws -> SCIMReply {
        let headers: HTTPFields = [.authorization: "Bearer \(server.token)", .contentType: "application/scim+json"]
        return try await raw(
            method, server.configuration.basePath + path.replacingOccurrences(of: "{id}", with: id), headers: headers,
            body: ByteBuffer(string: body))
    }
}
