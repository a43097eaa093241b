/// A cursor over the characters of an XML Schema lexical value (`xs:dateTime`, `xs:duration`).
/// Only ASCII digits count as digits, as XML Schema requires.
struct LexicalScanner {
    private let characters: [Character]
    private var position = 0

    init(_ text: String) {
        characters = Array(text)
    }

    var isAtEnd: Bool {
        position == characters.count
    }

    /// Consumes `character` if it is next.
    mutating func consume(_ character: Character) -> Bool {
        guard position < characters.count, characters[position] == character else { return false }
        position += 1
        return true
    }

    /// Consumes and returns the next character, if any.
    mutating func next() -> Character? {
        guard position < characters.count else { return nil }
        defer { position += 1 }
        return characters[position]
    }

    /// Consumes a run of digits of length `count` (or `count...` when `orMore`), returning its value;
    /// restores the position and returns `nil` when there is no such run. Runs longer than 15 digits are refused,
    /// so values stay exact in `Int` and `Double`.
    mutating func integer(digits count: Int, orMore: Bool = false) -> Int? {
        let start = position
        var value = 0
        while position < characters.count, let digit = characters[position].asciiDigit,
            orMore || position - start < count
        {
            value = value * 10 + digit
            position += 1
        }
        let length = position - start
        guard length >= count, length <= 15 else {
            position = start
            return nil
        }
        return value
    }

    /// Consumes `.digits` if present and returns the fraction (0 when absent); `nil` when a `.` has no digits.
    mutating func fraction() -> Double? {
        guard consume(".") else { return 0 }
        var digits = "0."
        while position < characters.count, characters[position].asciiDigit != nil {
            digits.append(characters[position])
            position += 1
        }
        return digits.count > 2 ? Double(digits) : nil
    }

    /// Consumes `digits[.digits]designator` (e.g. `12H`, `1.5S`), returning the number;
    /// restores the position and returns `nil` when the next characters are not that.
    mutating func number(before designator: Character, allowFraction: Bool) -> Double? {
        let start = position
        guard let whole = integer(digits: 1, orMore: true) else { return nil }
        let fractionPart = allowFraction ? fraction() : 0
        guard let fractionPart, consume(designator) else {
            position = start
            return nil
        }
        return Double(whole) + fractionPart
    }
}

extension Character {
    /// The value of an ASCII digit `0`–`9`; `nil` for anything else, including non-ASCII digits.
    fileprivate var asciiDigit: Int? {
        guard let ascii = asciiValue, (48...57).contains(ascii) else { return nil }
        return Int(ascii - 48)
    }
}
