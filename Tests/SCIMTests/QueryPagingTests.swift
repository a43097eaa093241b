import Testing

@testable import SCIM

/// Paging (RFC 7644 §3.4.2.4), filtering over candidates and the ListResponse shape, including the expectations of
/// `pagination.json` expressed at this level.
@Suite struct QueryPagingTests {
    /// Five users in the order a store keeps them (by id).
    private let users = [
        QueryFixtures.user("1a", "alice@example.com"), QueryFixtures.user("2b", "bob@example.com"),
        QueryFixtures.user("3c", "carol@example.com"), QueryFixtures.user("4d", "dan@example.com"),
        QueryFixtures.user("5e", "erin@example.com"),
    ]

    private func page(_ parameters: [(name: String, value: String)], maxResults: Int = 200) throws -> ListResponse {
        try QueryFixtures.list(parameters, over: users, maxResults: maxResults)
    }

    @Test func pagesOfTwoAreDisjointAndCoverEveryoneOnce() throws {
        let first = try page([("startIndex", "1"), ("count", "2")])
        let second = try page([("startIndex", "3"), ("count", "2")])
        let third = try page([("startIndex", "5"), ("count", "2")])
        #expect([first.totalResults, second.totalResults, third.totalResults] == [5, 5, 5])
        #expect([first.startIndex, second.startIndex, third.startIndex] == [1, 3, 5])
        #expect([first.itemsPerPage, second.itemsPerPage, third.itemsPerPage] == [2, 2, 1])
        let seen = QueryFixtures.ids(first) + QueryFixtures.ids(second) + QueryFixtures.ids(third)
        #expect(seen == ["1a", "2b", "3c", "4d", "5e"])
        #expect(Set(seen).count == 5)
    }

    @Test func theSamePageAskedAgainIsTheSame() throws {
        let once = try page([("startIndex", "1"), ("count", "2")])
        let again = try page([("startIndex", "1"), ("count", "2")])
        #expect(once == again)
        #expect(QueryFixtures.ids(once) == ["1a", "2b"])
    }

    @Test func oktasHundredAndEntrasFivePagesHoldEveryone() throws {
        for count in ["100", "5"] {
            let response = try page([("startIndex", "1"), ("count", count)])
            #expect(response.totalResults == 5)
            #expect(response.itemsPerPage == 5)
            #expect(QueryFixtures.ids(response) == ["1a", "2b", "3c", "4d", "5e"])
        }
    }

    @Test func aPagePastTheEndIsEmptyButReportsTheTotalAndEchoesStartIndex() throws {
        let response = try page([("startIndex", "6"), ("count", "5")])
        #expect(response.totalResults == 5)
        #expect(response.startIndex == 6)
        #expect(response.itemsPerPage == 0)
        #expect(response.jsonValue["Resources"] == .array([]))
    }

