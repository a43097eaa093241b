public import Foundation

/// Parses SAML 2.0 metadata (an `md:EntityDescriptor`, or an `md:EntitiesDescriptor` aggregate of any depth) and
/// chooses one entity from it (SAML 2.0 Metadata, saml-metadata-2.0-os §2.3).
///
/// ```swift
/// let parser = SAMLMetadataParser()
/// let document = try parser.parse(data)                                  // the only SAML 2.0 IdP in the document
/// let other = try parser.parse(data, entityID: "https://idp.example.org/idp")  // or the entity with this ID
/// ```
///
/// The entity is the one whose `entityID` equals `entityID` exactly, or, when `entityID` is `nil`, the only entity
/// with an `IDPSSODescriptor` whose `protocolSupportEnumeration` contains `urn:oasis:names:tc:SAML:2.0:protocol`
/// (SAML 1.1- and Shibboleth-only identity providers do not count).
///
/// The input is untrusted: it is size-checked before parsing, parsed by libxml2 without network or file access,
/// refused at any DOCTYPE, never entity-expanded, and depth-limited (see ``MetadataLimits``). Signatures are
/// neither checked nor required; `validUntil` is reported, not enforced, so a caller can warn about expired metadata
/// instead of refusing it.
///
/// The parser holds no state: one value may be used from many tasks at once.
public struct SAMLMetadataParser: Sendable {
    /// The bounds applied to every document.
    public var limits: MetadataLimits

    /// Creates a parser with the given limits (by default 4 MiB).
    public init(limits: MetadataLimits = MetadataLimits()) {
        self.limits = limits
    }

    /// Parses metadata from memory and chooses an entity.
    ///
    /// - Parameters:
    ///   - data: The document's bytes, in any encoding libxml2 detects (UTF-8 with or without BOM, UTF-16, a declared
    ///     `encoding`).
    ///   - entityID: The entity to choose; `nil` chooses the only SAML 2.0 identity provider.
    /// - Returns: The chosen entity with its enclosing `EntitiesDescriptor`s, a summary of every entity, and warnings.
    /// - Throws: ``SAMLMetadataError`` — `tooLarge`, `doctypeNotAllowed`, `malformedXML` or `notMetadata` when the
    ///   document is refused; `entityNotFound`, `noIdentityProvider` or `ambiguousEntity` (with
    ///   ``SAMLMetadataError/candidates``) when no single entity can be chosen.
    public func parse(_ data: Data, entityID: String? = nil) throws(SAMLMetadataError) -> MetadataDocument {
        try SafeXMLParser.withDocument(data, maximumBytes: limits.maximumBytes) {
            (root: ElementNode) throws(SAMLMetadataError) -> MetadataDocument in
            var reader = MetadataReader()
            let located = try reader.locateEntities(in: root)
            let summaries = located.map(MetadataReader.summary(of:))
            let chosen = try Self.choose(from: located, summaries: summaries, entityID: entityID)
            let enclosing = chosen.enclosing.map { reader.readEntitiesDescriptor($0) }
            let entity = reader.readEntity(chosen)
            return MetadataDocument(
                entity: entity, enclosingEntitiesDescriptors: enclosing, entities: summaries, warnings: reader.warnings)
        }
    }

    private static func choose(
        from located: [MetadataReader.LocatedEntity],
        summaries: [EntitySummary],
        entityID: String?
    ) throws(SAMLMetadataError) -> MetadataReader.LocatedEntity {
        let allIDs = summaries.map(\.entityID)
        if let entityID {
            let matches = located.filter { $0.entityID == entityID }
            guard let first = matches.first else {
                throw SAMLMetadataError(
                    kind: .entityNotFound,
                    message: "no EntityDescriptor has entityID \"\(entityID)\"; the document has \(list(allIDs))",
                    candidates: allIDs)
            }
            guard matches.count == 1 else {
                let lines = matches.map { String($0.element.line) }.joined(separator: ", ")
                throw SAMLMetadataError(
                    kind: .ambiguousEntity,
                    message: "entityID \"\(entityID)\" appears \(matches.count) times (lines \(lines))",
                    candidates: [entityID])
            }
            return first
        }
        let identityProviders = zip(located, summaries).filter { $0.1.isSAML2IdentityProvider }
        guard let only = identityProviders.first else {
            throw SAMLMetadataError(
                kind: .noIdentityProvider,
                message: "no entity has a SAML 2.0 identity provider role (IDPSSODescriptor supporting "
                    + "\(RoleDescriptor.saml2Protocol)); the document has \(list(allIDs))",
                candidates: allIDs)
        }
        guard identityProviders.count == 1 else {
            let ids = identityProviders.map(\.1.entityID)
            throw SAMLMetadataError(
                kind: .ambiguousEntity,
                message: "\(ids.count) entities are SAML 2.0 identity providers; choose one by entityID: \(list(ids))",
                candidates: ids)
        }
        return only.0
    }

    /// `"a", "b" and 3 more`: entityIDs for a message, at most ten; the error's `candidates` carries them all.
    private static func list(_ ids: [String]) -> String {
        guard !ids.isEmpty else { return "no entities" }
        let shown = ids.prefix(10).map { "\"\($0)\"" }.joined(separator: ", ")
        return ids.count > 10 ? "\(shown) and \(ids.count - 10) more" : shown
    }
}
