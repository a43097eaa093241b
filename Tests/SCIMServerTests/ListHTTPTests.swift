import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SCIM
import SCIMServer
import Testing

/// Lists and searches over HTTP (RFC 7644 §3.4.2, §3.4.3).
@Suite struct ListHTTPTests {
    /// Five users u1…u5 (title "Engineer" for odd ones) and two groups; returns the users' ids by userName.
    static func populate(_ client: some TestClientProtocol, _ server: TestServer) async throws -> [String: String] {
        var ids: [String: String] = [:]
        for index in 1...5 {
            let name = "u\(index)@example.com"
            ids[name] = try await client.createUser(
                name, server: server,
                index.isMultiple(of: 2) ? [:] : ["title": "Engineer", "externalId": .string("x\(index)")])
        }
        _ = try await client.createGroup("Engineering", members: [ids["u1@example.com"]!], server: server)
        _ = try await client.createGroup("u-team", server: server)
        return ids
    }

    static func query(_ parameters: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return "?"
            + parameters.map { "\($0)=\($1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }
            .joined(separator: "&")
    }

    @Test func filterSortAndPagingTogether() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let ids = try await Self.populate(client, server)
            let reply = try await client.scim(
                .get,
                "/Users"
                    + Self.query([
                        ("filter", #"userName sw "u" and title eq "engineer""#), ("sortBy", "userName"),
                        ("sortOrder", "descending"), ("startIndex", "2"), ("count", "1"),
                    ]), server: server)
            #expect(reply.status == 200)
            #expect(reply.json?["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:ListResponse"])
            #expect(reply.json?["totalResults"] == 3)
            #expect(reply.json?["startIndex"] == 2)
            #expect(reply.json?["itemsPerPage"] == 1)
            #expect(resourceIDs(reply) == [ids["u3@example.com"]!])
            #expect(
                reply.json?["Resources"]?.arrayValue?.first?["meta"]?["location"]?.stringValue?.hasSuffix(
                    "/Users/\(ids["u3@example.com"]!)") == true)
        }
    }

    @Test func entraStylePlusEncodedFiltersWork() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let ids = try await Self.populate(client, server)
            let reply = try await client.scim(.get, "/Users?filter=userName+eq+%22u2%40example.com%22", server: server)
            #expect(resourceIDs(reply) == [ids["u2@example.com"]!])
        }
    }

    @Test func countAboveMaxResultsIsClampedAndCountZeroOnlyCounts() async throws {
        let server = try await TestServer.make(configuration: .init(maxResults: 3))
        try await server.test { client in
            _ = try await Self.populate(client, server)
            let clamped = try await client.scim(.get, "/Users?count=1000000", server: server)
            #expect(clamped.status == 200)
            #expect(resourceIDs(clamped).count == 3)
            #expect(clamped.json?["totalResults"] == 5)
            let unbounded = try await client.scim(.get, "/Users", server: server)
            #expect(resourceIDs(unbounded).count == 3)
            let zero = try await client.scim(.get, "/Users?count=0", server: server)
            #expect(resourceIDs(zero).isEmpty)
            #expect(zero.json?["totalResults"] == 5)
            let config = try await client.scim(.get, "/ServiceProviderConfig", server: server)
            #expect(config.json?["filter"]?["maxResults"] == 3)
        }
    }

    @Test func pagingWalksEveryResourceOnceWithoutSortOrFilter() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let ids = try await Self.populate(client, server)
            var seen: [String] = []
            for start in stride(from: 1, through: 5, by: 2) {
                seen += resourceIDs(try await client.scim(.get, "/Users?startIndex=\(start)&count=2", server: server))
            }
            #expect(seen.sorted() == ids.values.sorted())
            let past = try await client.scim(.get, "/Users?startIndex=99", server: server)
            #expect(resourceIDs(past).isEmpty)
            #expect(past.json?["totalResults"] == 5)
        }
    }

    @Test(arguments: [
        "count=abc", "startIndex=1.5", "sortOrder=sideways", "sortBy=nosuch", "filter=nosuch%20eq%201",
        "count=99999999999999999999", "attributes=userName&excludedAttributes=title",
    ])
    func badListParametersAre400(_ query: String) async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let reply = try await client.scim(.get, "/Users?\(query)", server: server)
            #expect(reply.status == 400, "\(query): \(reply.text)")
            #expect(reply.isSCIMError)
        }
    }

    @Test func attributesAndExcludedAttributesProjectEveryResource() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            _ = try await Self.populate(client, server)
            let only = try await client.scim(.get, "/Users?attributes=userName&filter=title%20pr", server: server)
            for resource in only.json?["Resources"]?.arrayValue ?? [] {
                #expect(resource["userName"] != nil && resource["id"] != nil)
                #expect(resource["title"] == nil && resource["externalId"] == nil)
            }
            #expect(resourceIDs(only).count == 3)
            let without = try await client.scim(.get, "/Users?excludedAttributes=title,meta", server: server)
            for resource in without.json?["Resources"]?.arrayValue ?? [] {
                #expect(resource["title"] == nil && resource["meta"] == nil && resource["userName"] != nil)
            }
        }
    }

    @Test func searchOnAnEndpointTakesASearchRequestBody() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            let ids = try await Self.populate(client, server)
            let reply = try await client.scim(
                .post, "/Users/.search", server: server,
                body: [
                    "schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
                    "filter": #"externalId eq "x5" or externalId eq "x1""#, "sortBy": "userName",
                    "attributes": ["userName"],
                ])
            #expect(reply.status == 200)
            #expect(resourceIDs(reply) == [ids["u1@example.com"]!, ids["u5@example.com"]!])
            #expect(reply.json?["Resources"]?.arrayValue?.first?["externalId"] == nil)
            let groups = try await client.scim(
                .post, "/Groups/.search", server: server,
                body: [
                    "schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
                    "filter": #"displayName eq "engineering""#,
                ])
            #expect(groups.json?["totalResults"] == 1)
        }
    }

    @Test func rootSearchCoversUsersAndGroups() async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            _ = try await Self.populate(client, server)
            let search: JSONValue = ["schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"]]
            let everything = try await client.scim(.post, "/.search", server: server, body: search)
            #expect(everything.status == 200)
            #expect(everything.json?["totalResults"] == 7)
            let users = try await client.scim(
                .post, "/.search", server: server,
                body: [
                    "schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"], "filter": #"userName sw "u""#,
                ])
            #expect(users.json?["totalResults"] == 5)
            let page = try await client.scim(
                .post, "/.search", server: server,
                body: ["schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"], "startIndex": 5, "count": 2])
            #expect(resourceIDs(page).count == 2)
            #expect(page.json?["startIndex"] == 5)
            // Users first, then groups: the page straddles the boundary.
            let locations =
                page.json?["Resources"]?.arrayValue?.compactMap { $0["meta"]?["location"]?.stringValue } ?? []
            #expect(locations.count == 2 && locations[0].contains("/Users/") && locations[1].contains("/Groups/"))
        }
    }

    @Test(arguments: [Int.max, Int.max - 1, 1 << 62])
    func hugeStartIndexOrCountIsAnEmptyPageNotACrash(_ value: Int) async throws {
        let server = try await TestServer.make()
        try await server.test { client in
            _ = try await Self.populate(client, server)
            for body: JSONValue in [
                ["schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"], "startIndex": .integer(value)],
                [
                    "schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"], "startIndex": .integer(value),
                    "count": .integer(value),
                ],
                ["schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"], "count": .integer(value)],
            ] {
                for path in ["/.search", "/Users/.search"] {
                    let reply = try await client.scim(.post, path, server: server, body: body)
                    #expect(reply.status == 200, "\(path) \(body)")
                }
            }
            let listed = try await client.scim(.get, "/Users?startIndex=\(value)&count=\(value)", server: server)
            #expect(listed.status == 200)
        }
    }
}
