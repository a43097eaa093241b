public import DirectoryStore
import SCIM

/// What the deprovisioning feed knows of one user (ARCHITECTURE §6): the identifiers a host app matches accounts on,
/// and whether the user may sign in.
///
/// Tracked for diffs: the user's existence, ``active``, ``userName`` and ``primaryEmail``. ``externalId`` and the other
/// ``emails`` are carried in diff entries as information only.
///
/// ```swift
/// let record = UserRecord(alice)   // alice: a StoredResource of kind .user
/// record.primaryEmail              // "alice@example.com": the primary e-mail, else the first one
/// ```
public struct UserRecord: Sendable, Hashable, Codable {
    /// The SCIM id (the file stem in `users/`).
    public var id: String
    /// The SCIM `userName`.
    public var userName: String
    /// The identity provider's id for the user, if it sent one.
    public var externalId: String?
    /// Every `emails[].value`, in the resource's order.
    public var emails: [String]
    /// The e-mail marked `primary: true`, else the first one; `nil` when the user has none.
    public var primaryEmail: String?
    /// Whether the user may sign in. A resource without `active` counts as active.
    public var active: Bool

    /// Creates a record from its parts.
    public init(
        id: String, userName: String, externalId: String? = nil, emails: [String] = [], primaryEmail: String? = nil,
        active: Bool = true
    ) {
        self.id = id
        self.userName = userName
        self.externalId = externalId
        self.emails = emails
        self.primaryEmail = primaryEmail
        self.active = active
    }

    /// The record of a stored user (its canonical SCIM JSON).
    ///
    /// - Precondition: `user.kind == .user`.
    public init(_ user: StoredResource) {
        precondition(user.kind == .user, "a UserRecord is made from a User")
        let body = user.resource
        let emails = body["emails"]?.arrayValue ?? []
        let primary = emails.first { $0["primary"]?.boolValue == true } ?? emails.first
        self.init(
            id: user.id, userName: body["userName"]?.stringValue ?? user.id,
            externalId: body["externalId"]?.stringValue,
            emails: emails.compactMap { $0["value"]?.stringValue }, primaryEmail: primary?["value"]?.stringValue,
            active: body["active"]?.boolValue ?? true)
    }
}
