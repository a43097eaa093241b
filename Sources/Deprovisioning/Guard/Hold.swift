/// A diff the guard held (ARCHITECTURE §6): written to the outbox but not delivered, and blocking every later diff,
/// until a person runs `scimdir diff release N`. Kept in ``HoldLedger`` (`STATE/held.json`), since diffs are never
/// modified.
public struct Hold: Sendable, Hashable, Codable {
    /// Which part of the limit the diff broke.
    public enum Rule: String, Sendable, Hashable, Codable {
        /// The diff alone takes access from more users than the limit allows.
        case batch
        /// The diff makes the users losing access within the sliding window more than the limit allows (a stream of
        /// single deletions from a misconfigured identity provider).
        case window
    }

    /// The held diff.
    public var sequence: Int
    /// When it was held: an `xsd:dateTime` in UTC.
    public var heldAt: String
    /// Which part of the limit it broke.
    public var rule: Rule
    /// The distinct users the diff alone takes access from.
    public var usersLosingAccess: Int
    /// The distinct users losing access within the window, this diff included.
    public var windowUsersLosingAccess: Int
    /// The active users the share was measured against.
    public var activeUsers: Int
    /// The limit in force, e.g. `10` or `10,5%`.
    public var limit: String
    /// The window in force, in seconds.
    public var windowSeconds: Double
    /// When a person released it, or `nil` while it is held.
    public var releasedAt: String?

    /// Whether a person released it.
    public var isReleased: Bool { releasedAt != nil }

    /// One sentence for logs and `scimdir diff list`, e.g. `12 users would lose access in one batch (limit 10)`.
    public var explanation: String {
        switch rule {
        case .batch:
            return
                "\(usersLosingAccess) users would lose access in one batch (limit \(limit), \(activeUsers) active users)"
        case .window:
            return "\(windowUsersLosingAccess) users would lose access within \(Self.minutes(windowSeconds)) "
                + "(limit \(limit), \(activeUsers) active users)"
        }
    }

    private static func minutes(_ seconds: Double) -> String {
        seconds >= 60 && seconds.truncatingRemainder(dividingBy: 60) == 0 ? "\(Int(seconds / 60)) min" : "\(seconds) s"
    }
}
