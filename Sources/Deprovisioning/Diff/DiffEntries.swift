/// The entry lists of a ``DeprovisioningDiff`` (ARCHITECTURE §6), each sorted by user id, then group id.
///
/// Every list is always present in the JSON, empty when nothing of its kind happened.
public struct DiffEntries: Sendable, Hashable, Codable {
    /// Users who lost access: ``UserEntry/Reason/deactivated``, ``UserEntry/Reason/deleted``,
    /// ``UserEntry/Reason/notProvisioned``.
    public var deprovisioned: [UserEntry] = []
    /// Users who gained access or were created: ``UserEntry/Reason/provisioned``, ``UserEntry/Reason/reactivated``.
    public var provisioned: [UserEntry] = []
    /// Users whose `userName` or primary e-mail changed.
    public var identityChanged: [IdentityChangeEntry] = []
    /// Direct memberships that ended.
    public var membershipsRemoved: [MembershipEntry] = []
    /// Direct memberships that began.
    public var membershipsAdded: [MembershipEntry] = []
    /// Groups that are gone.
    public var groupsDeleted: [GroupEntry] = []

    /// No entries at all.
    public init() {}

    /// Whether every list is empty: such a batch yields no diff.
    public var isEmpty: Bool {
        deprovisioned.isEmpty && provisioned.isEmpty && identityChanged.isEmpty && membershipsRemoved.isEmpty
            && membershipsAdded.isEmpty && groupsDeleted.isEmpty
    }

    /// The users who lose access, counted once each however many entries name them: deprovisioned users (a deleted
    /// one only if it was active) and active users removed from a group. Keys are SCIM ids, or `account:<identifier>`
    /// for host accounts. This is what the guard (``DeprovisionLimit``) counts.
    public var usersLosingAccess: Set<String> {
        Set(deprovisioned.filter(\.losesAccess).map(\.distinctKey))
            .union(membershipsRemoved.filter(\.losesAccess).map(\.memberID))
    }

    /// The number of entries in each list, for `scimdir diff list` and logs, e.g. `deprovisioned=1 membershipsRemoved=2`.
    public var counts: KeyValuePairs<String, Int> {
        [
            "deprovisioned": deprovisioned.count, "provisioned": provisioned.count,
            "identityChanged": identityChanged.count, "membershipsRemoved": membershipsRemoved.count,
            "membershipsAdded": membershipsAdded.count, "groupsDeleted": groupsDeleted.count,
        ]
    }
}

extension DiffEntries {
    /// The non-empty lists and their sizes, e.g. `1 deprovisioned, 2 membershipsRemoved`; `no entries` when empty.
    public var countSummary: String {
        let parts = counts.filter { $0.value > 0 }.map { "\($0.value) \($0.key)" }
        return parts.isEmpty ? "no entries" : parts.joined(separator: ", ")
    }
}
