import DequeModule

/// Decides which diffs to hold (ARCHITECTURE §6): a diff is held when the users it takes access from exceed the
/// ``DeprovisionLimit`` (the batch rule), or when it is the diff whose addition makes the users losing access within
/// the sliding ``window`` exceed it (the window rule: a misconfigured identity provider deprovisions with many single
/// requests, not one batch).
///
/// ```swift
/// var deprovisioningGuard = DeprovisioningGuard(limit: .standard, window: .seconds(900))
/// for diff in stream { if let hold = deprovisioningGuard.evaluate(diff) { … } }   // the 11th single deletion is held
/// ```
///
/// - Users are counted distinctly (``DiffEntries/usersLosingAccess``): a user deactivated and then deleted counts once.
/// - The window total counts the diffs created within `window` before the evaluated one, held or not. Only the diff
///   that crosses the limit is held by the window rule; the diffs after it wait behind it anyway, and once a person
///   released it they pass until the window's total falls back under the limit.
/// - A share limit is measured against the active users before the window's first counted diff (for the batch rule:
///   before the diff).
/// - A window of zero turns the window rule off.
///
/// Ownership: a value; ``DeprovisioningFeed`` keeps it under its lock.
public struct DeprovisioningGuard: Sendable {
    /// The limit in force.
    public let limit: DeprovisionLimit
    /// The length of the sliding window.
    public let window: Duration

    private struct Counted {
        var createdAt: Double
        var users: Set<String>
        var activeUsersBefore: Int
    }

    /// The counted diffs in the order they were counted (oldest first).
    private var recent: Deque<Counted> = []
    /// How many of the `recent` diffs take access from each user: the window's distinct users without a union of
    /// every recent diff per evaluation (quadratic during a long stream of single deprovisionings).
    private var windowUsers: [String: Int] = [:]

    /// A guard with no history.
    public init(limit: DeprovisionLimit, window: Duration) {
        self.limit = limit
        self.window = window
    }

    /// ``window`` in seconds.
    var windowSeconds: Double {
        let (seconds, attoseconds) = window.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// Counts a diff written earlier into the window, without judging it (after a restart, for the diffs of the last
    /// `window`).
    public mutating func remember(_ diff: DeprovisioningDiff) {
        let users = diff.entries.usersLosingAccess
        guard !users.isEmpty, windowSeconds > 0 else { return }
        recent.append(
            Counted(
                createdAt: diff.createdAtSeconds, users: users, activeUsersBefore: diff.accessLoss.activeUsersBefore))
        for user in users { windowUsers[user, default: 0] += 1 }
    }

    /// Drops the oldest diffs while they were created at or before `windowStart`. Diffs are counted in sequence
    /// order, so after a clock step backwards a later-counted diff may briefly outlive an earlier one: the window then
    /// counts more, never less.
    private mutating func forget(createdAtOrBefore windowStart: Double) {
        while let oldest = recent.first, oldest.createdAt <= windowStart {
            recent.removeFirst()
            for user in oldest.users {
                windowUsers[user]! -= 1
                if windowUsers[user] == 0 { windowUsers[user] = nil }
            }
        }
    }

    /// Judges a new diff and counts it into the window.
    ///
    /// - Returns: the hold to record, or `nil` when the diff may be delivered.
    public mutating func evaluate(_ diff: DeprovisioningDiff) -> Hold? {
        forget(createdAtOrBefore: diff.createdAtSeconds - windowSeconds)
        let users = diff.entries.usersLosingAccess
        guard !users.isEmpty else { return nil }
        let active = diff.accessLoss.activeUsersBefore
        let earlier = windowUsers.count
        let base = recent.first?.activeUsersBefore ?? active
        let total = earlier + users.count { windowUsers[$0] == nil }
        remember(diff)

        let rule: Hold.Rule
        if limit.isExceeded(usersLosingAccess: users.count, activeUsers: active) {
            rule = .batch
        } else if windowSeconds > 0, limit.isExceeded(usersLosingAccess: total, activeUsers: base),
            !limit.isExceeded(usersLosingAccess: earlier, activeUsers: base)
        {
            rule = .window
        } else {
            return nil
        }
        return Hold(
            sequence: diff.sequence ?? 0, heldAt: diff.createdAt, rule: rule, usersLosingAccess: users.count,
            windowUsersLosingAccess: total, activeUsers: rule == .batch ? active : base,
            limit: limit.description, windowSeconds: windowSeconds)
    }
}
