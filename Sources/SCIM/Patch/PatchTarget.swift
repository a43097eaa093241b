/// What a ``PatchPath`` points at in resources of one type, resolved once per operation.
struct PatchTarget {
    enum Kind {
        /// A whole extension object, named by its URN (`urn:…:enterprise:2.0:User`).
        case extensionObject(Schema)
        /// An attribute, or one sub-attribute of it (`name.givenName`, `emails.type`, `urn:…:User:manager`).
        case attribute(ResourceType.ResolvedAttribute)
        /// The values of a multi-valued complex attribute that the predicate matches, or, when the location has a
        /// sub-attribute, that sub-attribute of each of them (`emails[type eq "work"].value`).
        case values(ResourceType.ResolvedAttribute, FilterPredicate)
    }

    let kind: Kind
    /// The path in canonical spelling, for error details.
    let description: String

    /// Resolves `path` against `resourceType`'s schemas.
    ///
    /// - Throws: 400 `invalidPath` when no schema defines the attribute or sub-attribute, when a value filter is put
    ///   on anything but a multi-valued complex attribute, or when the filter does not fit the attribute.
    init(_ path: PatchPath, in resourceType: ResourceType) throws(SCIMError) {
        guard let filter = path.valueFilter else {
            if let location = resourceType.resolve(path.attribute) {
                self.init(kind: .attribute(location), description: location.path.description)
            } else if let schema = resourceType.extensionNamed(by: path.attribute) {
                self.init(kind: .extensionObject(schema), description: schema.id)
            } else {
                throw Self.unknown(path.attribute, in: resourceType)
            }
            return
        }
        guard var location = resourceType.resolve(path.attribute.parent) else {
            throw Self.unknown(path.attribute.parent, in: resourceType)
        }
        let attribute = location.attribute
        guard attribute.multiValued, attribute.type == .complex else {
            throw .invalidPath(
                "\"\(path)\": a value filter selects values of a multi-valued complex attribute; "
                    + "\(attribute.name) is not one")
        }
        if let name = path.attribute.subAttribute {
            guard let subAttribute = attribute.subAttribute(named: name) else {
                throw Self.unknown(path.attribute, in: resourceType)
            }
            location.subAttribute = subAttribute
        }
        let predicate: FilterPredicate
        do {
            predicate = try filter.compile(relativeTo: attribute, in: resourceType)
        } catch {
            throw .invalidPath("\"\(path)\" has an invalid value filter: \(error.detail)")
        }
        self.init(
            kind: .values(location, predicate),
            description: PatchPath(attribute: location.path, valueFilter: predicate.filter).description)
    }

    private init(kind: Kind, description: String) {
        self.kind = kind
        self.description = description
    }

    /// Whether clients may not write the target (`id`, `meta`, `groups`, `manager.displayName`, RFC 7643 §7
    /// `readOnly`).
    var isReadOnly: Bool {
        switch kind {
        case .extensionObject: return false
        case .attribute(let location), .values(let location, _):
            return location.attribute.mutability == .readOnly || location.subAttribute?.mutability == .readOnly
        }
    }

    private static func unknown(_ path: AttributePath, in resourceType: ResourceType) -> SCIMError {
        .invalidPath(
            "no schema of resource type \(resourceType.name) defines the attribute \"\(path)\" "
                + "(attribute names are case-insensitive; extension attributes need their schema URN)")
    }
}
