import Foundation

/// Reads `xs:dateTime` values (XML Schema 1.0 Part 2, §3.2.7), the type of `validUntil`
/// (SAML 2.0 Metadata, saml-metadata-2.0-os §1.2.1).
///
/// ```swift
/// XSDateTime.date(from: "2021-01-03T16:17:49.000Z")  // 2021-01-03 16:17:49 +0000
/// XSDateTime.date(from: "2001-02-03T04:05:06.789")   // no zone: read as UTC
/// XSDateTime.date(from: "0001-01-01T00:00:00Z")      // a Go zero time, long past
/// XSDateTime.date(from: "2021-02-30T00:00:00Z")      // nil: no such day
/// ```
///
/// Accepted: `YYYY-MM-DDThh:mm:ss[.fraction][Z|±hh:mm]`, years 0001 to 15 digits (no negative years), `24:00:00`
/// as the end of the day, zone offsets up to ±14:00. A value without a zone is taken as UTC, as SAML's
/// "all time values in UTC" rule (saml-core-2.0-os §1.3.3) intends.
enum XSDateTime {
    /// The instant `lexical` denotes, or `nil` when it is not a valid `xs:dateTime`.
    static func date(from lexical: String) -> Date? {
        var scanner = LexicalScanner(lexical.trimmingXMLWhitespace())
        guard let year = scanner.integer(digits: 4, orMore: true), year >= 1, scanner.consume("-"),
            let month = scanner.integer(digits: 2), (1...12).contains(month), scanner.consume("-"),
            let day = scanner.integer(digits: 2), (1...GregorianUTC.daysIn(month: month, year: year)).contains(day),
            scanner.consume("T"),
            let hour = scanner.integer(digits: 2), scanner.consume(":"),
            let minute = scanner.integer(digits: 2), minute < 60, scanner.consume(":"),
            let second = scanner.integer(digits: 2), second < 60,
            let fraction = scanner.fraction(),
            hour < 24 || (hour == 24 && minute == 0 && second == 0 && fraction == 0),
            let offsetSeconds = zoneOffset(&scanner), scanner.isAtEnd
        else { return nil }
        let local = GregorianUTC.date(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second, fraction: fraction)
        return local.addingTimeInterval(Double(-offsetSeconds))
    }

    /// `Z` → 0, `±hh:mm` → its offset in seconds east of UTC, nothing → 0 (UTC); `nil` when malformed.
    private static func zoneOffset(_ scanner: inout LexicalScanner) -> Int? {
        if scanner.isAtEnd || scanner.consume("Z") { return 0 }
        let sign: Int
        switch scanner.next() {
        case "+": sign = 1
        case "-": sign = -1
        default: return nil
        }
        guard let hours = scanner.integer(digits: 2), scanner.consume(":"), let minutes = scanner.integer(digits: 2),
            minutes < 60, hours * 60 + minutes <= 14 * 60
        else { return nil }
        return sign * (hours * 3600 + minutes * 60)
    }
}
