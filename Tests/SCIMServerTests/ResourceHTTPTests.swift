import DirectoryStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SCIM
import SCIMServer
import Testing

/// Create, read, replace, modify and delete over HTTP (RFC 7644 §3.3–3.6, §3.14).
@Suite struct ResourceHTTPTests {
    @Test func postIs201WithLocationETagAndMetaLocationAndTheFileIsWritten() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let reply = try await client.scim(
                .post, "/Users", server: server,
                body: ["schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "alice@example.com"])
            #expect(reply.status == 201)
            let id = try #require(reply.json?["id"]?.stringValue)
            let location = try #require(reply.header(.location))
            #expect(location.hasSuffix("/api/ee/scim/v2/Users/\(id)"))
            #expect(reply.json?["meta"]?["location"]?.stringValue == location)
            #expect(reply.header(.eTag) == reply.json?["meta"]?["version"]?.stringValue)
            #expect(reply.header(.eTag)?.hasPrefix("W/\"") == true)
            #expect(FileManager.default.fileExists(atPath: server.directory.path + "/users/\(id).json"))
        }
    }

    @Test func everyResourceResponseCarriesTheCurrentETag() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let id = try await client.createUser("alice@example.com", server: server)
            let read = try await client.scim(.get, "/Users/\(id)", server: server)
            #expect(read.status == 200)
            #expect(read.header(.eTag) == read.json?["meta"]?["version"]?.stringValue)

            let patched = try await client.scim(
                .patch, "/Users/\(id)", server: server,
                body: patchBody(["op": "replace", "path": "active", "value": false]))
            #expect(patched.status == 200)
            #expect(patched.json?["active"] == false)
            #expect(patched.header(.eTag) == patched.json?["meta"]?["version"]?.stringValue)
            #expect(patched.header(.eTag) != read.header(.eTag))

            let replaced = try await client.scim(
                .put, "/Users/\(id)", server: server,
                body: [
                    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "alice@example.com",
                    "title": "CTO",
                ])
            #expect(replaced.status == 200)
            #expect(replaced.json?["active"] == nil)
            #expect(replaced.header(.eTag) == replaced.json?["meta"]?["version"]?.stringValue)

            let projected = try await client.scim(.get, "/Users/\(id)?attributes=title", server: server)
            #expect(projected.header(.eTag) == replaced.header(.eTag))
            #expect(projected.json?["title"] == "CTO")
            #expect(projected.json?["userName"] == nil)
            #expect(projected.json?["id"]?.stringValue == id)
        }
    }

    @Test func staleIfMatchIs412OnPutPatchAndDeleteAndTheCurrentOneSucceeds() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let id = try await client.createUser("alice@example.com", server: server)
            let old = try #require(try await client.scim(.get, "/Users/\(id)", server: server).header(.eTag))
            let patch = patchBody(["op": "replace", "path": "title", "value": "CTO"])
            let current = try #require(
                try await client.scim(.patch, "/Users/\(id)", server: server, body: patch).header(.eTag))

            let stale: HTTPFields = [.ifMatch: old]
            for (method, body) in [
                (HTTPRequest.Method.patch, patchBody(["op": "replace", "path": "title", "value": "X"])),
                (.put, ["schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "x"] as JSONValue),
            ] {
                let reply = try await client.scim(method, "/Users/\(id)", server: server, body: body, headers: stale)
                #expect(reply.status == 412, "\(method)")
                #expect(reply.isSCIMError)
            }
            #expect(try await client.scim(.delete, "/Users/\(id)", server: server, headers: stale).status == 412)
            #expect(try await client.scim(.get, "/Users/\(id)", server: server).json?["title"] == "CTO")

            let fresh = try await client.scim(
                .patch, "/Users/\(id)", server: server,
                body: patchBody(["op": "replace", "path": "title", "value": "CEO"]),
                headers: [.ifMatch: current])
            #expect(fresh.status == 200)
            #expect(
                try await client.scim(.delete, "/Users/\(id)", server: server, headers: [.ifMatch: "*"]).status == 204)
        }
    }

    @Test func deleteIs204ThenEveryMethodIs404() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let id = try await client.createUser("alice@example.com", server: server)
            let deleted = try await client.scim(.delete, "/Users/\(id)", server: server)
            #expect(deleted.status == 204)
            #expect(deleted.bytes.isEmpty)
            for method in [HTTPRequest.Method.get, .delete] {
                let reply = try await client.scim(method, "/Users/\(id)", server: server)
                #expect(reply.status == 404)
                #expect(reply.isSCIMError)
            }
            let patch = try await client.scim(
                .patch, "/Users/\(id)", server: server,
                body: patchBody(["op": "replace", "path": "active", "value": false]))
            #expect(patch.status == 404)
            #expect(!FileManager.default.fileExists(atPath: server.directory.path + "/users/\(id).json"))
        }
    }

    @Test func duplicatesAre409Uniqueness() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            _ = try await client.createUser("alice@example.com", server: server)
            let user = try await client.scim(
                .post, "/Users", server: server,
                body: ["schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "Alice@Example.com"])
            #expect(user.status == 409)
            #expect(user.scimType == "uniqueness")
            #expect(user.isSCIMError)
            _ = try await client.createGroup("Engineering", server: server)
            let group = try await client.scim(
                .post, "/Groups", server: server,
                body: ["schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "ENGINEERING"])
            #expect(group.status == 409)
            #expect(group.scimType == "uniqueness")
        }
    }

    @Test(arguments: ["..", "%2e%2e", "..%2Fgroups%2Fx", "%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", ".hidden", "a%00b"])
    func idsThatCouldLeaveTheFolderAre404(_ id: String) async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            for method in [HTTPRequest.Method.get, .delete] {
                let reply = try await client.scim(method, "/Users/\(id)", server: server)
                #expect([404].contains(reply.status), "\(method) \(id) \(reply.status)")
                #expect(reply.isSCIMError)
            }
            let put = try await client.scim(
                .put, "/Users/\(id)", server: server,
                body: ["schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "x"])
            #expect(put.status == 404)
        }
    }

    @Test func membersAreValidatedAndUsersShowTheirGroups() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let alice = try await client.createUser("alice@example.com", server: server)
            let group = try await client.createGroup("Engineering", members: [alice, "ghost"], server: server)
            let read = try await client.scim(.get, "/Groups/\(group)", server: server)
            #expect(read.json?["members"]?.arrayValue?.compactMap { $0["value"]?.stringValue } == [alice])
            let user = try await client.scim(.get, "/Users/\(alice)", server: server)
            #expect(user.json?["groups"]?.arrayValue?.first?["value"]?.stringValue == group)
            #expect(try await client.scim(.delete, "/Users/\(alice)", server: server).status == 204)
            #expect(try await client.scim(.get, "/Groups/\(group)", server: server).json?["members"] == nil)
        }
    }

    @Test func readOnlyAttributesInAPutAreIgnored() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let id = try await client.createUser("alice@example.com", server: server)
            let reply = try await client.scim(
                .put, "/Users/\(id)", server: server,
                body: [
                    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "alice@example.com",
                    "meta": ["created": "1999-01-01T00:00:00Z"], "groups": [["value": "g"]], "id": .string(id),
                ])
            #expect(reply.status == 200, "\(reply.text)")
            #expect(reply.json?["groups"] == nil)
            #expect(reply.json?["meta"]?["created"] != "1999-01-01T00:00:00Z")
        }
    }
}
