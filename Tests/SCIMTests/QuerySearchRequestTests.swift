import Testing

@testable import SCIM

/// `ListQuery(searchRequest:)`: the body of `POST /.search` (RFC 7644 §3.4.3).
@Suite struct QuerySearchRequestTests {
    private let schemas: JSONValue = [.string(ListQuery.searchRequestURN)]

    private func error(_ body: JSONValue) -> SCIMError? {
        do {
            _ = try ListQuery(searchRequest: body)
            return nil
        } catch {
            return error
        }
    }

    private func body(_ members: JSONObject) -> JSONValue {
        var object = members
        object["schemas"] = schemas
        return .object(object)
    }

    @Test func readsTheExampleOfRFC7644Section3_4_3() throws {
        let query = try ListQuery(searchRequest: [
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
            "attributes": ["displayName", "userName"],
            "filter": #"displayName sw "smith""#,
            "startIndex": 1,
            "count": 10,
        ])
        #expect(query.filter == .comparison(AttributePath(attribute: "displayName"), .sw, "smith"))
        #expect(query.startIndex == 1)
        #expect(query.count == 10)
        #expect(
            query.attributeSelection
                == .attributes([AttributePath(attribute: "displayName"), AttributePath(attribute: "userName")]))
        #expect(query.sortBy == nil)
    }

    @Test func isTheSameQueryAsTheEquivalentURL() throws {
        let fromBody = try ListQuery(
            searchRequest: body([
                "filter": #"emails[type eq "work"]"#, "sortBy": "meta.lastModified", "sortOrder": "descending",
                "startIndex": 0, "count": -2, "excludedAttributes": ["members", "emails.display"],
            ]))
        let fromURL = try ListQuery(queryParameters: [
            ("filter", #"emails[type eq "work"]"#), ("sortBy", "meta.lastModified"), ("sortOrder", "descending"),
            ("startIndex", "0"), ("count", "-2"), ("excludedAttributes", "members,emails.display"),
        ])
        #expect(fromBody == fromURL)
        #expect(fromBody.startIndex == 1)
        #expect(fromBody.count == 0)
    }

    @Test func memberNamesAreCaseInsensitiveAndNullMeansAbsent() throws {
        let query = try ListQuery(searchRequest: [
            "SCHEMAS": [.string(ListQuery.searchRequestURN.uppercased())],
            "SortBy": "userName", "SORTORDER": "DESCENDING", "StartIndex": 5, "count": nil, "filter": nil,
            "unknownMember": true,
        ])
        #expect(query.sortBy == AttributePath(attribute: "userName"))
        #expect(query.sortOrder == .descending)
        #expect(query.startIndex == 5)
        #expect(query.count == nil)
        #expect(query.filter == nil)
    }

    @Test func onlyTheSchemasMemberIsRequired() throws {
        #expect(try ListQuery(searchRequest: body([:])) == ListQuery())
    }

    @Test(arguments: [
        JSONValue.array([]), "text", 1, nil,
        ["filter": #"userName pr"#],
        ["schemas": "urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
        ["schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"]],
    ])
    func aBodyThatIsNoSearchRequestIsInvalidSyntax(body: JSONValue) {
        let error = error(body)
        #expect(error?.status == 400)
        #expect(error?.scimType == .invalidSyntax)
    }

    @Test(
        arguments: [
            ("count", "10"), ("count", 1.5), ("startIndex", "1"), ("startIndex", true),
            ("filter", 3), ("sortBy", ["userName"]), ("sortOrder", false),
            ("attributes", "userName"), ("attributes", [1]), ("excludedAttributes", ["members", nil]),
        ] as [(String, JSONValue)])
    func aMemberOfTheWrongTypeIsInvalidSyntaxNamingIt(name: String, value: JSONValue) {
        let error = error(body([name: value]))
        #expect(error?.scimType == .invalidSyntax)
        #expect(error?.detail.contains(name) == true)
    }

    @Test func valueErrorsAreThoseOfTheURLForm() {
        #expect(error(body(["sortOrder": "up"]))?.scimType == .invalidValue)
        #expect(error(body(["attributes": ["userName"], "excludedAttributes": ["emails"]]))?.scimType == .invalidValue)
        #expect(error(body(["filter": #"userName eq"#]))?.scimType == .invalidFilter)
        #expect(error(body(["sortBy": "a b"]))?.scimType == .invalidPath)
        #expect(error(body(["count": 1, "Count": 2]))?.scimType == .invalidValue)
    }
}
