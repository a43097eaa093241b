import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SCIM
import SCIMServer
import Testing

/// `/Bulk` (RFC 7644 §3.7) and the discovery endpoints (§4).
@Suite struct BulkAndDiscoveryHTTPTests {
    static func bulk(_ operations: [JSONValue], failOnErrors: Int? = nil) -> JSONValue {
        var body: JSONObject = [
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], "Operations": .array(operations),
        ]
        if let failOnErrors { body["failOnErrors"] = .integer(failOnErrors) }
        return .object(body)
    }

    static func createUser(_ bulkId: String, _ userName: String) -> JSONValue {
        [
            "method": "POST", "path": "/Users", "bulkId": .string(bulkId),
            "data": ["schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": .string(userName)],
        ]
    }

    static func createGroup(_ bulkId: String, _ name: String, members: [String]) -> JSONValue {
        [
            "method": "POST", "path": "/Groups", "bulkId": .string(bulkId),
            "data": [
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": .string(name),
                "members": .array(members.map { ["value": .string($0)] }),
            ],
        ]
    }

    static func operations(_ reply: SCIMReply) -> [JSONValue] { reply.json?["Operations"]?.arrayValue ?? [] }

    @Test func bulkIdReferencesResolveIncludingForwardReferences() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let reply = try await client.scim(
                .post, "/Bulk", server: server,
                body: Self.bulk([
                    Self.createGroup("g", "Engineering", members: ["bulkId:alice", "bulkId:bob"]),
                    Self.createUser("alice", "alice@example.com"),
                    Self.createUser("bob", "bob@example.com"),
                    [
                        "method": "PATCH", "path": "/Users/bulkId:bob",
                        "data": patchBody(["op": "replace", "path": "active", "value": false]),
                    ],
                ]))
            #expect(reply.status == 200)
            #expect(reply.json?["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:BulkResponse"])
            let results = Self.operations(reply)
            #expect(results.count == 4)
            #expect(results.allSatisfy { ["200", "201"].contains($0["status"]?.stringValue ?? "") }, "\(reply.text)")
            let group = try #require(results.first { $0["bulkId"] == "g" })
            let groupLocation = try #require(group["location"]?.stringValue)
            #expect(group["version"]?.stringValue?.hasPrefix("W/") == true)
            let groupID = String(groupLocation.split(separator: "/").last!)
            let read = try await client.scim(.get, "/Groups/\(groupID)", server: server)
            #expect(read.json?["members"]?.arrayValue?.count == 2)
            let bob = try await client.scim(
                .get, "/Users?filter=userName%20eq%20%22bob%40example.com%22", server: server)
            #expect(bob.json?["Resources"]?.arrayValue?.first?["active"] == false)
        }
    }

    @Test func failOnErrorsStopsAfterThatManyErrors() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            _ = try await client.createUser("taken@example.com", server: server)
            let reply = try await client.scim(
                .post, "/Bulk", server: server,
                body: Self.bulk(
                    [Self.createUser("a", "taken@example.com"), Self.createUser("b", "fresh@example.com")],
                    failOnErrors: 1))
            let results = Self.operations(reply)
            #expect(results.count == 1)
            #expect(results.first?["status"] == "409")
            #expect(results.first?["response"]?["scimType"] == "uniqueness")
            let fresh = try await client.scim(
                .get, "/Users?filter=userName%20eq%20%22fresh%40example.com%22", server: server)
            #expect(fresh.json?["totalResults"] == 0)
        }
    }

    @Test func withoutFailOnErrorsEveryOperationRuns() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            _ = try await client.createUser("taken@example.com", server: server)
            let reply = try await client.scim(
                .post, "/Bulk", server: server,
                body: Self.bulk([Self.createUser("a", "taken@example.com"), Self.createUser("b", "fresh@example.com")]))
            #expect(Self.operations(reply).compactMap { $0["status"]?.stringValue } == ["409", "201"])
        }
    }

    @Test func moreOperationsThanMaxOperationsIs413() async throws {
        let server = try await TestServer.make(configuration: .init(maxBulkOperations: 2))
        try await server.test { client in
            let reply = try await client.scim(
                .post, "/Bulk", server: server,
                body: Self.bulk([Self.createUser("a", "a"), Self.createUser("b", "b"), Self.createUser("c", "c")]))
            #expect(reply.status == 413)
            #expect(reply.isSCIMError)
            #expect(try await client.scim(.get, "/Users", server: server).json?["totalResults"] == 0)
            let config = try await client.scim(.get, "/ServiceProviderConfig", server: server)
            #expect(config.json?["bulk"]?["maxOperations"] == 2)
            #expect(config.json?["bulk"]?["maxPayloadSize"] == .integer(server.configuration.maxPayloadSize))
            #expect(config.json?["bulk"]?["supported"] == true)
        }
    }

    @Test func circularAndUndefinedBulkIdsAre409AndCreateNothing() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let reply = try await client.scim(
                .post, "/Bulk", server: server,
                body: Self.bulk([
                    Self.createGroup("a", "A", members: ["bulkId:b"]),
                    Self.createGroup("b", "B", members: ["bulkId:a"]),
                    Self.createGroup("c", "C", members: ["bulkId:nowhere"]),
                ]))
            #expect(reply.status == 200)
            let results = Self.operations(reply)
            #expect(results.count == 3)
            #expect(results.allSatisfy { $0["status"] == "409" && $0["response"]?["status"] == "409" }, "\(reply.text)")
            #expect(try await client.scim(.get, "/Groups", server: server).json?["totalResults"] == 0)
        }
    }

    @Test func bulkVersionIsIfMatch() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let id = try await client.createUser("alice@example.com", server: server)
            let reply = try await client.scim(
                .post, "/Bulk", server: server,
                body: Self.bulk([
                    ["method": "DELETE", "path": .string("/Users/\(id)"), "version": #"W/"stale""#]
                ]))
            #expect(Self.operations(reply).first?["status"] == "412")
            #expect(try await client.scim(.get, "/Users/\(id)", server: server).status == 200)
        }
    }

    @Test func badBulkOperationsAreReportedPerOperation() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let reply = try await client.scim(
                .post, "/Bulk", server: server,
                body: Self.bulk([
                    ["method": "GET", "path": "/Users"], ["method": "POST", "path": "/Widgets", "data": [:]],
                    ["method": "POST", "path": "/Users/../Groups", "data": [:]],
                ]))
            #expect(reply.status == 200)
            let statuses = Self.operations(reply).compactMap { $0["status"]?.stringValue }
            #expect(statuses.count == 3 && statuses.allSatisfy { $0.hasPrefix("4") }, "\(reply.text)")
        }
    }

    // MARK: Discovery

    @Test func discoveryIsReadableWithTheTokenAndOtherMethodsAre405() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            for path in [
                "/ServiceProviderConfig", "/ResourceTypes", "/ResourceTypes/User", "/Schemas",
                "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User",
            ] {
                let read = try await client.scim(.get, path, server: server)
                #expect(read.status == 200, "\(path)")
                #expect(read.header(.contentType) == "application/scim+json")
                for method in [HTTPRequest.Method.post, .put, .patch, .delete] {
                    let reply = try await client.scim(method, path, server: server, body: [:])
                    #expect(reply.status == 405, "\(method) \(path)")
                    #expect(reply.isSCIMError, "\(method) \(path)")
                }
            }
            #expect(try await client.scim(.get, "/ResourceTypes/Widget", server: server).status == 404)
            #expect(try await client.scim(.get, "/Schemas/urn:nope", server: server).status == 404)
        }
    }

    @Test func serviceProviderConfigAdvertisesWhatIsSupported() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let config = try #require(try await client.scim(.get, "/ServiceProviderConfig", server: server).json)
            #expect(config["patch"]?["supported"] == true)
            #expect(config["filter"]?["supported"] == true)
            #expect(config["sort"]?["supported"] == true)
            #expect(config["etag"]?["supported"] == true)
            #expect(config["changePassword"]?["supported"] == false)
            let schemes = config["authenticationSchemes"]?.arrayValue ?? []
            #expect(schemes.contains { $0["type"] == "oauthbearertoken" })
        }
    }
}
