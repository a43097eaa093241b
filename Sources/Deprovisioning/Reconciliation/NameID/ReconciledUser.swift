public import DirectoryStore
import Foundation
import SCIM

/// A SCIM user as the reconciliation sees it: the identifiers a host app may know, whether the user may sign in, and
/// the SAML `NameID` the identity provider is expected to send for them (ARCHITECTURE §7).
///
/// JSON (in ``ReconciliationReport/users``):
/// ```json
/// {"id": "4f1f…", "userName": "alice@example.com", "externalId": "alice", "primaryEmail": "alice@example.com",
///  "emails": ["alice@example.com"], "active": true, "nameID": "alice@example.com"}
/// ```
/// Absent values (`externalId`, `primaryEmail`, `nameID`) are left out.
public struct ReconciledUser: Sendable, Hashable, Codable {
    /// The SCIM id.
    public let id: String
    /// The SCIM `userName`.
    public let userName: String
    /// The SCIM `externalId`, when set and not blank.
    public let externalId: String?
    /// The e-mail marked `primary: true`, else the first one; `nil` when the user has none.
    public let primaryEmail: String?
    /// Every non-blank `emails[].value`, in the resource's order.
    public let emails: [String]
    /// Whether the user may sign in; a user without `active` is active (RFC 7643 §4.1.1).
    public let active: Bool
    /// The expected NameID: the value of the chosen ``NameIDSource``; `nil` when the user has no such value.
    public let nameID: String?

    /// Creates a user from its parts.
    public init(
        id: String, userName: String, externalId: String? = nil, primaryEmail: String? = nil, emails: [String] = [],
        active: Bool = true, nameID: String? = nil
    ) {
        self.id = id
        self.userName = userName
        self.externalId = externalId
        self.primaryEmail = primaryEmail
        self.emails = emails
        self.active = active
        self.nameID = nameID
    }

    /// Reads a stored user's canonical SCIM JSON and derives its NameID from `source`.
    ///
    /// Values are trimmed; blank ones count as absent, so a user whose only e-mail is `" "` has no e-mail NameID.
    ///
    /// - Precondition: `user.kind == .user`.
    public init(_ user: StoredResource, nameIDFrom source: NameIDSource) {
        precondition(user.kind == .user, "a ReconciledUser is made from a User")
        let body = user.resource
        let emailObjects = body["emails"]?.arrayValue ?? []
        let emails = emailObjects.compactMap { nonBlank($0["value"]?.stringValue) }
        let primary = emailObjects.first {
            $0["primary"]?.boolValue == true && nonBlank($0["value"]?.stringValue) != nil
        }
        let userName = nonBlank(body["userName"]?.stringValue) ?? user.id
        let externalId = nonBlank(body["externalId"]?.stringValue)
        let primaryEmail = nonBlank(primary?["value"]?.stringValue) ?? emails.first
        let nameID: String? =
            switch source {
            case .userName: userName
            case .email: primaryEmail
            case .externalId: externalId
            }
        self.init(
            id: user.id, userName: userName, externalId: externalId, primaryEmail: primaryEmail, emails: emails,
            active: body["active"]?.boolValue ?? true, nameID: nameID)
    }
}

/// The value trimmed of surrounding whitespace, or `nil` when nothing is left.
func nonBlank(_ value: String?) -> String? {
    guard let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
    return trimmed
}
