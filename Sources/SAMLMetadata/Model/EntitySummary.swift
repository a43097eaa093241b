/// An entity in the document, as far as needed to offer it as a choice: its entityID and its roles' kinds.
///
/// ```swift
/// document.entities.filter(\.isSAML2IdentityProvider).map(\.entityID)
/// ```
public struct EntitySummary: Sendable, Equatable, Codable {
    /// The `entityID`.
    public let entityID: String
    /// The kinds of its role descriptors, in document order.
    public let roleKinds: [RoleDescriptor.Kind]
    /// Whether one of its roles is a SAML 2.0 identity provider (see ``RoleDescriptor/isSAML2IdentityProvider``).
    public let isSAML2IdentityProvider: Bool
    /// The line of the start tag.
    public let line: Int

    /// Creates a summary.
    public init(entityID: String, roleKinds: [RoleDescriptor.Kind], isSAML2IdentityProvider: Bool, line: Int) {
        self.entityID = entityID
        self.roleKinds = roleKinds
        self.isSAML2IdentityProvider = isSAML2IdentityProvider
        self.line = line
    }
}
