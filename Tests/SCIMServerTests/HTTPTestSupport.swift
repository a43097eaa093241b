import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SCIM
import SCIMServer
import Testing

/// A response as the HTTP tests look at it.
struct SCIMReply: Sendable {
    var status: Int
    var headers: HTTPFields
    var bytes: [UInt8]

    /// The body parsed as JSON, or `nil` when it is empty or not JSON.
    var json: JSONValue? { try? JSONParser().parse(bytes) }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    func header(_ name: HTTPField.Name) -> String? { headers[name] }

    /// Whether the body is a SCIM Error message (RFC 7644 §3.12) with `status` as a string equal to the HTTP status.
    var isSCIMError: Bool {
        guard let json else { return false }
        return json["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
            && json["status"] == .string(String(status))
            && header(.contentType)?.hasPrefix("application/scim+json") == true
    }

    var scimType: String? { json?["scimType"]?.stringValue }
}

extension TestClientProtocol {
    /// Sends a request; `path` is appended to `server`'s base path. The token is sent unless `authorization` says
    /// otherwise (`nil` sends no `Authorization` header).
    func scim(
        _ method: HTTPRequest.Method, _ path: String, server: TestServer, body: JSONValue? = nil,
        authorization: String?? = .none, contentType: String? = "application/scim+json",
        headers extra: HTTPFields = [:]
    ) async throws -> SCIMReply {
        var headers = HTTPFields()
        switch authorization {
        case .none: headers[.authorization] = "Bearer \(server.token)"
        case .some(.none): break
        case .some(.some(let value)): headers[.authorization] = value
        }
        if body != nil, let contentType { headers[.contentType] = contentType }
        headers.append(contentsOf: extra)
        let buffer = body.map { ByteBuffer(bytes: JSONWriter.compact.bytes($0)) }
        return try await raw(method, server.configuration.basePath + path, headers: headers, body: buffer)
    }

    /// Sends a request exactly as given.
    func raw(_ method: HTTPRequest.Method, _ uri: String, headers: HTTPFields, body: ByteBuffer? = nil) async throws
        -> SCIMReply
    {
        let response = try await execute(uri: uri, method: method, headers: headers, body: body)
        return SCIMReply(
            status: Int(response.status.code), headers: response.headers, bytes: Array(response.body.readableBytesView))
    }

    /// Creates a user and returns its id.
    func createUser(_ userName: String, server: TestServer, _ extra: JSONObject = [:]) async throws -> String {
        var body: JSONObject = [
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": .string(userName),
        ]
        body.merge(extra) { _, new in new }
        let reply = try await scim(.post, "/Users", server: server, body: .object(body))
        try #require(reply.status == 201, "\(reply.text)")
        return try #require(reply.json?["id"]?.stringValue)
    }

    /// Creates a group and returns its id.
    func createGroup(_ displayName: String, members: [String] = [], server: TestServer) async throws -> String {
        var body: JSONObject = [
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": .string(displayName),
        ]
        if !members.isEmpty { body["members"] = .array(members.map { ["value": .string($0)] }) }
        let reply = try await scim(.post, "/Groups", server: server, body: .object(body))
        try #require(reply.status == 201, "\(reply.text)")
        return try #require(reply.json?["id"]?.stringValue)
    }
}

/// A PatchOp body.
func patchBody(_ operations: JSONValue...) -> JSONValue {
    ["schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": .array(operations)]
}

/// The ids of a ListResponse's resources, in order.
func resourceIDs(_ reply: SCIMReply) -> [String] {
    reply.json?["Resources"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
}
