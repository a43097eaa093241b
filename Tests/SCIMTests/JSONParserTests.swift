import Foundation
import Testing

@testable import SCIM

/// `JSONParser`: exactly RFC 8259, numbers keep their kind, Unicode intact, and every rejection says where.
@Suite struct JSONParserTests {
    let parser = JSONParser()

    // MARK: Values and kinds

    @Test func integersStayIntegers() throws {
        #expect(try parser.parse("0") == .integer(0))
        #expect(try parser.parse("-17") == .integer(-17))
        #expect(try parser.parse("9223372036854775807") == .integer(Int.max))
        #expect(try parser.parse("-9223372036854775808") == .integer(Int.min))
    }

    @Test func numbersWithFractionOrExponentStayDecimals() throws {
        #expect(try parser.parse("1.0") == .decimal(1.0))
        #expect(try parser.parse("1.0") != .integer(1))
        #expect(try parser.parse("-0.5") == .decimal(-0.5))
        #expect(try parser.parse("1e2") == .decimal(100))
        #expect(try parser.parse("1E+2") == .decimal(100))
        #expect(try parser.parse("25e-1") == .decimal(2.5))
        #expect(try parser.parse("1.5e3") == .decimal(1500))
    }

    @Test func integersBeyondSixtyFourBitsBecomeDecimals() throws {
        #expect(try parser.parse("9223372036854775808") == .decimal(9_223_372_036_854_775_808.0))
        #expect(try parser.parse("-9223372036854775809") == .decimal(-9_223_372_036_854_775_809.0))
        #expect(
            try parser.parse("123456789012345678901234567890") == .decimal(Double("123456789012345678901234567890")!))
    }

    @Test func numbersTooLargeForADoubleAreRejectedNotInfinite() {
        #expect(throws: JSONParseError.self) { try parser.parse("1e400") }
        #expect(throws: JSONParseError.self) { try parser.parse("-1e400") }
        #expect(throws: JSONParseError.self) { try parser.parse(String(repeating: "9", count: 400)) }
    }

    @Test func literalsAndContainers() throws {
        #expect(try parser.parse("true") == .bool(true))
        #expect(try parser.parse("false") == .bool(false))
        #expect(try parser.parse("null") == .null)
        #expect(try parser.parse(" [ ] ") == .array([]))
        #expect(try parser.parse("{}") == .object([:]))
        #expect(
            try parser.parse(#"{"a": [1, 2.5, "x", null, {"b": false}]}"#)
                == ["a": [1, 2.5, "x", nil, ["b": false]]])
    }

    @Test func nullIsDistinctFromAbsent() throws {
        let value = try parser.parse(#"{"a": null}"#)
        #expect(value.objectValue?["a"] == .some(.null))
        #expect(value.objectValue?["b"] == nil)
        #expect(value.objectValue?.count == 1)
    }

    // MARK: Strings and Unicode

    @Test func escapesAreDecoded() throws {
        #expect(try parser.parse(#""\"\\\/\b\f\n\r\t""#) == .string("\"\\/\u{8}\u{C}\n\r\t"))
        #expect(try parser.parse(#""\u0041\u00e9\u00E9""#) == .string("Aéé"))
        #expect(try parser.parse(#""\u0000""#) == .string("\u{0}"))
    }

    @Test func surrogatePairEscapesBecomeOneAstralScalar() throws {
        let value = try parser.parse(#""\ud83d\ude00 \uD834\uDD1E""#)
        #expect(value == .string("😀 𝄞"))
        #expect(value.stringValue.map { Array($0.unicodeScalars) } == ["\u{1F600}", " ", "\u{1D11E}"])
    }

    @Test func rawUTF8IncludingAstralCharactersIsKept() throws {
        let text = "\"grüße 日本 😀 \u{10FFFF}\""
        let value = try parser.parse(Array(text.utf8))
        #expect(value.stringValue.map { Array($0.unicodeScalars) } == Array("grüße 日本 😀 \u{10FFFF}".unicodeScalars))
    }

    @Test func decomposedAndPrecomposedStringsKeepTheirScalars() throws {
        // Swift's String == is canonical equivalence; the parser must still not normalize.
        let decomposed = try parser.parse("\"e\u{301}\"")
        #expect(decomposed.stringValue.map { Array($0.unicodeScalars) } == ["e", "\u{301}"])
    }

    @Test func loneSurrogateEscapesAreRejected() {
        for text in [#""\ud800""#, #""\udc00""#, #""\ud800\u0041""#, #""\ud800x""#, #""\ud800\n""#, #""\udbff\udbff""#]
        {
            #expect(throws: JSONParseError.self, "\(text)") { try parser.parse(text) }
        }
    }

    @Test func invalidUTF8IsRejectedAtTheStringThatHoldsIt() throws {
        let cases: [[UInt8]] = [
            [0x22, 0xC3, 0x28, 0x22],  // truncated two-byte sequence
            [0x22, 0xC0, 0xAF, 0x22],  // overlong '/'
            [0x22, 0xED, 0xA0, 0x80, 0x22],  // an encoded surrogate
            [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],  // beyond U+10FFFF
            [0x22, 0xFF, 0x22],
            [0x22, 0x80, 0x22],  // a lone continuation byte
        ]
        for bytes in cases {
            let error = try #require(throws: JSONParseError.self) { try parser.parse(bytes) }
            #expect(error.offset == 0 && error.line == 1 && error.column == 1)
            #expect(error.reason.contains("UTF-8"))
        }
        let outside = try #require(throws: JSONParseError.self) { try parser.parse([0x5B, 0xFF, 0x5D]) }
        #expect(outside.column == 2)
        #expect(outside.reason.contains("0xFF"))
    }

    @Test func controlCharactersInsideStringsAreRejected() throws {
        for byte: UInt8 in [0x00, 0x09, 0x0A, 0x0D, 0x1F] {
            let error = try #require(throws: JSONParseError.self) { try parser.parse([0x22, 0x61, byte, 0x22]) }
            #expect(error.offset == 2)
            #expect(error.reason.contains("control character"))
        }
        #expect(try parser.parse([0x22, 0x7F, 0x22]) == .string("\u{7F}"))  // DEL is not a control character in JSON
    }

    @Test func invalidEscapesAreRejected() {
        for text in [#""\x""#, #""\u12""#, #""\u12G4""#, #""\U0041""#, #""\'""#, #""\"#, #""abc"#] {
            #expect(throws: JSONParseError.self, "\(text)") { try parser.parse(text) }
        }
    }

    // MARK: Grammar violations and their positions

    @Test func duplicateMemberNamesAreRejectedAtTheSecondName() throws {
        let error = try #require(throws: JSONParseError.self) { try parser.parse(#"{"a":1,"a":2}"#) }
        #expect(error.column == 8)
        #expect(error.reason.contains("\"a\""))
        let escaped = try #require(throws: JSONParseError.self) { try parser.parse(#"{"a":1,"\u0061":2}"#) }
        #expect(escaped.column == 8)
        // Member names are case-sensitive in JSON.
        #expect(try parser.parse(#"{"a":1,"A":2}"#) == ["a": 1, "A": 2])
    }

    @Test func trailingCommasAreRejected() throws {
        let array = try #require(throws: JSONParseError.self) { try parser.parse("[1,]") }
        #expect(array.column == 4)
        let object = try #require(throws: JSONParseError.self) { try parser.parse(#"{"a":1,}"#) }
        #expect(object.column == 8)
        #expect(throws: JSONParseError.self) { try parser.parse("[,1]") }
        #expect(throws: JSONParseError.self) { try parser.parse("[1,,2]") }
    }

    @Test func leadingZerosAndOtherNumberFormsAreRejected() throws {
        let leadingZero = try #require(throws: JSONParseError.self) { try parser.parse("01") }
        #expect(leadingZero.column == 2)
        #expect(leadingZero.reason.contains("leading zeros"))
        for text in [
            "-01", "+1", ".5", "1.", "1.e3", "1e", "1e+", "-", "0x10", "NaN", "Infinity", "-Infinity", "1_000",
        ] {
            #expect(throws: JSONParseError.self, "\(text)") { try parser.parse(text) }
        }
        #expect(try parser.parse("0.5") == .decimal(0.5))
        #expect(try parser.parse("-0") == .integer(0))
        #expect(try parser.parse("1e05") == .decimal(100_000))
    }

    @Test func exactLineAndColumnOfErrors() throws {
        let text = "{\n  \"a\": 1,\n  \"b\": tru\n}"
        let error = try #require(throws: JSONParseError.self) { try parser.parse(text) }
        #expect(error.line == 3)
        #expect(error.column == 8)
        #expect(error.offset == 19)
        #expect(error.description.hasPrefix("line 3, column 8: "))

        let missingColon = try #require(throws: JSONParseError.self) { try parser.parse("{\n\"a\" 1}") }
        #expect((missingColon.line, missingColon.column) == (2, 5))
        #expect(missingColon.reason.contains("':'"))

        let missingComma = try #require(throws: JSONParseError.self) { try parser.parse("[1\n,2\n 3]") }
        #expect((missingComma.line, missingComma.column) == (3, 2))

        let unterminated = try #require(throws: JSONParseError.self) { try parser.parse("[\"abc") }
        #expect((unterminated.line, unterminated.column) == (1, 2))
        #expect(unterminated.reason.contains("unterminated"))

        let trailing = try #require(throws: JSONParseError.self) { try parser.parse("{} x") }
        #expect(trailing.column == 4)

        let empty = try #require(throws: JSONParseError.self) { try parser.parse("   ") }
        #expect(empty.column == 4)
        #expect(try #require(throws: JSONParseError.self) { try parser.parse("") }.offset == 0)

        let truncated = try #require(throws: JSONParseError.self) { try parser.parse(#"{"a": [1, 2"#) }
        #expect(truncated.offset == 11)
    }

    @Test func commentsAndSingleQuotesAreRejected() {
        for text in ["// c\n1", "/* c */ 1", "['a']", "{a: 1}", "[1] // x", "tru", "nul", "True", "NULL"] {
            #expect(throws: JSONParseError.self, "\(text)") { try parser.parse(text) }
        }
    }

    // MARK: Byte-order mark and whitespace

    @Test func leadingByteOrderMarkIsSkipped() throws {
        #expect(try parser.parse([0xEF, 0xBB, 0xBF] + Array(#"{"a":1}"#.utf8)) == ["a": 1])
        #expect(throws: JSONParseError.self) { try parser.parse(Array("[1]".utf8) + [0xEF, 0xBB, 0xBF]) }
        #expect(throws: JSONParseError.self) { try parser.parse([0x20, 0xEF, 0xBB, 0xBF, 0x31]) }
    }

    @Test func onlyJSONWhitespaceIsAllowedBetweenTokens() throws {
        #expect(try parser.parse(" \t\r\n[ 1 ,\t2 ]\r\n") == [1, 2])
        #expect(throws: JSONParseError.self) { try parser.parse("\u{A0}1") }  // no-break space
        #expect(throws: JSONParseError.self) { try parser.parse("[1,\u{C}2]") }  // form feed
    }

    // MARK: Nesting bound

    @Test func hundredThousandOpenBracketsFailFast() throws {
        let clock = ContinuousClock()
        let start = clock.now
        let error = try #require(throws: JSONParseError.self) {
            try parser.parse(Array(repeating: UInt8(ascii: "["), count: 100_000))
        }
        #expect(error.reason.contains("nesting deeper than 64"))
        #expect(error.offset == 64)
        let objects = String(repeating: #"{"a":"#, count: 100_000)
        let objectError = try #require(throws: JSONParseError.self) { try parser.parse(objects) }
        #expect(objectError.reason.contains("nesting"))
        let mixed = String(repeating: #"[{"a":"#, count: 50_000)
        #expect(throws: JSONParseError.self) { try parser.parse(mixed) }
        #expect(clock.now - start < .seconds(2))
    }

    @Test func nestingUpToTheBoundIsAccepted() throws {
        let deepest = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(throws: Never.self) { try parser.parse(deepest) }
        let tooDeep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(throws: JSONParseError.self) { try parser.parse(tooDeep) }
        let custom = JSONParser(maximumDepth: 2)
        #expect(try custom.parse(#"{"a":[1]}"#) == ["a": [1]])
        #expect(throws: JSONParseError.self) { try custom.parse(#"{"a":[[1]]}"#) }
        // Siblings do not add up: depth is per path, not per document.
        #expect(try custom.parse("[[1],[2],[3]]") == [[1], [2], [3]])
    }

    // MARK: Robustness

    @Test func everyTruncationOfADocumentFailsCleanly() throws {
        let text = Array(#"{"a": [1, -2.5e3, "x\u00e9\ud83d\ude00", true, false, null], "b": {"c": {}}}"#.utf8)
        let whole = try parser.parse(text)
        #expect(whole["b"]?["c"] == .object([:]))
        for length in 0..<text.count {
            let prefix = Array(text[..<length])
            #expect(throws: JSONParseError.self, "prefix of length \(length)") { try parser.parse(prefix) }
        }
    }

    @Test func randomBytesNeverCrash() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array(#"{}[]":,-+.eE0123456789 tfnrule\aé"#.utf8) + [0x00, 0x0A, 0xFF, 0xC3, 0xED]
        for _ in 0..<2000 {
            let length = Int.random(in: 0...40, using: &generator)
            let bytes = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
            do {
                _ = try parser.parse(bytes)
            } catch {
                #expect(error.offset >= 0 && error.offset <= bytes.count)
                #expect(error.line >= 1 && error.column >= 1)
            }
        }
    }
}
