/// A direct group membership that was added or removed (ARCHITECTURE §6): an element of
/// ``DeprovisioningDiff/membershipsAdded`` or ``DeprovisioningDiff/membershipsRemoved``.
///
/// ```json
/// {"reason": "memberDeleted", "group": {"id": "…", "displayName": "Engineering"},
///  "user": {"id": "…", "userName": "bob@example.com", …}}
/// ```
///
/// The member is a user (`user`) or, for nested groups, a group (`memberGroup`); exactly one is set.
public struct MembershipEntry: Sendable, Hashable, Codable {
    /// Why the membership changed.
    public enum Reason: String, Sendable, Hashable, Codable, CaseIterable {
        /// The member was added to the group.
        case added
        /// The member was removed from the group, and both still exist.
        case removed
        /// The member itself was deleted, which removed it from the group.
        case memberDeleted
        /// The group was deleted (it is also listed in ``DeprovisioningDiff/groupsDeleted``).
        case groupDeleted
    }

    /// Why the membership changed.
    public var reason: Reason
    /// The group.
    public var group: GroupReference
    /// The member, when it is a user.
    public var user: EntryUser?
    /// The member, when it is a group.
    public var memberGroup: GroupReference?

    /// Creates an entry whose member is a user.
    public init(reason: Reason, group: GroupReference, user: EntryUser) {
        self.reason = reason
        self.group = group
        self.user = user
    }

    /// Creates an entry whose member is a group.
    public init(reason: Reason, group: GroupReference, memberGroup: GroupReference) {
        self.reason = reason
        self.group = group
        self.memberGroup = memberGroup
    }

    /// The member's id.
    public var memberID: String {
        user?.record.id ?? memberGroup?.id ?? ""
    }

    /// Whether the entry takes access away: a removal of a user who is (or, when deleted, was) active.
    public var losesAccess: Bool {
        reason != .added && user?.record.active == true
    }
}
