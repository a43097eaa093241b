/// One token of filter text, with the character offset where it starts (for error messages).
struct FilterToken: Equatable {
    enum Kind: Equatable {
        /// An attribute path, operator or keyword (`and`, `not`, `true`, …): a run of anything but space, quotes,
        /// parentheses and brackets.
        case word(String)
        /// A JSON string literal, unescaped.
        case string(String)
        /// A JSON number literal.
        case number(JSONValue)
        case openParenthesis, closeParenthesis, openBracket, closeBracket
        /// The end of the text.
        case end
    }

    var kind: Kind
    /// 0-based offset in characters (Unicode scalars) of the token's first character.
    var offset: Int
}

/// Splits filter text into ``FilterToken``s (RFC 7644 §3.4.2.2). String literals follow JSON (RFC 8259 §7), so
/// escaped quotes and `\u` escapes work; numbers follow JSON too.
struct FilterLexer {
    private let scalars: [Unicode.Scalar]
    private var index = 0

    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
    }

    mutating func tokenize() throws(SCIMError) -> [FilterToken] {
        var tokens: [FilterToken] = []
        while true {
            let token = try next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private mutating func next() throws(SCIMError) -> FilterToken {
        while index < scalars.count, Self.isSpace(scalars[index]) { index += 1 }
        let start = index
        guard index < scalars.count else { return FilterToken(kind: .end, offset: start) }
        let scalar = scalars[index]
        switch scalar {
        case "(": index += 1; return FilterToken(kind: .openParenthesis, offset: start)
        case ")": index += 1; return FilterToken(kind: .closeParenthesis, offset: start)
        case "[": index += 1; return FilterToken(kind: .openBracket, offset: start)
        case "]": index += 1; return FilterToken(kind: .closeBracket, offset: start)
        case "\"": return FilterToken(kind: .string(try readString()), offset: start)
        case "-", "0"..."9":
            let text = readWord()
            guard case .some(let number) = try? JSONParser().parse(text), number.numberValue != nil else {
                throw .invalidFilter("at character \(start + 1): \"\(text)\" is not a valid number")
            }
            return FilterToken(kind: .number(number), offset: start)
        default:
            return FilterToken(kind: .word(readWord()), offset: start)
        }
    }

    /// Whitespace, with an ASCII fast path: the Unicode property lookup dominated filter parsing.
    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" : scalar.properties.isWhitespace
    }

    private static func isDelimiter(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "(" || scalar == ")" || scalar == "[" || scalar == "]" || scalar == "\""
    }

    private mutating func readWord() -> String {
        var word = String.UnicodeScalarView()
        while index < scalars.count {
            let scalar = scalars[index]
            if Self.isSpace(scalar) || Self.isDelimiter(scalar) { break }
            word.append(scalar)
            index += 1
        }
        return String(word)
    }

    private mutating func readString() throws(SCIMError) -> String {
        let start = index
        index += 1
        while index < scalars.count {
            switch scalars[index] {
            case "\\": index += 2
            case "\"":
                index += 1
                var literal = String.UnicodeScalarView()
                literal.append(contentsOf: scalars[start..<index])
                do {
                    guard let value = try JSONParser().parse(String(literal)).stringValue else { break }
                    return value
                } catch {
                    throw .invalidFilter("at character \(start + 1): invalid string literal: \(error.reason)")
                }
            default: index += 1
            }
        }
        throw .invalidFilter("at character \(start + 1): the string starting here is not terminated (missing '\"')")
    }
}
