import Foundation
import PropertyBased
import Testing

@testable import SCIM

/// Random filter trees and random text for property tests.
enum FilterGenerators {
    static let urns = [
        "urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
        "urn:example:params:scim:schemas:extension:acme:2.0:User", "URN:X:Y",
    ]
    /// Valid ATTRNAMEs, including ones that look like keywords and literals (`and`, `or`, `true`, `pr`, `eq`).
    /// `not` is left out: `not pr` reads as the start of `not (…)`, see `theAttributeNameNotIsAmbiguous`.
    static let names = [
        "userName", "name", "givenName", "emails", "value", "type", "primary", "$ref", "x", "A1", "a-b", "a_b", "and",
        "or",
        "true", "null", "pr", "eq", "Meta", "lastModified",
    ]

    static func randomPath(allowURN: Bool, using rng: inout some RandomNumberGenerator) -> AttributePath {
        var name: String
        if Int.random(in: 0..<4, using: &rng) == 0 {
            let letters = Array("abcXYZ")
            let rest = Array("abcXYZ019-_")
            name = String(letters.randomElement(using: &rng)!)
            for _ in 0..<Int.random(in: 0...6, using: &rng) { name.append(rest.randomElement(using: &rng)!) }
        } else {
            name = names.randomElement(using: &rng)!
        }
        let sub = Bool.random(using: &rng) ? names.randomElement(using: &rng)! : nil
        let urn = allowURN && Int.random(in: 0..<4, using: &rng) == 0 ? urns.randomElement(using: &rng)! : nil
        return AttributePath(schemaURN: urn, attribute: name, subAttribute: sub)
    }

    static func randomValue(using rng: inout some RandomNumberGenerator) -> JSONValue {
        switch Int.random(in: 0..<7, using: &rng) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &rng))
        case 2: return .integer(Int.random(in: Int.min...Int.max, using: &rng))
        case 3: return .decimal(JSONGenerators.randomDecimal(using: &rng))
        case 4:
            return .string(
                ["", "\"", "\\", "a\"b\\c", "O'Malley", ")", "]", " and ", "\"\\\"", "😀"].randomElement(using: &rng)!)
        default: return .string(JSONGenerators.randomString(using: &rng))
        }
    }

    static func randomFilter(depth: Int, inValuePath: Bool, using rng: inout some RandomNumberGenerator) -> Filter {
        let choice = depth > 0 ? Int.random(in: 0..<9, using: &rng) : Int.random(in: 0..<2, using: &rng)
        switch choice {
        case 0:
            let op = ComparisonOperator.allCases.randomElement(using: &rng)!
            return .comparison(randomPath(allowURN: !inValuePath, using: &rng), op, randomValue(using: &rng))
        case 1: return .present(randomPath(allowURN: true, using: &rng))
        case 2, 3:
            return .and(
                randomFilter(depth: depth - 1, inValuePath: inValuePath, using: &rng),
                randomFilter(depth: depth - 1, inValuePath: inValuePath, using: &rng))
        case 4, 5:
            return .or(
                randomFilter(depth: depth - 1, inValuePath: inValuePath, using: &rng),
                randomFilter(depth: depth - 1, inValuePath: inValuePath, using: &rng))
        case 6: return .not(randomFilter(depth: depth - 1, inValuePath: inValuePath, using: &rng))
        default:
            if inValuePath { return .not(randomFilter(depth: depth - 1, inValuePath: true, using: &rng)) }
            var path = randomPath(allowURN: true, using: &rng)
            path.subAttribute = nil
            return .valuePath(path, randomFilter(depth: depth - 1, inValuePath: true, using: &rng))
        }
    }

    static let filter = Generator<Filter, Shrink.None<Filter>> { rng in
        randomFilter(depth: 4, inValuePath: false, using: &rng)
    }

    /// Fragments of filter syntax, glued at random.
    static let fragments = [
        "userName", "emails", "emails.value", "name.givenName", "urn:ietf:params:scim:schemas:core:2.0:User:userName",
        " eq ", " ne ", " co ", " sw ", " gt ", " pr", " and ", " or ", "not ", "(", ")", "[", "]", "\"", "\"x\"",
        "\"a\\\"b\"", "\\", "\\u", "\\ud800", "1", "-", "1.5e3", "true", "null", " ", "\t", ".", ":", "😀", "é", "\u{0}",
        "'", "EQ", "AND", "[type eq \"work\"]",
    ]

    static let soup = Generator<String, Shrink.None<String>> { rng in
        (0..<Int.random(in: 0...16, using: &rng)).map { _ in fragments.randomElement(using: &rng)! }.joined()
    }

    static let anyText = Generator<String, Shrink.None<String>> { rng in
        JSONGenerators.randomString(using: &rng, maximumLength: 40)
    }
}

/// Properties of the filter language: printing and parsing are inverse, and nothing crashes.
@Suite struct FilterPropertyTests {
    let parser = FilterParser()

    @Test func printingAParsedFilterAndParsingItAgainGivesTheSameFilter() async {
        await propertyCheck(count: 500, input: FilterGenerators.filter) { filter in
            let text = filter.description
            let reparsed = try parser.parse(text)
            #expect(reparsed == filter, "\(text)")
            #expect(reparsed.description == text)
        }
    }

