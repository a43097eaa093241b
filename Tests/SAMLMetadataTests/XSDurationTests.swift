import Testing

@testable import SAMLMetadata

@Suite("xs:duration")
struct XSDurationTests {
    /// Years and months count at their average Gregorian lengths: 31,556,952 s and 2,629,746 s.
    static let valid: [(String, Double)] = [
        ("PT1H", 3600), ("P7D", 604_800), ("P1DT12H", 129_600), ("PT0S", 0), ("PT1.5S", 1.5), ("-PT30M", -1800),
        ("P1Y", 31_556_952), ("P1M", 2_629_746), ("P1Y2M3DT4H5M6.7S", 37_090_350.7), (" PT10M\n", 600),
    ]

    @Test(arguments: valid)
    func validValues(lexical: String, seconds: Double) throws {
        let duration = try #require(XSDuration(lexical: lexical))
        #expect(abs(duration.seconds - seconds) < 0.000_1)
        #expect(duration.lexical == lexical.trimmingXMLWhitespace())
        #expect(duration.description == duration.lexical)
    }

    @Test(arguments: [
        "", "P", "PT", "P2DT", "1D", "P1", "PD", "P1.5D", "P1H", "PT1D", "P1M1Y", "P1D1D", "PT1S1H", "+P1D", "P-1D",
        "P1DT1H extra", "p1d", "P1DT1.S",
    ])
    func invalidValues(lexical: String) {
        #expect(XSDuration(lexical: lexical) == nil)
    }
}
