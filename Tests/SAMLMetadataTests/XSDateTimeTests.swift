import Foundation
import Testing

@testable import SAMLMetadata

@Suite("xs:dateTime")
struct XSDateTimeTests {
    static let valid: [(String, Double)] = [
        ("2021-01-03T16:17:49.000Z", 1_609_690_669),
        ("2021-01-03T16:17:49Z", 1_609_690_669.0),
        ("2001-02-03T04:05:06.789", 981_173_106.789),  // no zone: UTC
        ("0001-01-01T00:00:00Z", -62_135_596_800.0),  // a Go zero time
        ("1970-01-01T00:00:00+01:30", -5_400.0),
        ("1970-01-01T00:00:00-14:00", 50_400.0),
        ("2024-02-29T12:00:00Z", 1_709_208_000.0),  // leap day
        ("2000-02-29T00:00:00Z", 951_782_400.0),  // a 400-year leap year
        ("1999-12-31T24:00:00Z", 946_684_800.0),  // end of day
        (" \n2015-12-03T01:57:09Z\t", 1_449_107_829.0),  // whitespace collapsed
        ("12021-01-01T00:00:00Z", 1_609_459_200 + 10_000 * 31_556_952),  // 2021 plus 25 whole 400-year cycles
    ]

    @Test(arguments: valid)
    func validValues(lexical: String, secondsSince1970: Double) throws {
        let date = try #require(XSDateTime.date(from: lexical))
        #expect(abs(date.timeIntervalSince1970 - secondsSince1970) < 0.000_1)
    }

    @Test(arguments: [
        "", "2021-01-03", "2021-01-03 16:17:49Z", "2021-1-03T16:17:49Z", "2021-13-01T00:00:00Z", "2021-00-01T00:00:00Z",
        "2021-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2021-04-31T00:00:00Z", "2021-01-01T24:00:01Z",
        "2021-01-01T23:60:00Z", "2021-01-01T23:59:60Z", "2021-01-01T00:00:00.Z", "2021-01-01T00:00:00+15:00",
        "2021-01-01T00:00:00+01", "2021-01-01T00:00:00z", "0000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z",
        "２０２１-01-01T00:00:00Z", "2021-01-01T00:00:00Z trailing",
    ])
    func invalidValues(lexical: String) {
        #expect(XSDateTime.date(from: lexical) == nil)
    }
}