    @Test func compilingRandomTreesEitherWorksOrIsAnInvalidFilter() async throws {
        let registry = try ValidationSupport.acmeRegistry()
        let users = FilterDirectory.all.map(\.1)
        await propertyCheck(count: 300, input: FilterGenerators.filter) { filter in
            switch Result(catching: { () throws(SCIMError) in try filter.compile(for: registry.user) }) {
            case .success(let predicate):
                // The canonical filter prints and parses back, and compiles to a predicate that agrees.
                let again = try parser.parse(predicate.filter.description).compile(for: registry.user)
                for user in users { #expect(predicate.matches(user) == again.matches(user)) }
            case .failure(let error):
                #expect(error.status == 400)
                #expect(error.scimType == .invalidFilter)
            }
        }
    }

    @Test func notOfAFilterMatchesExactlyTheOtherUsers() async {
        await propertyCheck(count: 200, input: FilterGenerators.filter) { filter in
            guard let predicate = try? filter.compile(for: .user),
                let negated = try? Filter.not(filter).compile(for: .user)
            else { return }
            for (_, user) in FilterDirectory.all { #expect(predicate.matches(user) != negated.matches(user)) }
        }
    }

    @Test func randomFragmentsNeverCrashAndFailOnlyWithInvalidFilter() async {
        await propertyCheck(count: 1000, input: FilterGenerators.soup) { text in
            Self.expectParsesOrInvalidFilter(text, parser: parser)
        }
    }

    @Test func randomUnicodeTextNeverCrashes() async {
        await propertyCheck(count: 500, input: FilterGenerators.anyText) { text in
            Self.expectParsesOrInvalidFilter(text, parser: parser)
        }
    }

    @Test func everyTruncationOfEveryRFCExampleParsesOrFailsCleanly() throws {
        var failures = 0
        for example in try F.rfcExamples() {
            let scalars = Array(example.unicodeScalars)
            for length in 0...scalars.count {
                var prefix = String.UnicodeScalarView()
                prefix.append(contentsOf: scalars[..<length])
                if !Self.expectParsesOrInvalidFilter(String(prefix), parser: parser) { failures += 1 }
            }
        }
        #expect(failures > 100)  // most prefixes are not filters
    }

    @Test func deeplyNestedRandomInputsFailWithInvalidFilter() async {
        let big = FilterParser(maximumLength: 1_000_000, maximumDepth: 16)
        let openers = ["(", "not (", "emails[", "not(", "(not ("]
        let generator = Generator<String, Shrink.None<String>> { rng in
            let depth = Int.random(in: 17...20_000, using: &rng)
            var text = ""
            for _ in 0..<depth { text += openers.randomElement(using: &rng)! }
            text += #"userName eq "x""#
            if Bool.random(using: &rng) { text += String(repeating: ")", count: depth) }
            return text
        }
        await propertyCheck(count: 40, input: generator) { text in
            let error = try #require(throws: SCIMError.self) { try big.parse(text) }
            #expect(error.scimType == .invalidFilter)
            #expect(error.detail.contains("at character"))
        }
    }

    @Test func longChainsOfAndAndOrAreBoundedSoTheyCannotExhaustTheStack() throws {
        let big = FilterParser(maximumLength: 2_000_000, maximumDepth: 16)
        let chain = Array(repeating: #"userName eq "x""#, count: 50_000).joined(separator: " or ")
        let error = try #require(throws: SCIMError.self) { try big.parse(chain) }
        #expect(error.scimType == .invalidFilter)
        #expect(error.detail.contains("at character"))
        #expect(error.detail.contains("comparisons"))
        // Up to the bound a chain works end to end.
        let allowed = Array(repeating: #"userName eq "x""#, count: big.maximumTerms).joined(separator: " and ")
        let filter = try big.parse(allowed)
        #expect(try big.parse(filter.description) == filter)
        #expect(try filter.compile(for: .user).matches(["userName": "X"]))
        let oneTooMany = allowed + #" and title pr"#
        #expect(throws: SCIMError.self) { try big.parse(oneTooMany) }
    }

    @Test func theAttributeNameNotIsAmbiguous() throws {
        // "not" is a valid ATTRNAME, but `not pr` reads as the `not (…)` keyword; no schema here defines "not".
        let error = try F.parseError("not pr")
        #expect(error.detail.contains("expected '(' after \"not\""))
        #expect(try parser.parse("x pr and and pr") == .and(F.pr("x"), F.pr("and")))
    }

    /// Parses `text`; a failure must be a 400 `invalidFilter` whose detail says where. Returns whether it parsed.
    @discardableResult
    static func expectParsesOrInvalidFilter(_ text: String, parser: FilterParser) -> Bool {
        switch Result(catching: { () throws(SCIMError) in try parser.parse(text) }) {
        case .success(let filter):
            #expect((try? parser.parse(filter.description)) == filter, "\(text)")
            return true
        case .failure(let error):
            #expect(error.status == 400)
            #expect(error.scimType == .invalidFilter)
            #expect(
                error.detail.hasPrefix("at character ") || error.detail.hasPrefix("at the end of the filter"),
                "\(error.detail)")
            return false
        }
    }
}
