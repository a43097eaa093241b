/// A user who lost or gained access (ARCHITECTURE §6): an element of ``DeprovisioningDiff/deprovisioned`` or
/// ``DeprovisioningDiff/provisioned``.
///
/// ```json
/// {"reason": "deactivated", "user": {"id": "…", "userName": "alice@example.com", "emails": ["alice@example.com"],
///  "primaryEmail": "alice@example.com", "active": false, "externalId": "00u1", "nameID": "alice@example.com"}}
/// ```
///
/// `user` is present for every reason but ``Reason/notProvisioned``, where `account` describes the host account and
/// `user` is the SCIM user it matched, if any.
public struct UserEntry: Sendable, Hashable, Codable {
    /// Why the user is listed.
    public enum Reason: String, Sendable, Hashable, Codable, CaseIterable {
        /// Deprovisioned: `active` went from true to false.
        case deactivated
        /// Deprovisioned: the user is gone from the directory. `user` is the record before the deletion.
        case deleted
        /// Deprovisioned: a host account that SCIM does not keep (from a reconciliation).
        case notProvisioned
        /// Provisioned: a new user; `user.active` says whether it may sign in.
        case provisioned
        /// Provisioned: `active` went from false to true.
        case reactivated
    }

    /// Why the user is listed.
    public var reason: Reason
    /// The SCIM user (see the type's documentation).
    public var user: EntryUser?
    /// The host account, for ``Reason/notProvisioned`` only.
    public var account: HostAccount?

    /// An entry about a SCIM user.
    public init(reason: Reason, user: EntryUser) {
        self.reason = reason
        self.user = user
    }

    /// A ``Reason/notProvisioned`` entry: a host account that SCIM does not keep, and the SCIM user it matched (an
    /// inactive one), if any.
    public init(notProvisioned account: HostAccount, matching user: EntryUser? = nil) {
        self.reason = .notProvisioned
        self.account = account
        self.user = user
    }

    /// Whether the entry takes access away (``Reason/deactivated``, ``Reason/notProvisioned``, or ``Reason/deleted``
    /// of a user who was active).
    public var losesAccess: Bool {
        switch reason {
        case .deactivated, .notProvisioned: return true
        case .deleted: return user?.record.active == true
        case .provisioned, .reactivated: return false
        }
    }

    /// The key the guard counts distinct users by: the SCIM id, else the host account's first identifier.
    var distinctKey: String {
        user?.record.id ?? account?.distinctKey ?? ""
    }
}
