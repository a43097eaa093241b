import PropertyBased
import Testing

@testable import SCIM

/// `sortBy` and `sortOrder` (RFC 7644 §3.4.2.3): schema-aware ordering, missing values, multi-valued attributes and
/// the id tie-break.
@Suite struct QuerySortingTests {
    private let test = QueryFixtures.testExtensionURN

    private func sorted(
        _ users: [JSONObject], by sortBy: String, _ order: String = "ascending",
        extra: [(name: String, value: String)] = []
    ) throws -> [String] {
        QueryFixtures.ids(
            try QueryFixtures.list([("sortBy", sortBy), ("sortOrder", order)] + extra, over: users))
    }

    @Test func stringsSortCaseInsensitivelyByDefault() throws {
        let users = [
            QueryFixtures.user("1", "c"), QueryFixtures.user("2", "B"), QueryFixtures.user("3", "a"),
        ]
        #expect(try sorted(users, by: "userName") == ["3", "2", "1"])
        #expect(try sorted(users, by: "USERNAME", "descending") == ["1", "2", "3"])
    }

    @Test func caseExactStringsSortByCodePoint() throws {
        // externalId is caseExact: "B" (U+0042) sorts before "a" (U+0061).
        let users = [
            QueryFixtures.user("1", "u1", ["externalId": "c"]), QueryFixtures.user("2", "u2", ["externalId": "B"]),
            QueryFixtures.user("3", "u3", ["externalId": "a"]),
        ]
        #expect(try sorted(users, by: "externalId") == ["2", "3", "1"])
        #expect(try sorted(users, by: "externalId", "descending") == ["1", "3", "2"])
    }

    @Test func dateTimesSortChronologicallyNotAsText() throws {
        let users = [
            // 08:00Z, 09:30Z, 07:00Z: the text order would be 1, 3, 2.
            QueryFixtures.user("1", "u1", [test: ["hireDate": "2024-01-01T10:00:00+02:00"]]),
            QueryFixtures.user("2", "u2", [test: ["hireDate": "2024-01-01T09:30:00Z"]]),
            QueryFixtures.user("3", "u3", [test: ["hireDate": "2024-01-01T02:00:00-05:00"]]),
        ]
        #expect(try sorted(users, by: "\(test):hireDate") == ["3", "1", "2"])
        #expect(try sorted(users, by: "\(test):hireDate", "descending") == ["2", "1", "3"])
    }

    @Test func metaLastModifiedSortsAsADateTime() throws {
        func user(_ id: String, _ lastModified: String) -> JSONObject {
            QueryFixtures.user(id, id, ["meta": ["resourceType": "User", "lastModified": .string(lastModified)]])
        }
        let users = [
            user("1", "2024-05-01T00:00:00Z"), user("2", "2023-12-31T23:59:59.5Z"),
            user("3", "2024-05-01T00:00:00.001Z"),
        ]
        #expect(try sorted(users, by: "meta.lastModified") == ["2", "1", "3"])
    }

    @Test func integersAndDecimalsSortNumerically() throws {
        let users = [
            QueryFixtures.user("1", "u1", [test: ["level": 10, "score": 2.5]]),
            QueryFixtures.user("2", "u2", [test: ["level": 9, "score": -1]]),
            QueryFixtures.user("3", "u3", [test: ["level": 100, "score": 2.25]]),
        ]
        #expect(try sorted(users, by: "\(test):level") == ["2", "1", "3"])
        #expect(try sorted(users, by: "\(test):score") == ["2", "3", "1"])
        #expect(try sorted(users, by: "\(test):level", "descending") == ["3", "1", "2"])
    }

    @Test func booleansSortFalseFirst() throws {
        let users = [
            QueryFixtures.user("1", "u1", ["active": true]), QueryFixtures.user("2", "u2", ["active": false]),
            QueryFixtures.user("3", "u3", ["active": true]), QueryFixtures.user("4", "u4", ["active": false]),
        ]
        #expect(try sorted(users, by: "active") == ["2", "4", "1", "3"])
        #expect(try sorted(users, by: "active", "descending") == ["1", "3", "2", "4"])
    }

