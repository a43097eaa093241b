import Foundation
import PropertyBased
import Testing

@testable import SCIM

/// `JSONWriter`: deterministic bytes (sorted names), the exact file format of ARCHITECTURE §3, and a lossless round trip
/// through `JSONParser`.
@Suite struct JSONWriterTests {
    @Test func compactOutputSortsNamesAndHasNoSpaces() {
        let value: JSONValue = ["b": 1, "a": [true, nil, 2.5], "c": ["z": "y", "x": [:]]]
        #expect(JSONWriter.compact.string(value) == #"{"a":[true,null,2.5],"b":1,"c":{"x":{},"z":"y"}}"#)
        #expect(value.description == JSONWriter.compact.string(value))
        #expect(JSONWriter.compact.bytes(value).last == UInt8(ascii: "}"))
    }

    @Test func prettyOutputIsTwoSpacesNameColonSpaceAndAFinalNewline() {
        let value: JSONValue = [
            "userName": "bjensen", "emails": [["value": "b@example.com", "primary": true]], "empty": [],
            "none": [:], "n": nil, "count": 3, "ratio": 1.0,
        ]
        let expected = """
            {
              "count": 3,
              "emails": [
                {
                  "primary": true,
                  "value": "b@example.com"
                }
              ],
              "empty": [],
              "n": null,
              "none": {},
              "ratio": 1.0,
              "userName": "bjensen"
            }

            """
        #expect(JSONWriter.pretty.string(value) == expected)
    }

    @Test func prettyScalarsAndEmptyContainersStillEndWithANewline() {
        #expect(JSONWriter.pretty.string(1) == "1\n")
        #expect(JSONWriter.pretty.string([]) == "[]\n")
        #expect(JSONWriter.pretty.string([:]) == "{}\n")
        #expect(JSONWriter.compact.string([]) == "[]")
        #expect(JSONWriter(indentation: 4).string(["a": [1]]) == "{\n    \"a\": [\n        1\n    ]\n}\n")
    }

    @Test func namesAreSortedByUnicodeCodePointNotLocale() {
        let value: JSONValue = ["é": 1, "b": 2, "B": 3, "a": 4, "$ref": 5, "😀": 6, "ｚ": 7]
        #expect(JSONWriter.compact.string(value) == #"{"$ref":5,"B":3,"a":4,"b":2,"é":1,"ｚ":7,"😀":6}"#)
    }

    @Test func stringsAreEscapedMinimallyAndUnambiguously() {
        let value = JSONValue.string("q\" b\\ s/ n\n r\r t\t bs\u{8} ff\u{C} nul\u{0} us\u{1F} del\u{7F} é 😀 \u{2028}")
        #expect(
            JSONWriter.compact.string(value)
                == #""q\" b\\ s/ n\n r\r t\t bs\u0008 ff\u000c nul\u0000 us\u001f del"# + "\u{7F} é 😀 \u{2028}\"")
    }

    @Test func numbersKeepTheirKind() {
        #expect(JSONWriter.compact.string(1) == "1")
        #expect(JSONWriter.compact.string(1.0) == "1.0")
        #expect(JSONWriter.compact.string(-0.0) == "-0.0")
        #expect(JSONWriter.compact.string(.decimal(1e16)) == "1e+16")
        #expect(JSONWriter.compact.string(.decimal(1e-7)) == "1e-07")
        #expect(JSONWriter.compact.string(.integer(Int.min)) == "-9223372036854775808")
        #expect(JSONWriter.compact.string(.decimal(0.1)) == "0.1")
    }

    @Test func nonFiniteDecimalsAreWrittenAsNullBecauseJSONCannotHoldThem() {
        #expect(JSONWriter.compact.string(.decimal(.infinity)) == "null")
        #expect(JSONWriter.compact.string(.decimal(.nan)) == "null")
    }

    @Test func writtenNumbersParseBackToTheSameKindAndValue() throws {
        let values: [JSONValue] = [
            .integer(0), .integer(Int.max), .integer(Int.min), .decimal(1.0), .decimal(-0.0), .decimal(1e16),
            .decimal(1e-7), .decimal(.leastNonzeroMagnitude), .decimal(.greatestFiniteMagnitude), .decimal(0.1 + 0.2),
            .decimal(123_456_789.123_456_78),
        ]
        for value in values {
            let parsed = try JSONParser().parse(JSONWriter.compact.string(value))
            #expect(parsed == value)
            #expect(parsed.kindName == value.kindName)
        }
    }

