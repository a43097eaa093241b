/// Reading and writing SCIM `dateTime` values: `xsd:dateTime` strings such as `2011-08-01T21:32:44.882Z`
/// (RFC 7643 §2.3.5).
///
/// Parsing is a small hand-written scanner rather than a `DateFormatter`, because filters compare date-times on every
/// resource of a list query and formatters are slow and not `Sendable`.
public enum SCIMDateTime {
    /// Seconds since 1970-01-01T00:00:00Z for an `xsd:dateTime` string, or `nil` when `text` is not one.
    ///
    /// Accepts `YYYY-MM-DDThh:mm:ss`, an optional fraction of any length, and `Z` or `±hh:mm`; a value without a zone
    /// is read as UTC. Years are 4 digits (0001–9999). `24:00:00` is the end of the day; any other time in hour 24 is
    /// invalid.
    public static func secondsSince1970(_ text: String) -> Double? {
        var scanner = Scanner(bytes: Array(text.utf8))
        guard let year = scanner.digits(4), scanner.skip("-"), let month = scanner.digits(2), scanner.skip("-"),
            let day = scanner.digits(2), scanner.skip("T") || scanner.skip("t"), let hour = scanner.digits(2),
            scanner.skip(":"), let minute = scanner.digits(2), scanner.skip(":"), let second = scanner.digits(2)
        else { return nil }
        guard (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day), hour <= 24,
            minute <= 59, second <= 60, year >= 1
        else { return nil }
        var fraction = 0.0
        if scanner.skip(".") {
            var scale = 0.1
            var sawDigit = false
            while let digit = scanner.digits(1) {
                fraction += Double(digit) * scale
                scale /= 10
                sawDigit = true
            }
            guard sawDigit else { return nil }
        }
        // xsd:dateTime allows hour 24 only as 24:00:00, the end of the day.
        guard hour < 24 || (minute == 0 && second == 0 && fraction == 0) else { return nil }
        var offsetSeconds = 0
        if scanner.skip("Z") || scanner.skip("z") {
        } else if let sign = scanner.sign() {
            guard let offsetHours = scanner.digits(2), scanner.skip(":"), let offsetMinutes = scanner.digits(2),
                offsetMinutes <= 59, offsetHours * 60 + offsetMinutes <= 14 * 60  // xsd: -14:00 to +14:00
            else { return nil }
            offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60)
        }
        guard scanner.atEnd else { return nil }
        let days = daysSince1970(year: year, month: month, day: day)
        return Double(days * 86400 + hour * 3600 + minute * 60 + second - offsetSeconds) + fraction
    }

    /// `true` when `text` is a valid `xsd:dateTime`.
    public static func isValid(_ text: String) -> Bool { secondsSince1970(text) != nil }

    /// The `xsd:dateTime` text in UTC with millisecond precision, e.g. `2026-11-29T13:10:42.123Z`.
    ///
    /// The value is rounded to the nearest millisecond: `.001` parses to slightly less than a thousandth in binary
    /// floating point, and rounding down would print it as `.000`.
    public static func string(secondsSince1970 seconds: Double) -> String {
        let milliseconds = Int((seconds * 1000).rounded())
        let (days, remainder) = milliseconds.quotientAndRemainder(dividingBy: 86_400_000)
        let (dayCount, dayMilliseconds) = remainder < 0 ? (days - 1, remainder + 86_400_000) : (days, remainder)
        let (year, month, day) = civilDate(daysSince1970: dayCount)
        let hour = dayMilliseconds / 3_600_000
        let minute = dayMilliseconds / 60_000 % 60
        let second = dayMilliseconds / 1000 % 60
        let millisecond = dayMilliseconds % 1000
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))"
            + ".\(pad(millisecond, 3))Z"
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    private static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's days_from_civil and civil_from_days: exact proleptic Gregorian arithmetic.
    private static func daysSince1970(year: Int, month: Int, day: Int) -> Int {
        let adjustedYear = month <= 2 ? year - 1 : year
        let era = (adjustedYear >= 0 ? adjustedYear : adjustedYear - 399) / 400
        let yearOfEra = adjustedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func civilDate(daysSince1970 days: Int) -> (Int, Int, Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        var atEnd: Bool { index == bytes.count }

        mutating func skip(_ character: Unicode.Scalar) -> Bool {
            guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
            index += 1
            return true
        }

        mutating func sign() -> Int? {
            if skip("+") { return 1 }
            if skip("-") { return -1 }
            return nil
        }

        mutating func digits(_ count: Int) -> Int? {
            guard index + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<index + count] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            index += count
            return value
        }
    }
}
