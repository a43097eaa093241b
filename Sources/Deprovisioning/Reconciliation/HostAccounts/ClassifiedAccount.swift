/// A host account matched against the SCIM users, and what the reconciliation does with it (ARCHITECTURE §7).
///
/// JSON (in ``HostAccountReport/accounts``):
/// ```json
/// {"account": {"record": 2, "line": 3, "email": "carol@example.com", "active": true, "ssoSource": "saml"},
///  "matchedBy": "email", "match": "inactiveUser", "user": {"id": "c3d4…", "userName": "carol@example.com", …},
///  "action": "deprovision", "reason": "deactivated"}
/// ```
/// `user` is left out when nothing matched, `reason` unless the action is `deprovision`.
public struct ClassifiedAccount: Sendable, Hashable, Codable {
    /// Which identifier of the account was looked up.
    public enum MatchedBy: String, Sendable, Hashable, Codable, CaseIterable {
        /// The account's `name_id`, against each user's expected NameID.
        case nameID
        /// The account's `email`, against every e-mail of every user (the account has no `name_id`).
        case email
    }

    /// What the account matched.
    public enum Match: String, Sendable, Hashable, Codable, CaseIterable {
        /// An active SCIM user (when several users match and one is active, that one).
        case activeUser
        /// Only inactive SCIM users.
        case inactiveUser
        /// No SCIM user.
        case noUser
    }

    /// What the reconciliation does with the account, decided in this order.
    public enum Action: String, Sendable, Hashable, Codable, CaseIterable {
        /// It matches an active user: SCIM keeps it.
        case keep
        /// The export has `sso_source` and this account's is not `saml`: SAML did not create it, so it is reported
        /// and never touched.
        case notSAML
        /// The account is already inactive in the host app: nothing to do.
        case alreadyInactive
        /// It is deprovisioned, for ``reason``.
        case deprovision
    }

    /// Why an account is deprovisioned; the raw values are those of the deprovisioning diff (ARCHITECTURE §6).
    public enum Reason: String, Sendable, Hashable, Codable, CaseIterable {
        /// It matches no SCIM user: SCIM does not keep it.
        case notProvisioned
        /// It matches a SCIM user who is inactive.
        case deactivated
    }

    /// The account as exported.
    public let account: ExportedAccount
    /// Which identifier was looked up.
    public let matchedBy: MatchedBy
    /// What it matched.
    public let match: Match
    /// The matched user, for ``Match/activeUser`` and ``Match/inactiveUser``.
    public let user: ReconciledUser?
    /// What is done with it.
    public let action: Action
    /// Why it is deprovisioned, for ``Action/deprovision`` only.
    public let reason: Reason?

    /// Classifies an account given the users it matched.
    ///
    /// - Parameters:
    ///   - matches: the users whose identifier equals the account's, in any order.
    ///   - mayDeprovision: whether the export allows deprovisioning it (``HostAccountExport/mayDeprovision(_:)``).
    public init(
        _ account: ExportedAccount, matchedBy: MatchedBy, matches: [ReconciledUser], mayDeprovision: Bool
    ) {
        self.account = account
        self.matchedBy = matchedBy
        let ordered = matches.sorted { ($0.userName.lowercased(), $0.id) < ($1.userName.lowercased(), $1.id) }
        user = ordered.first(where: \.active) ?? ordered.first
        match = user.map { $0.active ? .activeUser : .inactiveUser } ?? .noUser
        if match == .activeUser {
            action = .keep
        } else if !mayDeprovision {
            action = .notSAML
        } else if !account.active {
            action = .alreadyInactive
        } else {
            action = .deprovision
        }
        reason = action == .deprovision ? (match == .inactiveUser ? .deactivated : .notProvisioned) : nil
    }
}
