import Foundation

/// How many users may lose access before the guard holds a diff (ARCHITECTURE §6): a count, a share of the active
/// users, or both — `--deprovision-limit 10`, `5%` or `10,5%`.
///
/// The limit is exceeded when the users losing access are *more than* the count, or more than the share of the active
/// users; with both, whichever is smaller decides.
///
/// ```swift
/// let limit = try DeprovisionLimit(parsing: "10,5%")
/// limit.isExceeded(usersLosingAccess: 11, activeUsers: 1000)   // true: more than 10
/// limit.isExceeded(usersLosingAccess: 6, activeUsers: 100)     // true: more than 5% of 100
/// limit.isExceeded(usersLosingAccess: 5, activeUsers: 100)     // false
/// ```
///
/// The default, ``standard``, is the count 10: a small install (tens of users) deactivates one or two people at a
/// time, which a share would already hold (1 of 8 users is 12.5%), while 10 still stops a broken checkout or a
/// misconfigured identity provider from locking everyone out. Large installs add a share, e.g. `50,2%`.
public struct DeprovisionLimit: Sendable, Hashable, CustomStringConvertible {
    /// The most users that may lose access; `nil` for no count limit.
    public var count: Int?
    /// The largest share of the active users, in percent (0–100), that may lose access; `nil` for no share limit.
    public var percent: Double?

    /// The default: 10 users.
    public static let standard = DeprovisionLimit(count: 10)

    /// Creates a limit; at least one part should be set.
    public init(count: Int? = nil, percent: Double? = nil) {
        self.count = count
        self.percent = percent
    }

    /// Text that is not a limit.
    public struct ParseError: Error, CustomStringConvertible {
        /// The text given.
        public var text: String
        /// How the message names the setting: `--deprovision-limit`, or a caller's fuller name for it.
        public var setting = "--deprovision-limit"
        /// `--deprovision-limit must be N, P% or N,P% …`.
        public var description: String {
            "\(setting) must be N, P% or N,P% (e.g. 10, 5%, 10,5%), with N ≥ 0 and 0 ≤ P ≤ 100; got \"\(text)\""
        }
    }

    /// Parses `N`, `P%` or `N,P%` (either order; P may have a fraction, e.g. `2.5%`).
    ///
    /// - Throws: ``ParseError``.
    public init(parsing text: String) throws(ParseError) {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard (1...2).contains(parts.count) else { throw ParseError(text: text) }
        for part in parts {
            if part.hasSuffix("%") {
                guard percent == nil, let value = Double(part.dropLast()), (0...100).contains(value) else {
                    throw ParseError(text: text)
                }
                percent = value
            } else {
                guard count == nil, let value = Int(part), value >= 0 else { throw ParseError(text: text) }
                count = value
            }
        }
    }

    /// Whether `usersLosingAccess` users are more than the count or more than the share of `activeUsers`.
    public func isExceeded(usersLosingAccess: Int, activeUsers: Int) -> Bool {
        if let count, usersLosingAccess > count { return true }
        if let percent, Double(usersLosingAccess) * 100 > percent * Double(activeUsers) { return true }
        return false
    }

    /// `10`, `5%`, `10,5%`: the text it parses from.
    public var description: String {
        let share = percent.map { value in
            (value.rounded() == value ? String(Int(value)) : String(value)) + "%"
        }
        return [count.map(String.init), share].compactMap { $0 }.joined(separator: ",")
    }
}