    @Test func missingValuesSortLastAscendingAndFirstDescending() throws {
        let users = [
            QueryFixtures.user("1", "u1", ["displayName": "b"]), QueryFixtures.user("2", "u2"),
            QueryFixtures.user("3", "u3", ["displayName": "a"]), QueryFixtures.user("4", "u4", ["displayName": nil]),
        ]
        #expect(try sorted(users, by: "displayName") == ["3", "1", "2", "4"])
        #expect(try sorted(users, by: "displayName", "descending") == ["2", "4", "1", "3"])
    }

    @Test func valuesOfTheWrongKindSortAsMissing() throws {
        let users = [
            QueryFixtures.user("1", "u1", [test: ["hireDate": "not a date"]]),
            QueryFixtures.user("2", "u2", [test: ["hireDate": "2020-01-01T00:00:00Z"]]),
            QueryFixtures.user("3", "u3", [test: ["level": "seven"]]),
        ]
        #expect(try sorted(users, by: "\(test):hireDate") == ["2", "1", "3"])
        #expect(try sorted(users, by: "\(test):level", "descending") == ["1", "2", "3"])
    }

    @Test func multiValuedAttributesSortByThePrimaryValueElseTheFirst() throws {
        let users = [
            QueryFixtures.user(
                "1", "u1", ["emails": [["value": "z@example.com"], ["value": "b@example.com", "primary": true]]]),
            QueryFixtures.user("2", "u2", ["emails": [["value": "c@example.com"], ["value": "a@example.com"]]]),
            QueryFixtures.user(
                "3", "u3", ["emails": [["type": "work"], ["value": "A@example.com", "primary": false]]]),
            QueryFixtures.user("4", "u4", ["emails": []]),
        ]
        // 1 sorts by its primary b@, 2 by its first c@, 3 by its first element that has a value (A@), 4 has none.
        #expect(try sorted(users, by: "emails.value") == ["3", "1", "2", "4"])
        #expect(try sorted(users, by: "emails") == ["3", "1", "2", "4"])
        #expect(try sorted(users, by: "emails.value", "descending") == ["4", "2", "1", "3"])
    }

    @Test func multiValuedSimpleAttributesSortByTheFirstValue() throws {
        let users = [
            QueryFixtures.user("1", "u1", ["schemas": ["urn:z", "urn:a"]]),
            QueryFixtures.user("2", "u2", ["schemas": ["urn:b"]]),
        ]
        #expect(try sorted(users, by: "schemas") == ["2", "1"])
    }

    @Test func subAttributesAndExtensionAttributesSort() throws {
        let enterprise = Schema.enterpriseUserURN
        let users = [
            QueryFixtures.user("1", "u1", ["name": ["givenName": "Zoe"], enterprise: ["department": "sales"]]),
            QueryFixtures.user("2", "u2", ["name": ["givenName": "adam"], enterprise: ["department": "Eng"]]),
            QueryFixtures.user("3", "u3", ["name": ["familyName": "Nobody"]]),
        ]
        #expect(try sorted(users, by: "name.givenName") == ["2", "1", "3"])
        #expect(try sorted(users, by: "\(enterprise):department") == ["2", "1", "3"])
        #expect(try sorted(users, by: "urn:ietf:params:scim:schemas:core:2.0:User:name.givenName") == ["2", "1", "3"])
    }

    @Test func tiesAreBrokenByIdSoPagesAreDisjointAndRepeatable() throws {
        // Every user has the same title; the candidates come in a scrambled order.
        let users = ["e", "b", "d", "a", "c"].map { QueryFixtures.user($0, "u-\($0)", ["title": "Engineer"]) }
        var seen: [String] = []
        for start in [1, 3, 5] {
            let page = try sorted(users, by: "title", extra: [("startIndex", String(start)), ("count", "2")])
            #expect(page == (try sorted(users, by: "title", extra: [("startIndex", String(start)), ("count", "2")])))
            seen += page
        }
        #expect(seen == ["a", "b", "c", "d", "e"])
        #expect(try sorted(users, by: "title", "descending") == ["a", "b", "c", "d", "e"])
    }

