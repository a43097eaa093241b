import Foundation
import PropertyBased
import Testing

@testable import SCIM

/// `SCIMDateTime`: the `xsd:dateTime` values of RFC 7643 §2.3.5.
@Suite struct DateTimeTests {
    @Test func epochAndKnownInstants() {
        #expect(SCIMDateTime.secondsSince1970("1970-01-01T00:00:00Z") == 0)
        #expect(SCIMDateTime.secondsSince1970("1969-12-31T23:59:59Z") == -1)
        #expect(SCIMDateTime.secondsSince1970("2000-03-01T00:00:00Z") == 951_868_800)
        #expect(SCIMDateTime.secondsSince1970("2011-05-13T04:42:34Z") == 1_305_261_754)
        #expect(SCIMDateTime.secondsSince1970("0001-01-01T00:00:00Z") == -62_135_596_800)
        #expect(SCIMDateTime.secondsSince1970("9999-12-31T23:59:59Z") == 253_402_300_799)
    }

    @Test func offsetsShiftToUTC() {
        let utc = SCIMDateTime.secondsSince1970("2011-05-13T04:42:34Z")
        #expect(SCIMDateTime.secondsSince1970("2011-05-13T06:42:34+02:00") == utc)
        #expect(SCIMDateTime.secondsSince1970("2011-05-12T21:12:34-07:30") == utc)
        #expect(SCIMDateTime.secondsSince1970("2011-05-13T04:42:34+00:00") == utc)
        #expect(SCIMDateTime.secondsSince1970("2011-05-13T04:42:34-00:00") == utc)
        #expect(SCIMDateTime.secondsSince1970("2011-05-13T18:42:34+14:00") == utc)
        #expect(SCIMDateTime.secondsSince1970("2011-05-13T04:42:34") == utc)  // no zone: read as UTC
        #expect(SCIMDateTime.secondsSince1970("2011-05-13t04:42:34z") == utc)  // RFC 3339 allows lower case
    }

    @Test func fractionsOfAnyLength() throws {
        let base = try #require(SCIMDateTime.secondsSince1970("2011-08-01T21:32:44Z"))
        #expect(SCIMDateTime.secondsSince1970("2011-08-01T21:32:44.5Z") == base + 0.5)
        #expect(abs(try #require(SCIMDateTime.secondsSince1970("2011-08-01T21:32:44.882Z")) - base - 0.882) < 1e-6)
        let long = try #require(SCIMDateTime.secondsSince1970("2011-08-01T21:32:44.123456789+01:00"))
        #expect(abs(long - (base - 3600 + 0.123_456_789)) < 1e-6)
    }

