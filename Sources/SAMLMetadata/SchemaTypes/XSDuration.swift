/// An `xs:duration` value such as `PT1H` or `P7D` (XML Schema 1.0 Part 2, §3.2.6), as used by `cacheDuration`
/// (SAML 2.0 Metadata, saml-metadata-2.0-os §1.2.1).
///
/// ```swift
/// XSDuration(lexical: "PT1H")?.seconds     // 3600
/// XSDuration(lexical: "P1DT12H")?.seconds  // 129600
/// XSDuration(lexical: "P2DT")              // nil: a "T" must be followed by a time part
/// ```
///
/// Years and months have no fixed length; ``seconds`` counts them at their average Gregorian length
/// (365.2425 and 30.436875 days), which is precise enough for a cache hint.
public struct XSDuration: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The value as written (surrounding whitespace removed).
    public let lexical: String
    /// The length in seconds; negative for a negative duration (`-P1D`).
    public let seconds: Double

    /// Parses `lexical`; returns `nil` when it is not a valid `xs:duration`.
    public init?(lexical: String) {
        let text = lexical.trimmingXMLWhitespace()
        var scanner = LexicalScanner(text)
        let sign: Double = scanner.consume("-") ? -1 : 1
        guard scanner.consume("P") else { return nil }
        var total = 0.0
        var sawComponent = false
        var sawTime = false
        for (designator, unitSeconds) in Self.dateUnits {
            guard let value = scanner.number(before: designator, allowFraction: false) else { continue }
            total += value * unitSeconds
            sawComponent = true
        }
        if scanner.consume("T") {
            for (designator, unitSeconds) in Self.timeUnits {
                guard let value = scanner.number(before: designator, allowFraction: designator == "S") else { continue }
                total += value * unitSeconds
                sawTime = true
            }
            guard sawTime else { return nil }
        }
        guard sawComponent || sawTime, scanner.isAtEnd, total.isFinite else { return nil }
        self.lexical = text
        self.seconds = sign * total
    }

    /// The value as written.
    public var description: String {
        lexical
    }

    private static let day = 86_400.0
    private static let dateUnits: [(Character, Double)] = [("Y", 365.2425 * day), ("M", 30.436875 * day), ("D", day)]
    private static let timeUnits: [(Character, Double)] = [("H", 3600), ("M", 60), ("S", 1)]
}