    // MARK: Property: write → parse is the identity

    @Test func randomDocumentsRoundTripCompactAndPretty() async {
        await propertyCheck(count: 300, input: JSONGenerators.document) { value in
            for writer in [JSONWriter.compact, JSONWriter.pretty] {
                let bytes = writer.bytes(value)
                let parsed = try JSONParser(maximumDepth: 64).parse(bytes)
                #expect(parsed == value)
                // Byte-identical on the second pass: nothing was normalized away (scalars, number kinds, order).
                #expect(writer.bytes(parsed) == bytes)
            }
        }
    }

    @Test func prettyAndCompactParseToTheSameValue() async {
        await propertyCheck(count: 100, input: JSONGenerators.document) { value in
            let fromPretty = try JSONParser().parse(JSONWriter.pretty.bytes(value))
            let fromCompact = try JSONParser().parse(JSONWriter.compact.bytes(value))
            #expect(fromPretty == fromCompact)
            #expect(JSONWriter.pretty.bytes(value).last == 0x0A)
        }
    }
}

/// Random `JSONValue` trees for property tests.
enum JSONGenerators {
    /// Scalars a JSON string may hold, weighted toward the ones that need escaping or several UTF-8 bytes.
    static func randomScalar(using rng: inout some RandomNumberGenerator) -> Unicode.Scalar {
        switch Int.random(in: 0..<10, using: &rng) {
        case 0: return Unicode.Scalar(UInt8.random(in: 0...0x1F, using: &rng))
        case 1: return ["\"", "\\", "/", "\u{7F}", "\u{2028}", "\u{FEFF}"].randomElement(using: &rng)!
        case 2: return Unicode.Scalar(UInt32.random(in: 0x80...0x7FF, using: &rng))!
        case 3:
            let value = UInt32.random(in: 0x800...0xFFFD, using: &rng)
            return Unicode.Scalar(value) ?? "x"  // skips the surrogate range
        case 4: return Unicode.Scalar(UInt32.random(in: 0x10000...0x10FFFF, using: &rng))!
        case 5: return ["e", "\u{301}", "😀", "👩‍💻"].randomElement(using: &rng)!.unicodeScalars.first!
        default: return Unicode.Scalar(UInt8.random(in: 0x20...0x7E, using: &rng))
        }
    }

    static func randomString(using rng: inout some RandomNumberGenerator, maximumLength: Int = 12) -> String {
        var scalars = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...maximumLength, using: &rng) { scalars.append(randomScalar(using: &rng)) }
        return String(scalars)
    }

    static func randomDecimal(using rng: inout some RandomNumberGenerator) -> Double {
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: return Double(Int.random(in: -1000...1000, using: &rng))  // integral decimals such as 1.0
        case 1: return Double.random(in: -1...1, using: &rng)
        case 2:
            while true {
                let candidate = Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &rng))
                if candidate.isFinite { return candidate }
            }
        default: return Double.random(in: -1e6...1e6, using: &rng)
        }
    }

    static func randomValue(depth: Int, using rng: inout some RandomNumberGenerator) -> JSONValue {
        let choice = Int.random(in: 0..<(depth > 0 ? 9 : 7), using: &rng)
        switch choice {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &rng))
        case 2: return .integer(Int.random(in: Int.min...Int.max, using: &rng))
        case 3: return .integer(Int.random(in: -10...10, using: &rng))
        case 4: return .decimal(randomDecimal(using: &rng))
        case 5, 6: return .string(randomString(using: &rng))
        case 7:
            return .array(
                (0..<Int.random(in: 0...4, using: &rng)).map { _ in randomValue(depth: depth - 1, using: &rng) })
        default:
            var object = JSONObject()
            for _ in 0..<Int.random(in: 0...4, using: &rng) {
                object[randomString(using: &rng, maximumLength: 6)] = randomValue(depth: depth - 1, using: &rng)
            }
            return .object(object)
        }
    }

    /// A document up to five levels deep.
    static let document = Generator<JSONValue, Shrink.None<JSONValue>> { rng in
        randomValue(depth: 5, using: &rng)
    }
}
