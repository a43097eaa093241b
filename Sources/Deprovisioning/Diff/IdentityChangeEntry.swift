/// A user whose `userName` or primary e-mail changed, with the previous values (ARCHITECTURE §6: hosts match
/// accounts on e-mail, so they need the old address to find the account to update).
///
/// ```json
/// {"reason": "primaryEmailChanged", "user": {"id": "…", "primaryEmail": "alice.smith@example.com", …},
///  "previousUserName": "alice@example.com", "previousPrimaryEmail": "alice@example.com"}
/// ```
public struct IdentityChangeEntry: Sendable, Hashable, Codable {
    /// Which tracked identifiers changed.
    public enum Reason: String, Sendable, Hashable, Codable, CaseIterable {
        /// Only `userName` changed.
        case userNameChanged
        /// Only the primary e-mail changed (the `primary` one, else the first).
        case primaryEmailChanged
        /// Both changed.
        case userNameAndPrimaryEmailChanged
    }

    /// Which tracked identifiers changed.
    public var reason: Reason
    /// The user as it is now.
    public var user: EntryUser
    /// `userName` before the change (equal to the current one when only the e-mail changed).
    public var previousUserName: String
    /// The primary e-mail before the change, `nil` when there was none.
    public var previousPrimaryEmail: String?

    /// The entry for a user whose identity changed from `previous` to `user`, or `nil` when neither `userName` nor
    /// the primary e-mail differ.
    public init?(from previous: UserRecord, to user: EntryUser) {
        let current = user.record
        switch (previous.userName != current.userName, previous.primaryEmail != current.primaryEmail) {
        case (true, true): reason = .userNameAndPrimaryEmailChanged
        case (true, false): reason = .userNameChanged
        case (false, true): reason = .primaryEmailChanged
        case (false, false): return nil
        }
        self.user = user
        self.previousUserName = previous.userName
        self.previousPrimaryEmail = previous.primaryEmail
    }
}
