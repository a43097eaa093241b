import Testing

@testable import SCIM

/// `ListQuery(queryParameters:)`: RFC 7644 §3.4.2 query parameters as the HTTP layer hands them over.
@Suite struct QueryParameterTests {
    private func error(_ parameters: [(name: String, value: String)]) -> SCIMError? {
        do {
            _ = try ListQuery(queryParameters: parameters)
            return nil
        } catch {
            return error
        }
    }

    @Test func noParametersMeansEverythingFromTheFirstWithTheServersPageSize() throws {
        let query = try ListQuery(queryParameters: [])
        #expect(query == ListQuery())
        #expect(query.filter == nil && query.sortBy == nil && query.count == nil)
        #expect(query.startIndex == 1)
        #expect(query.sortOrder == .ascending)
        #expect(query.attributeSelection == .default)
    }

    @Test func readsEveryParameter() throws {
        let query = try ListQuery(queryParameters: [
            ("filter", #"userName eq "bjensen""#), ("sortBy", "name.familyName"), ("sortOrder", "descending"),
            ("startIndex", "3"), ("count", "10"), ("attributes", "userName,name.givenName"),
        ])
        #expect(query.filter == .comparison(AttributePath(attribute: "userName"), .eq, "bjensen"))
        #expect(query.sortBy == AttributePath(attribute: "name", subAttribute: "familyName"))
        #expect(query.sortOrder == .descending)
        #expect(query.startIndex == 3)
        #expect(query.count == 10)
        #expect(
            query.attributeSelection
                == .attributes([
                    AttributePath(attribute: "userName"), AttributePath(attribute: "name", subAttribute: "givenName"),
                ]))
    }

    @Test func parameterNamesAreCaseInsensitive() throws {
        let query = try ListQuery(queryParameters: [
            ("STARTINDEX", "2"), ("Count", "4"), ("sortby", "userName"), ("SortOrder", "Descending"),
            ("EXCLUDEDATTRIBUTES", "members"),
        ])
        #expect(query.startIndex == 2)
        #expect(query.count == 4)
        #expect(query.sortBy == AttributePath(attribute: "userName"))
        #expect(query.sortOrder == .descending)
        #expect(query.attributeSelection == .excludedAttributes([AttributePath(attribute: "members")]))
    }

    @Test func unknownParametersAreIgnored() throws {
        #expect(try ListQuery(queryParameters: [("foo", "bar"), ("count", "1")]) == ListQuery(count: 1))
    }

    @Test func aRepeatedParameterIsRefused() {
        let error = error([("count", "1"), ("COUNT", "2")])
        #expect(error?.scimType == .invalidValue)
        #expect(error?.detail.contains("more than once") == true)
    }

    @Test(arguments: [("0", 1), ("-7", 1), ("1", 1), ("+4", 4), ("1000000", 1_000_000)])
    func startIndexBelowOneMeansOne(text: String, expected: Int) throws {
        #expect(try ListQuery(queryParameters: [("startIndex", text)]).startIndex == expected)
    }

    @Test(arguments: [("-1", 0), ("-100", 0), ("0", 0), ("7", 7)])
    func negativeCountMeansZero(text: String, expected: Int) throws {
        #expect(try ListQuery(queryParameters: [("count", text)]).count == expected)
    }

    @Test(arguments: ["startIndex", "count"], ["", "abc", "1.5", "1e3", " 2", "99999999999999999999999"])
    func nonIntegerPagingIsInvalidValue(name: String, text: String) {
        let error = error([(name, text)])
        #expect(error?.status == 400)
        #expect(error?.scimType == .invalidValue)
        #expect(error?.detail.contains(name) == true)
    }

    @Test(arguments: [
        ("ascending", ListQuery.SortOrder.ascending), ("ASCENDING", .ascending),
        ("Descending", .descending), ("descending", .descending),
    ])
    func sortOrderIsCaseInsensitive(text: String, expected: ListQuery.SortOrder) throws {
        #expect(try ListQuery(queryParameters: [("sortOrder", text)]).sortOrder == expected)
    }

    @Test(arguments: ["asc", "desc", "", "up", "ascending "])
    func anyOtherSortOrderIsInvalidValue(text: String) {
        let error = error([("sortOrder", text)])
        #expect(error?.status == 400)
        #expect(error?.scimType == .invalidValue)
    }

    @Test(arguments: [#"userName zz "x""#, #"userName eq "x"#, "", "(userName pr"])
    func aFilterThatDoesNotParseIsInvalidFilter(text: String) {
        let error = error([("filter", text)])
        #expect(error?.status == 400)
        #expect(error?.scimType == .invalidFilter)
    }

    @Test func aSortByThatIsNoPathIsInvalidPath() {
        #expect(error([("sortBy", "emails[type eq \"work\"]")])?.scimType == .invalidPath)
        #expect(error([("sortBy", "")])?.scimType == .invalidPath)
    }

    @Test func attributesAndExcludedAttributesTogetherAreRefused() {
        let error = error([("attributes", "userName"), ("excludedAttributes", "emails")])
        #expect(error?.status == 400)
        #expect(error?.scimType == .invalidValue)
    }

    @Test func attributeListsAreCommaSeparatedAndTrimmedAndBlanksSkipped() throws {
        let query = try ListQuery(queryParameters: [
            ("attributes", " userName , urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department,,")
        ])
        #expect(
            query.attributeSelection
                == .attributes([
                    AttributePath(attribute: "userName"),
                    AttributePath(schemaURN: Schema.enterpriseUserURN, attribute: "department"),
                ]))
        #expect(
            try ListQuery(queryParameters: [("attributes", ""), ("excludedAttributes", "members")])
                .attributeSelection == .excludedAttributes([AttributePath(attribute: "members")]))
        #expect(try ListQuery(queryParameters: [("attributes", " , ")]).attributeSelection == .default)
    }

    @Test func attributeSelectionAloneReadsTheSameParametersForSingleResources() throws {
        #expect(
            try AttributeSelection(queryParameters: [("ExcludedAttributes", "members"), ("filter", "not read")])
                == .excludedAttributes([AttributePath(attribute: "members")]))
        #expect(throws: SCIMError.self) {
            try AttributeSelection(queryParameters: [("attributes", "a"), ("excludedAttributes", "b")])
        }
    }

    @Test func theFilterParsersBoundsApply() {
        do {
            _ = try ListQuery(
                queryParameters: [("filter", #"userName eq "a long value""#)],
                filterParser: FilterParser(maximumLength: 10))
            Issue.record("a filter over the length bound was accepted")
        } catch {
            #expect(error.scimType == .invalidFilter)
        }
    }
}
