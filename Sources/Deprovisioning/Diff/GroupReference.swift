/// A group as diff entries name it: `{"id", "displayName", "externalId"}` (ARCHITECTURE §6).
public struct GroupReference: Sendable, Hashable, Codable {
    /// The SCIM id.
    public var id: String
    /// The SCIM `displayName`.
    public var displayName: String
    /// The identity provider's id for the group, if it sent one.
    public var externalId: String?

    /// Creates a reference.
    public init(id: String, displayName: String, externalId: String? = nil) {
        self.id = id
        self.displayName = displayName
        self.externalId = externalId
    }
}