    @Test func withoutSortByTheCandidatesOrderIsKept() throws {
        let users = ["e", "b", "d"].map { QueryFixtures.user($0, $0) }
        #expect(
            QueryFixtures.ids(try QueryFixtures.list([("sortOrder", "descending")], over: users)) == ["e", "b", "d"])
    }

    @Test(arguments: [
        "shoeSize", "name", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
        "\(QueryFixtures.testExtensionURN):badge", "name.nonsense", "urn:x:y:userName",
    ])
    func sortingByWhatIsNoSortableAttributeIsInvalidPath(sortBy: String) {
        do {
            _ = try ListQuery(queryParameters: [("sortBy", sortBy)]).compile(for: QueryFixtures.userType, maxResults: 5)
            Issue.record("sortBy \(sortBy) was accepted")
        } catch {
            #expect(error.status == 400)
            #expect(error.scimType == .invalidPath)
        }
    }

    @Test func sortingAComplexAttributeWithAValueSubAttributeUsesIt() throws {
        let enterprise = Schema.enterpriseUserURN
        let users = [
            QueryFixtures.user("1", "u1", [enterprise: ["manager": ["value": "m2"]]]),
            QueryFixtures.user("2", "u2", [enterprise: ["manager": ["value": "M1"]]]),
        ]
        #expect(try sorted(users, by: "\(enterprise):manager") == ["2", "1"])
        let groups =
            [
                ["id": "g1", "displayName": "One", "members": [["value": "z"]]],
                ["id": "g2", "displayName": "Two", "members": [["value": "y"]]],
            ] as [JSONObject]
        let response = try QueryFixtures.list([("sortBy", "members")], over: groups, resourceType: .group)
        #expect(QueryFixtures.ids(response) == ["g2", "g1"])
    }

    // MARK: Properties

    /// Raw values of every sortable type, including the case and time-zone variants the keys normalize away.
    private static let definitions: [AttributeDefinition] = [
        .init(name: "s", type: .string), .init(name: "x", type: .string, caseExact: true),
        .init(name: "d", type: .dateTime), .init(name: "i", type: .integer), .init(name: "f", type: .decimal),
        .init(name: "b", type: .boolean),
    ]

    private static let rawValues: [JSONValue] = [
        "a", "A", "b", "B", "ä", "Ä", "ab", "", "2024-01-01T08:00:00Z", "2024-01-01T10:00:00+02:00",
        "2024-01-01T07:59:59.9Z", "2023-06-01T00:00:00-11:00", "2024-02-29T12:00:00", 0, 1, -3, 42, 1.5, -0.25, 2.0,
        true, false, nil,
    ]

    @Test func normalizedKeysOrderExactlyAsTheRawValues() async {
        await propertyCheck(
            count: 500, input: Gen.element(of: Self.definitions), Gen.element(of: Self.rawValues),
            Gen.element(of: Self.rawValues)
        ) { definition, left, right in
            guard let definition, let left, let right,
                let leftKey = ListSort.normalize(left, as: definition),
                let rightKey = ListSort.normalize(right, as: definition)
            else { return }
            let keyDefinition = AttributeDefinition(
                name: "k", type: definition.type == .dateTime ? .decimal : definition.type, caseExact: true)
            #expect(keyDefinition.order(leftKey, rightKey) == definition.order(left, right))
        }
    }

    @Test func everySortedListIsOrderedByTheAttributeDefinition() async throws {
        let choices: [JSONValue?] = [nil, "a", "B", "c", "A"]
        let titles = Gen.int(in: 0...(choices.count - 1)).map { choices[$0] }.array(of: 0...12)
        await propertyCheck(input: titles, Gen.bool) { titles, descending in
            let resources = titles.enumerated().map { index, title in
                QueryFixtures.user("id\(index % 5)-\(index)", "u\(index)", title.map { ["title": $0] } ?? [:])
            }
            let ids = (try? self.sorted(resources, by: "title", descending ? "descending" : "ascending")) ?? []
            #expect(Set(ids) == Set(resources.compactMap { $0["id"]?.stringValue }))
            let byID = Dictionary(uniqueKeysWithValues: resources.map { ($0["id"]!.stringValue!, $0) })
            let definition = QueryFixtures.userType.schema.attribute(named: "title")!
            for (first, second) in zip(ids, ids.dropFirst()) {
                let a = byID[first]?["title"]
                let b = byID[second]?["title"]
                switch (a, b) {
                case (let a?, let b?):
                    let order = definition.order(a, b)
                    #expect(order == .same || order == (descending ? .descending : .ascending))
                    if order == .same { #expect(first < second) }
                case (nil, .some): #expect(descending, "a missing value sorts first only when descending")
                case (.some, nil): #expect(!descending, "a missing value sorts last only when ascending")
                case (nil, nil): #expect(first < second)
                }
            }
        }
    }
}
