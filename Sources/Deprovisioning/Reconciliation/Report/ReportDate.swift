import Foundation
import SCIM

/// How instants appear in a reconciliation report: `xsd:dateTime` in UTC with milliseconds in JSON
/// (`2026-05-04T09:30:00.000Z`, as SCIM's `meta` dates), the calendar day in sentences (`2026-05-04`).
enum ReportDate {
    /// `2026-05-04T09:30:00.000Z`.
    static func dateTime(_ date: Date) -> String {
        SCIMDateTime.string(secondsSince1970: date.timeIntervalSince1970)
    }

    /// `2026-05-04`.
    static func day(_ date: Date) -> String {
        String(dateTime(date).prefix(10))
    }

    /// Whole days from `start` to `end`, rounded down; negative when `end` is earlier.
    static func days(from start: Date, to end: Date) -> Int {
        Int((end.timeIntervalSince(start) / 86_400).rounded(.down))
    }
}
