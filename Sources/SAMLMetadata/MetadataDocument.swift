public import Foundation

/// The result of parsing SAML metadata: the chosen entity, what encloses it, and every entity in the document.
///
/// ```swift
/// let document = try SAMLMetadataParser().parse(data)       // the only SAML 2.0 identity provider
/// guard let idp = document.identityProvider else { … }      // nil when an entityID chose an SP
/// idp.nameIDFormats, idp.singleSignOnServices, idp.signingKeys
/// document.validUntil                                       // earliest validUntil of all enclosing levels
/// document.warnings                                         // what was skipped, with lines
/// ```
public struct MetadataDocument: Sendable, Equatable, Codable {
    /// The entity chosen by entityID, or the document's only SAML 2.0 identity provider.
    public let entity: EntityDescriptor
    /// The `EntitiesDescriptor`s around ``entity``, outermost first; empty when the root is the `EntityDescriptor`.
    public let enclosingEntitiesDescriptors: [EntitiesDescriptor]
    /// Every `EntityDescriptor` in the document, in document order, so a caller can show the candidates.
    public let entities: [EntitySummary]
    /// Things skipped or ignored while reading ``entity`` and its enclosing descriptors.
    public let warnings: [MetadataWarning]

    /// Creates a document.
    public init(
        entity: EntityDescriptor, enclosingEntitiesDescriptors: [EntitiesDescriptor], entities: [EntitySummary],
        warnings: [MetadataWarning]
    ) {
        self.entity = entity
        self.enclosingEntitiesDescriptors = enclosingEntitiesDescriptors
        self.entities = entities
        self.warnings = warnings
    }

    /// The chosen entity's SAML 2.0 identity-provider role (``EntityDescriptor/samlIdentityProvider``), or `nil`.
    public var identityProvider: RoleDescriptor? {
        entity.samlIdentityProvider
    }

    /// What the identity provider says it can send: the ``identityProvider``'s `saml:Attribute`s followed by the
    /// entity's WS-Federation ``EntityDescriptor/claimTypesOffered``.
    public var advertisedAttributes: [AdvertisedAttribute] {
        (identityProvider?.attributes ?? []) + entity.claimTypesOffered
    }

    /// The earliest `validUntil` that applies to the identity provider: of the enclosing `EntitiesDescriptor`s,
    /// the `EntityDescriptor` and the ``identityProvider`` role. `nil` when no level sets one.
    /// Metadata is not to be relied on after this instant (saml-metadata-2.0-os §1.2.1).
    public var validUntil: Date? {
        let levels = enclosingEntitiesDescriptors.map(\.validUntil) + [entity.validUntil, identityProvider?.validUntil]
        return levels.compactMap(\.self).min()
    }

    /// The shortest `cacheDuration` over the same levels as ``validUntil``; `nil` when none is set and valid.
    public var cacheDuration: XSDuration? {
        let levels =
            enclosingEntitiesDescriptors.map(\.cacheDuration) + [entity.cacheDuration, identityProvider?.cacheDuration]
        return levels.compactMap(\.self).min { $0.seconds < $1.seconds }
    }
}
