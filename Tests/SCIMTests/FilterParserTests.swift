import Foundation
import Testing

@testable import SCIM

/// Shorthands for filter trees in tests.
enum F {
    static func path(_ text: String) -> AttributePath { try! AttributePath(parsing: text) }
    static func eq(_ path: String, _ value: JSONValue) -> Filter { .comparison(F.path(path), .eq, value) }
    static func cmp(_ path: String, _ op: ComparisonOperator, _ value: JSONValue) -> Filter {
        .comparison(F.path(path), op, value)
    }
    static func pr(_ path: String) -> Filter { .present(F.path(path)) }

    /// The RFC 7644 §3.4.2.2 examples, from `Fixtures/rfc7644-3.4.2.2-filters.txt`.
    static func rfcExamples() throws -> [String] {
        String(decoding: try fixtureBytes("rfc7644-3.4.2.2-filters.txt"), as: UTF8.self)
            .split(separator: "\n").map(String.init)
    }

    /// The error of parsing `text`, which must fail.
    static func parseError(_ text: String, parser: FilterParser = FilterParser()) throws -> SCIMError {
        try #require(throws: SCIMError.self, "\(text)") { try parser.parse(text) }
    }
}

/// `FilterParser` and `Filter.description`: the whole ABNF of RFC 7644 §3.4.2.2, canonical printing, and errors that say
/// what and where.
@Suite struct FilterParserTests {
    let parser = FilterParser()

    // MARK: The RFC examples

    @Test func theFixtureHoldsAllSeventeenRFCExamples() throws {
        #expect(try F.rfcExamples().count == 17)
    }

    @Test func everyRFCExampleParsesPrintsCanonicallyAndReparsesEqual() throws {
        let canonical = [
            #"userName eq "bjensen""#,
            #"name.familyName co "O'Malley""#,
            #"userName sw "J""#,
            #"urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J""#,
            #"title pr"#,
            #"meta.lastModified gt "2011-05-13T04:42:34Z""#,
            #"meta.lastModified ge "2011-05-13T04:42:34Z""#,
            #"meta.lastModified lt "2011-05-13T04:42:34Z""#,
            #"meta.lastModified le "2011-05-13T04:42:34Z""#,
            #"title pr and userType eq "Employee""#,
            #"title pr or userType eq "Intern""#,
            #"schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User""#,
            #"userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")"#,
            #"userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")"#,
            #"userType eq "Employee" and emails.type eq "work""#,  // the RFC's redundant parentheses are dropped
            #"userType eq "Employee" and emails[type eq "work" and value co "@example.com"]"#,
            #"emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]"#,
        ]
        for (text, expected) in zip(try F.rfcExamples(), canonical) {
            let filter = try parser.parse(text)
            #expect(filter.description == expected)
            #expect(try parser.parse(filter.description) == filter)
            let predicate = try filter.compile(for: .user)
            #expect(try parser.parse(predicate.filter.description) == predicate.filter)
        }
    }

