import Foundation
import Testing

@testable import SCIM

/// `JSONValue`'s accessors and literals.
@Suite struct JSONValueTests {
    @Test func accessorsReturnOnlyTheirOwnKind() {
        let values: [JSONValue] = [nil, true, 1, 1.5, "s", [1], ["a": 1]]
        #expect(values.map(\.kindName) == ["null", "boolean", "integer", "decimal", "string", "array", "object"])
        #expect(values.map(\.isNull) == [true, false, false, false, false, false, false])
        #expect(values.compactMap(\.boolValue) == [true])
        #expect(values.compactMap(\.integerValue) == [1])
        #expect(values.compactMap(\.numberValue) == [1, 1.5])
        #expect(values.compactMap(\.stringValue) == ["s"])
        #expect(values.compactMap(\.arrayValue) == [[1]])
        #expect(values.compactMap(\.objectValue) == [["a": 1]])
        #expect(JSONValue.string("True").boolValue == nil)  // string booleans are the validator's business
    }

    @Test func subscriptReadsMembersCaseSensitively() {
        let value: JSONValue = ["userName": "a", "n": nil]
        #expect(value["userName"] == "a")
        #expect(value["USERNAME"] == nil)
        #expect(value["n"] == .some(.null))
        #expect(JSONValue.array([1])["userName"] == nil)
    }

    @Test func integersAndDecimalsAreDifferentValues() {
        #expect(JSONValue.integer(1) != JSONValue.decimal(1))
        #expect(JSONValue.decimal(0) == JSONValue.decimal(-0.0))
        #expect(Set<JSONValue>([.integer(1), .decimal(1), .string("1"), .bool(true)]).count == 4)
    }

    @Test func dictionaryLiteralKeepsTheLastOfARepeatedKey() {
        let value: JSONValue = ["a": 1, "a": 2]
        #expect(value == ["a": 2])
    }

    /// Design note: `JSONObject` is a Swift `Dictionary`, and Swift strings compare by canonical equivalence. Two member
    /// names that differ only in Unicode normalization ("é" precomposed and decomposed) are therefore one key, and the
    /// parser reports the second as a repeated name rather than silently dropping one. SCIM attribute names are
    /// ASCII, so this only affects free-form objects.
    @Test func canonicallyEquivalentMemberNamesCountAsTheSameName() throws {
        let text = "{\"\u{E9}\": 1, \"e\u{301}\": 2}"
        let error = try #require(throws: JSONParseError.self) { try JSONParser().parse(text) }
        #expect(error.reason.contains("appears twice"))
        #expect(JSONValue.string("\u{E9}") == JSONValue.string("e\u{301}"))
    }

    @Test func descriptionIsCompactJSON() {
        let value: JSONValue = ["b": [1, 2.5, "x\"y"], "a": nil]
        #expect(value.description == #"{"a":null,"b":[1,2.5,"x\"y"]}"#)
        #expect("\(JSONValue.string("t"))" == #""t""#)
    }
}
