/// Parses the filter language of RFC 7644 §3.4.2.2 (the whole ABNF of Figure 1) into a ``Filter``.
///
/// Operators and keywords are case-insensitive; `not` binds tighter than `and`, which binds tighter than `or`;
/// parentheses group; `and`/`or` associate to the left. Input is bounded: text longer than ``maximumLength``
/// characters, nesting deeper than ``maximumDepth`` (parentheses, `not`, value paths) or more than ``maximumTerms``
/// attribute expressions is refused before it costs anything. (A chain `a and b and c …` nests the syntax tree one
/// level per term without any parenthesis, and compiling, matching and printing recurse over that tree.)
///
/// ```swift
/// let parser = FilterParser()
/// try parser.parse(#"userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")"#)
/// ```
///
/// Every error is a 400 ``SCIMError/ScimType/invalidFilter`` whose detail names the character position and what was
/// expected, e.g. `at character 10: unknown operator "zz" (expected eq, ne, co, sw, ew, gt, ge, lt, le or pr)`.
public struct FilterParser: Sendable {
    /// The longest filter accepted, in characters.
    public var maximumLength: Int
    /// The deepest nesting of parentheses, `not` and value paths accepted.
    public var maximumDepth: Int
    /// The most attribute expressions (comparisons, `pr`, value paths and the expressions inside them) accepted.
    public var maximumTerms: Int

    /// Creates a parser with the given bounds.
    public init(maximumLength: Int = 4096, maximumDepth: Int = 16, maximumTerms: Int = 256) {
        self.maximumLength = maximumLength
        self.maximumDepth = maximumDepth
        self.maximumTerms = maximumTerms
    }

    /// Parses a whole filter expression.
    ///
    /// - Throws: ``SCIMError`` 400 `invalidFilter`.
    public func parse(_ text: String) throws(SCIMError) -> Filter {
        var state = try state(for: text)
        let filter = try state.parseOr()
        try state.expectEnd()
        return filter
    }

    /// A parse positioned at the first token of `text`, after the length check; PATCH paths reuse it.
    func state(for text: String) throws(SCIMError) -> FilterParserState {
        guard text.unicodeScalars.count <= maximumLength else {
            throw .invalidFilter("the filter is \(text.unicodeScalars.count) characters long; the limit is \(maximumLength)")
        }
        var lexer = FilterLexer(text)
        return FilterParserState(tokens: try lexer.tokenize(), maximumDepth: maximumDepth, maximumTerms: maximumTerms)
    }
}

/// A recursive-descent parse in progress over a token list.
struct FilterParserState {
    let tokens: [FilterToken]
    let maximumDepth: Int
    var maximumTerms = Int.max
    var position = 0
    var depth = 0
    var terms = 0

    var current: FilterToken { tokens[position] }

    mutating func parseOr(inValuePath: Bool = false) throws(SCIMError) -> Filter {
        var left = try parseAnd(inValuePath: inValuePath)
        while keyword("or") {
            position += 1
            left = .or(left, try parseAnd(inValuePath: inValuePath))
        }
        return left
    }

    mutating func parseAnd(inValuePath: Bool) throws(SCIMError) -> Filter {
        var left = try parseUnary(inValuePath: inValuePath)
        while keyword("and") {
            position += 1
            left = .and(left, try parseUnary(inValuePath: inValuePath))
        }
        return left
    }

    mutating func parseUnary(inValuePath: Bool) throws(SCIMError) -> Filter {
        if keyword("not") {
            position += 1
            guard current.kind == .openParenthesis else {
                throw error("expected '(' after \"not\" (write not (…))")
            }
            return .not(try parseGroup(inValuePath: inValuePath))
        }
        if current.kind == .openParenthesis { return try parseGroup(inValuePath: inValuePath) }
        return try parseAttributeExpression(inValuePath: inValuePath)
    }

    mutating func parseGroup(inValuePath: Bool) throws(SCIMError) -> Filter {
        try descend()
        let open = current.offset
        position += 1
        let inner = try parseOr(inValuePath: inValuePath)
        guard current.kind == .closeParenthesis else {
            throw error("expected ')' to close the '(' at character \(open + 1)")
        }
        position += 1
        depth -= 1
        return inner
    }

    mutating func parseAttributeExpression(inValuePath: Bool) throws(SCIMError) -> Filter {
        terms += 1
        guard terms <= maximumTerms else {
            throw error("the filter has more than \(maximumTerms) comparisons; split it into several requests")
        }
        let path = try parsePath()
        if current.kind == .openBracket {
            guard !inValuePath else { throw error("value filters cannot be nested") }
            try descend()
            let open = current.offset
            position += 1
            let inner = try parseOr(inValuePath: true)
            guard current.kind == .closeBracket else {
                throw error("expected ']' to close the '[' at character \(open + 1)")
            }
            position += 1
            depth -= 1
            return .valuePath(path, inner)
        }
        guard case .word(let operatorWord) = current.kind else {
            throw error("expected an operator after \"\(path)\"")
        }
        if operatorWord.caseInsensitiveEquals("pr") {
            position += 1
            return .present(path)
        }
        guard let comparison = ComparisonOperator(rawValue: operatorWord.lowercased()) else {
            throw error(
                "unknown operator \"\(operatorWord)\" (expected eq, ne, co, sw, ew, gt, ge, lt, le or pr)")
        }
        position += 1
        return .comparison(path, comparison, try parseValue(after: comparison))
    }

    mutating func parsePath() throws(SCIMError) -> AttributePath {
        guard case .word(let word) = current.kind else {
            throw error("expected an attribute name")
        }
        do {
            let path = try AttributePath(parsing: word)
            position += 1
            return path
        } catch {
            throw self.error("\"\(word)\" is not a valid attribute path")
        }
    }

    mutating func parseValue(after comparison: ComparisonOperator) throws(SCIMError) -> JSONValue {
        let value: JSONValue
        switch current.kind {
        case .string(let text): value = .string(text)
        case .number(let number): value = number
        case .word(let word) where word.caseInsensitiveEquals("true"): value = .bool(true)
        case .word(let word) where word.caseInsensitiveEquals("false"): value = .bool(false)
        case .word(let word) where word.caseInsensitiveEquals("null"): value = .null
        case .word(let word):
            throw error("\"\(word)\" is not a value; strings need double quotes (\"\(word)\")")
        default:
            throw error("expected a value after \"\(comparison.rawValue)\"")
        }
        position += 1
        return value
    }

    mutating func expectEnd() throws(SCIMError) {
        guard current.kind == .end else { throw error("unexpected text (expected \"and\", \"or\" or the end)") }
    }

    mutating func descend() throws(SCIMError) {
        depth += 1
        guard depth <= maximumDepth else { throw error("the filter nests deeper than \(maximumDepth) levels") }
    }

    func keyword(_ word: String) -> Bool {
        if case .word(let text) = current.kind { return text.caseInsensitiveEquals(word) }
        return false
    }

    func error(_ message: String) -> SCIMError {
        let location = current.kind == .end ? "at the end of the filter" : "at character \(current.offset + 1)"
        return .invalidFilter("\(location): \(message)")
    }
}
