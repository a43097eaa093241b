import Foundation

/// Reads the metadata model from a parsed tree, collecting ``MetadataWarning``s for what it skips.
///
/// Elements are found only where the schema puts them (children of the right parent, matched by namespace URI and
/// local name), never by searching the whole tree, so a `ds:Signature`'s certificate or an element smuggled into
/// `Extensions` is never mistaken for metadata.
struct MetadataReader {
    /// An `EntityDescriptor` element with the `EntitiesDescriptor` elements around it, outermost first.
    struct LocatedEntity {
        let element: ElementNode
        let entityID: String
        let enclosing: [ElementNode]
    }

    private(set) var warnings: [MetadataWarning] = []

    mutating func warn(_ element: ElementNode, _ message: String) {
        warnings.append(MetadataWarning(line: element.line, message: message))
    }

    /// Every `EntityDescriptor` under `root` in document order, after checking that `root` is metadata.
    /// Entities without an `entityID` cannot be chosen; they are skipped with a warning.
    ///
    /// - Throws: ``SAMLMetadataError/Kind/notMetadata`` when the root is not `md:EntityDescriptor` or
    ///   `md:EntitiesDescriptor`.
    mutating func locateEntities(in root: ElementNode) throws(SAMLMetadataError) -> [LocatedEntity] {
        guard root.matches(.entityDescriptor) || root.matches(.entitiesDescriptor) else {
            throw SAMLMetadataError(
                kind: .notMetadata, line: root.line,
                message: "root element is \(root.expandedName), expected md:EntityDescriptor or md:EntitiesDescriptor "
                    + "in \(Namespace.metadata)")
        }
        var located: [LocatedEntity] = []
        // Depth-first in document order; libxml2's depth limit bounds the stack.
        var pending: [(element: ElementNode, enclosing: [ElementNode])] = [(root, [])]
        while let (element, enclosing) = pending.popLast() {
            if element.matches(.entitiesDescriptor) {
                let inner = enclosing + [element]
                let members = element.children.filter {
                    $0.matches(.entityDescriptor) || $0.matches(.entitiesDescriptor)
                }
                pending.append(contentsOf: members.reversed().map { ($0, inner) })
            } else if let entityID = nonEmpty(element.attribute("entityID")) {
                located.append(LocatedEntity(element: element, entityID: entityID, enclosing: enclosing))
            } else {
                warn(element, "EntityDescriptor has no entityID attribute; entity skipped")
            }
        }
        return located
    }

    /// The entity's ID and role kinds, without reading the roles in full.
    static func summary(of entity: LocatedEntity) -> EntitySummary {
        let roles = roleElements(of: entity.element)
        return EntitySummary(
            entityID: entity.entityID,
            roleKinds: roles.map(\.kind),
            isSAML2IdentityProvider: roles.contains {
                $0.kind == .idpSSODescriptor && protocols(of: $0.element).contains(RoleDescriptor.saml2Protocol)
            },
            line: entity.element.line)
    }

    mutating func readEntity(_ entity: LocatedEntity) -> EntityDescriptor {
        EntityDescriptor(
            entityID: entity.entityID,
            validUntil: validUntil(of: entity.element),
            cacheDuration: cacheDuration(of: entity.element),
            roles: Self.roleElements(of: entity.element).map { readRole($0.element, kind: $0.kind) },
            line: entity.element.line)
    }

    mutating func readEntitiesDescriptor(_ element: ElementNode) -> EntitiesDescriptor {
        EntitiesDescriptor(
            name: element.attribute("Name"),
            validUntil: validUntil(of: element),
            cacheDuration: cacheDuration(of: element),
            line: element.line)
    }

    /// The role descriptor children of an `EntityDescriptor`, in document order.
    static func roleElements(of entity: ElementNode) -> [(element: ElementNode, kind: RoleDescriptor.Kind)] {
        entity.children.compactMap { child in
            guard child.namespaceURI == Namespace.metadata, let kind = RoleDescriptor.Kind(rawValue: child.localName)
            else { return nil }
            return (child, kind)
        }
    }

    /// `protocolSupportEnumeration` split on whitespace.
    static func protocols(of role: ElementNode) -> [String] {
        (role.attribute("protocolSupportEnumeration") ?? "").split(whereSeparator: \.isXMLWhitespace).map(String.init)
    }

    // MARK: - Attribute values

    /// `validUntil` (xs:dateTime); an unreadable value is ignored with a warning.
    mutating func validUntil(of element: ElementNode) -> Date? {
        guard let text = element.attribute("validUntil") else { return nil }
        guard let date = XSDateTime.date(from: text) else {
            warn(element, "\(element.localName) validUntil \"\(text)\" is not a valid xs:dateTime; ignored")
            return nil
        }
        return date
    }

    /// `cacheDuration` (xs:duration); an unreadable value such as `P2DT` is ignored with a warning.
    mutating func cacheDuration(of element: ElementNode) -> XSDuration? {
        guard let text = element.attribute("cacheDuration") else { return nil }
        guard let duration = XSDuration(lexical: text) else {
            warn(element, "\(element.localName) cacheDuration \"\(text)\" is not a valid xs:duration; ignored")
            return nil
        }
        return duration
    }

    /// An `xs:boolean` attribute (`true`, `false`, `1`, `0`); anything else is ignored with a warning.
    mutating func boolean(_ name: String, of element: ElementNode) -> Bool? {
        guard let text = element.attribute(name) else { return nil }
        switch text.trimmingXMLWhitespace() {
        case "true", "1": return true
        case "false", "0": return false
        default:
            warn(element, "\(element.localName) \(name) \"\(text)\" is not a boolean; ignored")
            return nil
        }
    }

    /// `value` without surrounding XML whitespace, as XML Schema collapses `anyURI` and token values;
    /// `nil` when absent or empty.
    func nonEmpty(_ value: String?) -> String? {
        guard let trimmed = value?.trimmingXMLWhitespace(), !trimmed.isEmpty else { return nil }
        return trimmed
    }
}
