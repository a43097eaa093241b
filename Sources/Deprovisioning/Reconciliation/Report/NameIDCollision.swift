/// Users who would receive the same SAML `NameID` (ARCHITECTURE §7): the identity provider cannot tell them apart at
/// sign-in, and a host account with that NameID matches them all.
///
/// JSON (in ``ReconciliationReport/nameIDCollisions``): `{"nameID": "bob@example.com", "userIds": ["7b2c…", "9f00…"]}`.
/// Values collide as the NameID source compares them (``NameIDSource/matchingKey(_:)``): e-mail addresses and
/// userNames case-insensitively, externalIds exactly. `userName` and `externalId` are unique in the directory
/// (ARCHITECTURE §4.4), so in practice e-mail NameIDs are the ones that collide.
public struct NameIDCollision: Sendable, Hashable, Codable {
    /// The NameID, as the first of the users (by ``userIds`` order) carries it.
    public let nameID: String
    /// The users' SCIM ids, in the report's user order.
    public let userIds: [String]

    /// Creates a collision.
    public init(nameID: String, userIds: [String]) {
        self.nameID = nameID
        self.userIds = userIds
    }
}
