public import Foundation

/// One `md:EntityDescriptor`: a system identified by its entityID, with its roles
/// (SAML 2.0 Metadata, saml-metadata-2.0-os §2.3.2).
///
/// ```swift
/// document.entity.entityID                 // "http://www.okta.com/exkppsa1qwuFV4D7z0h7"
/// document.entity.roles.map(\.kind)        // [.idpSSODescriptor]
/// document.entity.samlIdentityProvider     // the IDPSSODescriptor supporting SAML 2.0, if any
/// ```
///
/// `Extensions`, `Organization`, `ContactPerson`, `AdditionalMetadataLocation`, signatures and unknown elements are
/// not read.
public struct EntityDescriptor: Sendable, Equatable, Codable {
    /// The `entityID`, trimmed. Compared exactly, as the URI it is.
    public let entityID: String
    /// The entity's own `validUntil`, when present and valid.
    public let validUntil: Date?
    /// The entity's own `cacheDuration`, when present and valid.
    public let cacheDuration: XSDuration?
    /// The role descriptors in document order.
    public let roles: [RoleDescriptor]
    /// The line of the start tag.
    public let line: Int

    /// Creates an entity.
    public init(
        entityID: String, validUntil: Date? = nil, cacheDuration: XSDuration? = nil, roles: [RoleDescriptor], line: Int
    ) {
        self.entityID = entityID
        self.validUntil = validUntil
        self.cacheDuration = cacheDuration
        self.roles = roles
        self.line = line
    }

    /// The first role that ``RoleDescriptor/isSAML2IdentityProvider``, or `nil`.
    public var samlIdentityProvider: RoleDescriptor? {
        roles.first(where: \.isSAML2IdentityProvider)
    }

    /// Claims offered by this entity's WS-Federation `RoleDescriptor`s (`fed:ClaimTypesOffered`): Entra ID and
    /// AD FS list the claims their SAML identity provider can send there, not in the `IDPSSODescriptor`.
    public var claimTypesOffered: [AdvertisedAttribute] {
        roles.filter { $0.kind == .roleDescriptor }.flatMap(\.attributes).filter { $0.source == .claimTypeOffered }
    }
}
