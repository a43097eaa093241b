/// A group that was deleted (ARCHITECTURE §6): an element of ``DeprovisioningDiff/groupsDeleted``. Its memberships
/// are listed in ``DeprovisioningDiff/membershipsRemoved`` with reason ``MembershipEntry/Reason/groupDeleted``.
///
/// ```json
/// {"reason": "deleted", "group": {"id": "…", "displayName": "Contractors"}}
/// ```
public struct GroupEntry: Sendable, Hashable, Codable {
    /// Why the group is listed.
    public enum Reason: String, Sendable, Hashable, Codable, CaseIterable {
        /// The group is gone from the directory.
        case deleted
    }

    /// Why the group is listed.
    public var reason: Reason
    /// The group as it was.
    public var group: GroupReference

    /// Creates an entry.
    public init(reason: Reason, group: GroupReference) {
        self.reason = reason
        self.group = group
    }
}