    @Test func rfcExamplesHaveTheExpectedTrees() throws {
        let examples = try F.rfcExamples()
        #expect(try parser.parse(examples[1]) == F.cmp("name.familyName", .co, "O'Malley"))
        #expect(
            try parser.parse(examples[3])
                == .comparison(
                    AttributePath(schemaURN: "urn:ietf:params:scim:schemas:core:2.0:User", attribute: "userName"), .sw,
                    "J"))
        #expect(try parser.parse(examples[4]) == F.pr("title"))
        #expect(
            try parser.parse(examples[13])
                == .and(
                    F.cmp("userType", .ne, "Employee"),
                    .not(.or(F.cmp("emails", .co, "example.com"), F.cmp("emails.value", .co, "example.org")))))
        #expect(
            try parser.parse(examples[16])
                == .or(
                    .valuePath(F.path("emails"), .and(F.eq("type", "work"), F.cmp("value", .co, "@example.com"))),
                    .valuePath(F.path("ims"), .and(F.eq("type", "xmpp"), F.cmp("value", .co, "@foo.com")))))
    }

    // MARK: Precedence, association, parentheses

    @Test func andBindsTighterThanOr() throws {
        let a = F.pr("title"), b = F.pr("userType"), c = F.pr("active")
        #expect(try parser.parse("title pr or userType pr and active pr") == .or(a, .and(b, c)))
        #expect(try parser.parse("title pr and userType pr or active pr") == .or(.and(a, b), c))
        #expect(try parser.parse("(title pr or userType pr) and active pr") == .and(.or(a, b), c))
        #expect(try parser.parse("not (title pr) and userType pr") == .and(.not(a), b))
        #expect(try parser.parse("not (title pr) or not (userType pr) and active pr") == .or(.not(a), .and(.not(b), c)))
    }

    @Test func andAndOrAssociateToTheLeft() throws {
        let a = F.pr("title"), b = F.pr("userType"), c = F.pr("active")
        #expect(try parser.parse("title pr and userType pr and active pr") == .and(.and(a, b), c))
        #expect(try parser.parse("title pr or userType pr or active pr") == .or(.or(a, b), c))
    }

    @Test func printingAddsParenthesesExactlyWhereNeeded() {
        let a = F.pr("a"), b = F.pr("b"), c = F.pr("c"), d = F.pr("d")
        #expect(Filter.and(.and(a, b), c).description == "a pr and b pr and c pr")
        #expect(Filter.and(a, .and(b, c)).description == "a pr and (b pr and c pr)")
        #expect(Filter.or(a, .or(b, c)).description == "a pr or (b pr or c pr)")
        #expect(Filter.or(.and(a, b), .and(c, d)).description == "a pr and b pr or c pr and d pr")
        #expect(Filter.and(.or(a, b), .or(c, d)).description == "(a pr or b pr) and (c pr or d pr)")
        #expect(Filter.not(.and(a, b)).description == "not (a pr and b pr)")
        #expect(Filter.not(.not(a)).description == "not (not (a pr))")
        #expect(Filter.valuePath(F.path("emails"), .or(a, b)).description == "emails[a pr or b pr]")
        #expect(Filter.and(.valuePath(F.path("emails"), .or(a, b)), c).description == "emails[a pr or b pr] and c pr")
    }

    @Test func redundantParenthesesDoNotChangeTheTree() throws {
        #expect(try parser.parse(#"((((userName eq "a"))))"#) == F.eq("userName", "a"))
        #expect(try parser.parse(#"emails[(type eq "work")]"#) == .valuePath(F.path("emails"), F.eq("type", "work")))
    }

    // MARK: Case-insensitive keywords, operators and literals

    @Test func operatorsAndKeywordsAreCaseInsensitive() throws {
        let lower = try parser.parse(#"userName eq "a" and title pr or not (active eq true) and emails[type ne "x"]"#)
        let mixed = try parser.parse(#"userName EQ "a" And title PR oR NOT (active Eq TRUE) AND emails[type Ne "x"]"#)
        #expect(mixed == lower)
        #expect(mixed.description == #"userName eq "a" and title pr or not (active eq true) and emails[type ne "x"]"#)
        for op in ComparisonOperator.allCases {
            #expect(try parser.parse("userName \(op.rawValue.uppercased()) \"x\"") == F.cmp("userName", op, "x"))
        }
        #expect(try parser.parse("active eq False") == F.eq("active", false))
        #expect(try parser.parse("title eq NULL") == F.eq("title", nil))
    }

    @Test func attributeNamesKeepTheirCaseUntilCompiled() throws {
        let filter = try parser.parse(#"USERNAME eq "a" and EMAILS[TYPE eq "work"] and NAME.GIVENNAME pr"#)
        #expect(filter.description == #"USERNAME eq "a" and EMAILS[TYPE eq "work"] and NAME.GIVENNAME pr"#)
        let compiled = try filter.compile(for: .user).filter
        #expect(compiled.description == #"userName eq "a" and emails[type eq "work"] and name.givenName pr"#)
        let qualified = try parser.parse(
            #"URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER:MANAGER.VALUE eq "m""#)
        #expect(
            try qualified.compile(for: .user).filter.description
                == #"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "m""#)
        // The core URN is not needed once the attribute is found.
        #expect(
            try parser.parse(#"urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J""#).compile(for: .user).filter
                == F.cmp("userName", .sw, "J"))
    }

    // MARK: Values

    @Test func valuesAreJSONLiterals() throws {
        #expect(
            try parser.parse(#"x eq "a \"quoted\" \\ back\/slash \u00e9 \ud83d\ude00""#)
                == F.eq("x", "a \"quoted\" \\ back/slash é 😀"))
        #expect(try parser.parse("x eq 42") == F.eq("x", 42))
        #expect(try parser.parse("x eq -1.5e3") == F.eq("x", -1500.0))
        #expect(try parser.parse("x eq 1.0") == F.eq("x", .decimal(1)))
        #expect(try parser.parse("x eq 1.0") != F.eq("x", .integer(1)))
        #expect(try parser.parse("x eq 99999999999999999999") == F.eq("x", .decimal(1e20)))
        #expect(try parser.parse("x eq true") == F.eq("x", true))
        #expect(try parser.parse("x eq null") == F.eq("x", nil))
        #expect(try parser.parse(#"x eq """#) == F.eq("x", ""))
        #expect(try parser.parse(#"x eq "日本語 ünïcödé""#) == F.eq("x", "日本語 ünïcödé"))
        #expect(F.eq("x", "a\"b\\c\nd").description == #"x eq "a\"b\\c\nd""#)
    }

    @Test func whitespaceBetweenTokensIsFlexible() throws {
        let expected = try parser.parse(#"userName eq "a" and emails[type eq "work"]"#)
        #expect(try parser.parse("  userName\teq  \"a\"\n and\u{A0}emails[ type eq \"work\" ]  ") == expected)
        #expect(try parser.parse(#"userName eq"a" and emails[type eq"work"]"#) == expected)
    }

    // MARK: Errors say what and where

    @Test(arguments: [
        (
            #"userName zz "x""#,
            #"at character 10: unknown operator "zz" (expected eq, ne, co, sw, ew, gt, ge, lt, le or pr)"#
        ),
        (#"userName eq "bjensen"#, #"at character 13: the string starting here is not terminated (missing '"')"#),
        (#"userName eq "a\"#, #"at character 13: the string starting here is not terminated (missing '"')"#),
        (#"(userName eq "x""#, "at the end of the filter: expected ')' to close the '(' at character 1"),
        (#"emails[type eq "work""#, "at the end of the filter: expected ']' to close the '[' at character 7"),
        (#"emails[type eq "work")"#, "at character 22: expected ']' to close the '[' at character 7"),
        (#"not userName eq "x""#, #"at character 5: expected '(' after "not" (write not (…))"#),
        (
            #"userName eq bjensen"#,
            #"at character 13: "bjensen" is not a value; strings need double quotes ("bjensen")"#
        ),
        (#"userName eq 'x'"#, #"at character 13: "'x'" is not a value"#),
        (#"emails[type[value eq "x"] eq "y"]"#, "at character 12: value filters cannot be nested"),
        (#"userName eq"#, #"at the end of the filter: expected a value after "eq""#),
        (#"userName"#, #"at the end of the filter: expected an operator after "userName""#),
        ("", "at the end of the filter: expected an attribute name"),
        ("   ", "at the end of the filter: expected an attribute name"),
        (#"userName eq "x" foo"#, #"at character 17: unexpected text (expected "and", "or" or the end)"#),
        (#"userName eq "x")"#, #"at character 16: unexpected text"#),
        (#"userName eq "x" and"#, "at the end of the filter: expected an attribute name"),
        (#"userName eq "x" or or title pr"#, #"at character 23: unknown operator "title""#),
        (#"userName eq 1.2.3"#, #"at character 13: "1.2.3" is not a valid number"#),
        (#"userName eq -"#, #"at character 13: "-" is not a valid number"#),
        (#"userName eq 01"#, #"at character 13: "01" is not a valid number"#),
        (#"userName eq "\x""#, "at character 13: invalid string literal: invalid escape sequence"),
        (#"userName eq "\ud800""#, "at character 13: invalid string literal: unpaired high surrogate"),
        ("userName eq \"a\tb\"", "at character 13: invalid string literal: control character"),
        (#"name..familyName eq "x""#, #"at character 1: "name..familyName" is not a valid attribute path"#),
        (#"userName eq "x" and 5 eq "y""#, "at character 21: expected an attribute name"),
        ("()", "at character 2: expected an attribute name"),
        (#"[type eq "x"]"#, "at character 1: expected an attribute name"),
        ("emails[]", "at character 8: expected an attribute name"),
        ("userName pr pr", "at character 13: unexpected text"),
        (#"userName eq ("x")"#, #"at character 13: expected a value after "eq""#),
        (#"userName eq "x" and not"#, #"at the end of the filter: expected '(' after "not""#),
        (#"日本 eq "x""#, #"at character 1: "日本" is not a valid attribute path"#),
        (#"userName eq "x" 😀 and title pr"#, "at character 17: unexpected text"),
    ])
    func parseErrorsAreInvalidFilterWithPosition(_ text: String, _ expected: String) throws {
        let error = try F.parseError(text)
        #expect(error.status == 400)
        #expect(error.scimType == .invalidFilter)
        #expect(error.detail.hasPrefix(expected) || error.detail.contains(expected), "\(error.detail)")
        #expect(error.jsonValue["scimType"] == "invalidFilter")
        #expect(error.jsonValue["status"] == "400")
    }

    @Test func aOneMegabyteFilterIsRefusedBeforeItCostsAnything() throws {
        let clock = ContinuousClock()
        let start = clock.now
        let text = #"userName eq ""# + String(repeating: "a", count: 1_000_000) + #"""#
        let error = try F.parseError(text)
        #expect(error.scimType == .invalidFilter)
        #expect(error.detail.contains("1000014 characters long; the limit is 4096"))
        #expect(clock.now - start < .seconds(1))
        #expect(throws: Never.self) {
            try parser.parse(#"userName eq ""# + String(repeating: "a", count: 4082) + #"""#)
        }
        #expect(throws: SCIMError.self) {
            try parser.parse(#"userName eq ""# + String(repeating: "a", count: 4083) + #"""#)
        }
    }

    @Test func nestingDeeperThanTheBoundIsRefusedWithItsPosition() throws {
        let ok = String(repeating: "(", count: 16) + "title pr" + String(repeating: ")", count: 16)
        #expect(try parser.parse(ok) == F.pr("title"))
        let tooDeep = String(repeating: "(", count: 17) + "title pr" + String(repeating: ")", count: 17)
        let error = try F.parseError(tooDeep)
        #expect(error.detail == "at character 17: the filter nests deeper than 16 levels")
        let nots = String(repeating: "not (", count: 17) + "title pr" + String(repeating: ")", count: 17)
        #expect(try F.parseError(nots).detail.contains("nests deeper than 16"))
        let mixed = String(repeating: "not (", count: 15) + #"emails[type eq "x"]"# + String(repeating: ")", count: 15)
        #expect(throws: Never.self) { try parser.parse(mixed) }
        let mixedTooDeep =
            String(repeating: "not (", count: 16) + #"emails[type eq "x"]"# + String(repeating: ")", count: 16)
        #expect(try F.parseError(mixedTooDeep).detail.contains("nests deeper"))
    }

    @Test func hundredThousandOpenParenthesesFailFastWhateverTheLengthLimit() throws {
        let clock = ContinuousClock()
        let start = clock.now
        let big = FilterParser(maximumLength: 1_000_000, maximumDepth: 16)
        for unit in ["(", "not (", "emails[", "((not ("] {
            let text = String(repeating: unit, count: 100_000 / unit.count) + "title pr"
            let error = try F.parseError(text, parser: big)
            // Value filters cannot nest at all, which is caught even before the depth bound.
            let expected =
                unit == "emails[" ? "at character 14: value filters cannot be nested" : "nests deeper than 16 levels"
            #expect(error.detail.contains(expected), "\(unit): \(error.detail)")
        }
        #expect(clock.now - start < .seconds(3))
    }

    @Test func customBoundsApply() throws {
        let strict = FilterParser(maximumLength: 20, maximumDepth: 1)
        #expect(throws: Never.self) { try strict.parse(#"(userName eq "x")"#) }
        #expect(try F.parseError(#"((userName eq "x"))"#, parser: strict).detail.contains("deeper than 1 levels"))
        #expect(try F.parseError(#"userName eq "xxxxxxxxxx""#, parser: strict).detail.contains("limit is 20"))
    }

    @Test func pathsWithURNPrefixesKeepDotsInTheURN() throws {
        let filter = try parser.parse(
            #"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "m""#)
        guard case .comparison(let path, .eq, "m") = filter else {
            Issue.record("unexpected \(filter)")
            return
        }
        #expect(path.schemaURN == "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")
        #expect(path.attribute == "manager")
        #expect(path.subAttribute == "value")
    }
}