    @Test func theMessageHasIntegerCountsAndAlwaysResources() throws {
        let json = try page([("startIndex", "3"), ("count", "2")]).jsonValue
        #expect(json["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:ListResponse"])
        #expect(json["totalResults"] == .integer(5))
        #expect(json["startIndex"] == .integer(3))
        #expect(json["itemsPerPage"] == .integer(2))
        #expect(json["Resources"]?.arrayValue?.count == 2)
        let empty = try QueryFixtures.list([], over: []).jsonValue
        #expect(
            empty == [
                "schemas": [.string(ListResponse.schemaURN)], "totalResults": 0, "startIndex": 1,
                "itemsPerPage": 0, "Resources": [],
            ])
    }

    @Test func startIndexBelowOneStartsAtTheFirstAndIsEchoedAsOne() throws {
        let response = try page([("startIndex", "0"), ("count", "2")])
        #expect(response.startIndex == 1)
        #expect(QueryFixtures.ids(response) == ["1a", "2b"])
        #expect(QueryFixtures.ids(try page([("startIndex", "-3"), ("count", "1")])) == ["1a"])
    }

    @Test func countZeroOrNegativeReturnsOnlyTheTotal() throws {
        for count in ["0", "-1"] {
            let response = try page([("count", count)])
            #expect(response.totalResults == 5)
            #expect(response.resources.isEmpty)
            #expect(response.jsonValue["Resources"] == .array([]))
        }
    }

    @Test func countAboveMaxResultsIsClampedNotRefused() throws {
        let response = try page([("count", "1000")], maxResults: 3)
        #expect(response.totalResults == 5)
        #expect(QueryFixtures.ids(response) == ["1a", "2b", "3c"])
        let compiled = try ListQuery(count: 1000).compile(for: QueryFixtures.userType, maxResults: 3)
        #expect(compiled.count == 3)
    }

    @Test func noCountMeansMaxResults() throws {
        #expect(try page([], maxResults: 2).itemsPerPage == 2)
        #expect(try page([("startIndex", "4")], maxResults: 2).resources.count == 2)
        #expect(try ListQuery().compile(for: QueryFixtures.userType, maxResults: 50).count == 50)
    }

    @Test func theFilterDecidesTotalResultsAndPagesRunOverMatchesOnly() throws {
        let response = try page([("filter", #"userName sw "c" or userName sw "e" or userName sw "A""#), ("count", "2")])
        #expect(response.totalResults == 3)
        #expect(QueryFixtures.ids(response) == ["1a", "3c"])
        let second = try page([
            ("filter", #"userName sw "c" or userName sw "e" or userName sw "A""#),
            ("startIndex", "3"),
        ])
        #expect(QueryFixtures.ids(second) == ["5e"])
    }

    @Test func aFilterMatchingNothingGivesAnEmptyListNotAnError() throws {
        let response = try page([("filter", #"userName eq "0b6f6a86-6f36-4e5c-9c53-8a8c6b2e3f11""#)])
        #expect(response.totalResults == 0)
        #expect(response.jsonValue["Resources"] == .array([]))
    }

    @Test func aFilterOnAnUnknownAttributeIsRefusedWhenCompiled() {
        do {
            _ = try ListQuery(queryParameters: [("filter", #"shoeSize eq 4"#)])
                .compile(for: QueryFixtures.userType, maxResults: 10)
            Issue.record("an unknown attribute was accepted")
        } catch {
            #expect(error.scimType == .invalidFilter)
        }
    }

    @Test func candidatesMayBeASupersetFromAnIndex() throws {
        let compiled = try ListQuery(queryParameters: [("filter", #"userName eq "BOB@example.com""#)])
            .compile(for: QueryFixtures.userType, maxResults: 10)
        // The canonical filter is what a store keys its index lookup on.
        #expect(compiled.predicate?.filter == .comparison(AttributePath(attribute: "userName"), .eq, "BOB@example.com"))
        let narrowed = [users[1], users[3]]
        let response = compiled.run(over: narrowed.lazy)
        #expect(QueryFixtures.ids(response) == ["2b"])
        #expect(response.totalResults == 1)
    }

    @Test func completionRunsOnThePageOnlyAndBeforeProjection() throws {
        let compiled = try ListQuery(queryParameters: [
            ("startIndex", "2"), ("count", "2"), ("attributes", "meta.location"),
        ])
        .compile(for: QueryFixtures.userType, maxResults: 10)
        var completed: [String] = []
        let response = compiled.run(over: users) { resource in
            let id = resource["id"]?.stringValue ?? ""
            completed.append(id)
            var meta = resource["meta"]?.objectValue ?? [:]
            meta["location"] = .string("https://example.com/scim/v2/Users/\(id)")
            var located = resource
            located["meta"] = .object(meta)
            return located
        }
        #expect(completed == ["2b", "3c"])
        #expect(response.resources.first?["meta"] == ["location": "https://example.com/scim/v2/Users/2b"])
        #expect(response.resources.first?["userName"] == nil)
    }

    @Test func pagesAreProjected() throws {
        var withPassword = users
        withPassword[0]["password"] = "hunter2"
        let response = try QueryFixtures.list([("attributes", "userName"), ("count", "1")], over: withPassword)
        #expect(
            response.resources == [["id": "1a", "schemas": [.string(Schema.userURN)], "userName": "alice@example.com"]])
    }

    @Test func anUnfilteredUnsortedPageOfACollectionReadsOnlyThePage() throws {
        let reads = ReadLog()
        let collection = LoggingCollection(elements: users, log: reads)
        let response = try ListQuery(startIndex: 3, count: 2).compile(for: QueryFixtures.userType, maxResults: 10)
            .run(over: collection)
        #expect(QueryFixtures.ids(response) == ["3c", "4d"])
        #expect(response.totalResults == 5)
        #expect(reads.positions == [2, 3])
    }

    @Test func aSequenceAndACollectionGiveTheSamePages() throws {
        for (start, count) in [(1, 2), (3, 2), (5, 2), (6, 5), (0, 0), (2, 100), (4, -1)] {
            let compiled = try ListQuery(startIndex: start, count: count)
                .compile(for: QueryFixtures.userType, maxResults: 3)
            #expect(compiled.run(over: AnySequence(users)) == compiled.run(over: users))
        }
    }
}

/// The positions a ``LoggingCollection`` was read at.
private final class ReadLog: @unchecked Sendable {
    var positions: [Int] = []
}

/// An array that logs every element read, to show what a list query touches.
private struct LoggingCollection: Collection {
    let elements: [JSONObject]
    let log: ReadLog

    var startIndex: Int { elements.startIndex }
    var endIndex: Int { elements.endIndex }
    func index(after position: Int) -> Int { position + 1 }
    subscript(position: Int) -> JSONObject {
        log.positions.append(position)
        return elements[position]
    }
}