    @Test func leapYears() {
        #expect(SCIMDateTime.isValid("2000-02-29T00:00:00Z"))  // divisible by 400
        #expect(SCIMDateTime.isValid("2024-02-29T00:00:00Z"))
        #expect(!SCIMDateTime.isValid("1900-02-29T00:00:00Z"))  // divisible by 100, not 400
        #expect(!SCIMDateTime.isValid("2023-02-29T00:00:00Z"))
        #expect(!SCIMDateTime.isValid("2024-02-30T00:00:00Z"))
        #expect(
            SCIMDateTime.secondsSince1970("2024-03-01T00:00:00Z")! - SCIMDateTime.secondsSince1970(
                "2024-02-28T00:00:00Z")!
                == 2 * 86_400)
        #expect(
            SCIMDateTime.secondsSince1970("2023-03-01T00:00:00Z")! - SCIMDateTime.secondsSince1970(
                "2023-02-28T00:00:00Z")!
                == 86_400)
    }

    @Test func endOfDayAndLeapSecondForms() {
        #expect(
            SCIMDateTime.secondsSince1970("2011-05-13T24:00:00Z")
                == SCIMDateTime.secondsSince1970("2011-05-14T00:00:00Z"))
        #expect(SCIMDateTime.isValid("2016-12-31T23:59:60Z"))
    }

    @Test func hourTwentyFourIsOnlyValidAsMidnightExactly() {
        #expect(!SCIMDateTime.isValid("2011-05-13T24:30:00Z"))
        #expect(!SCIMDateTime.isValid("2011-05-13T24:00:01Z"))
        #expect(!SCIMDateTime.isValid("2011-05-13T24:00:00.5Z"))
    }

    @Test(arguments: [
        "", "2011-05-13", "2011-05-13T04:42Z", "2011-05-13 04:42:34Z", "2011-5-13T04:42:34Z", "11-05-13T04:42:34Z",
        "2011-13-01T00:00:00Z", "2011-00-01T00:00:00Z", "2011-04-31T00:00:00Z", "2011-05-00T00:00:00Z",
        "2011-05-13T25:00:00Z", "2011-05-13T04:60:00Z", "2011-05-13T04:42:61Z", "2011-05-13T04:42:34.Z",
        "2011-05-13T04:42:34+0200", "2011-05-13T04:42:34+02", "2011-05-13T04:42:34+15:00", "2011-05-13T04:42:34+14:30",
        "2011-05-13T04:42:34-14:01",
        "2011-05-13T04:42:34+02:60",
        "2011-05-13T04:42:34ZZ", "2011-05-13T04:42:34Z ", " 2011-05-13T04:42:34Z", "0000-01-01T00:00:00Z",
        "+2011-05-13T04:42:34Z", "-2011-05-13T04:42:34Z", "２０１１-05-13T04:42:34Z", "2011-05-13T04:42:34.5.6Z",
        "2011-05-13T04:42:34,5Z", "20110513T044234Z",
    ])
    func invalidForms(_ text: String) {
        #expect(SCIMDateTime.secondsSince1970(text) == nil)
        #expect(!SCIMDateTime.isValid(text))
    }

    @Test func formattingIsUTCWithMilliseconds() {
        #expect(SCIMDateTime.string(secondsSince1970: 0) == "1970-01-01T00:00:00.000Z")
        #expect(SCIMDateTime.string(secondsSince1970: -1) == "1969-12-31T23:59:59.000Z")
        #expect(SCIMDateTime.string(secondsSince1970: -0.001) == "1969-12-31T23:59:59.999Z")
        #expect(SCIMDateTime.string(secondsSince1970: 1_305_261_754.5) == "2011-05-13T04:42:34.500Z")
        #expect(SCIMDateTime.string(secondsSince1970: 951_782_400) == "2000-02-29T00:00:00.000Z")
        #expect(SCIMDateTime.string(secondsSince1970: 253_402_300_799.999) == "9999-12-31T23:59:59.999Z")
    }

    @Test func formattingKeepsEveryMillisecondThatWasParsed() throws {
        for text in [
            "2011-05-13T04:42:34.001Z", "2026-11-29T13:10:42.123Z", "2011-05-13T04:42:34.999Z",
            "1969-12-31T23:59:59.001Z", "2038-01-19T03:14:07.007Z",
        ] {
            let seconds = try #require(SCIMDateTime.secondsSince1970(text))
            #expect(SCIMDateTime.string(secondsSince1970: seconds) == text)
        }
    }

    @Test func formattedMillisecondsRoundTrip() async {
        let milliseconds = Gen.int(in: -62_135_596_800_000...253_402_300_799_999)
        await propertyCheck(count: 500, input: milliseconds) { value in
            let seconds = Double(value) / 1000
            let text = SCIMDateTime.string(secondsSince1970: seconds)
            let parsed = try #require(SCIMDateTime.secondsSince1970(text))
            #expect(abs(parsed - seconds) < 0.0005)
            #expect(SCIMDateTime.string(secondsSince1970: parsed) == text)
        }
    }

    @Test func agreesWithFoundationOnRandomInstantsAndOffsets() async {
        let instants = Gen.int(in: -2_000_000_000...4_000_000_000)
        let offsets = Gen.int(in: -14 * 4...14 * 4)  // quarter hours
        await propertyCheck(count: 300, input: instants, offsets) { seconds, quarterHours in
            let offset = quarterHours * 15 * 60
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime]
            formatter.timeZone = TimeZone(secondsFromGMT: offset)
            let text = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
            #expect(SCIMDateTime.secondsSince1970(text) == Double(seconds), "\(text)")
        }
    }
}
