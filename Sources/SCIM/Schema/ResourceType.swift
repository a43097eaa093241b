/// A resource type: its endpoint, core schema and schema extensions (RFC 7643 §6), and the place where attribute paths
/// are resolved against them.
///
/// Resources are stored canonically: core and common attributes at the top level under their schema names,
/// extension attributes inside an object keyed by the extension's URN (RFC 7643 §3.3). ``resolve(_:)`` maps a path
/// written in any case, with or without a URN prefix, to that canonical place.
public struct ResourceType: Sendable, Hashable {
    /// A schema extension and whether resources must carry it.
    public struct Extension: Sendable, Hashable {
        /// The extension schema.
        public var schema: Schema
        /// Whether every resource must include the extension.
        public var required: Bool

        /// Creates an extension entry.
        public init(schema: Schema, required: Bool = false) {
            self.schema = schema
            self.required = required
        }
    }

    /// The name, e.g. `User`; also `meta.resourceType`.
    public var name: String
    /// The endpoint relative to the base URL, e.g. `/Users`.
    public var endpoint: String
    /// A person-readable description.
    public var description: String
    /// The core schema.
    public var schema: Schema { didSet { scopedAttributes = Self.scoped(schema, extensions) } }
    /// The schema extensions.
    public var extensions: [Extension] { didSet { scopedAttributes = Self.scoped(schema, extensions) } }
    /// Every top-level attribute with the extension it lives in (`nil`: common or core), computed once because
    /// validation walks it for every resource.
    private(set) var scopedAttributes: [ScopedAttribute] = []

    /// A top-level attribute and the URN of the extension object holding it (`nil` for common and core attributes).
    struct ScopedAttribute: Sendable, Hashable {
        var extensionURN: String?
        var definition: AttributeDefinition
    }

    private static func scoped(_ schema: Schema, _ extensions: [Extension]) -> [ScopedAttribute] {
        (CommonAttributes.all + schema.attributes).map { ScopedAttribute(extensionURN: nil, definition: $0) }
            + extensions.flatMap { ext in
                ext.schema.attributes.map { ScopedAttribute(extensionURN: ext.schema.id, definition: $0) }
            }
    }

    /// Creates a resource type.
    public init(name: String, endpoint: String, description: String, schema: Schema, extensions: [Extension] = []) {
        self.name = name
        self.endpoint = endpoint
        self.description = description
        self.schema = schema
        self.extensions = extensions
        self.scopedAttributes = Self.scoped(schema, extensions)
    }

    /// `User` at `/Users`, with the Enterprise User extension (RFC 7643 §4.1, §4.3).
    public static let user = ResourceType(
        name: "User", endpoint: "/Users", description: "User Account", schema: .user,
        extensions: [Extension(schema: .enterpriseUser)])

    /// `Group` at `/Groups` (RFC 7643 §4.2).
    public static let group = ResourceType(name: "Group", endpoint: "/Groups", description: "Group", schema: .group)

    /// The extension whose URN is `urn` (case-insensitive), if any.
    public func extensionSchema(urn: String) -> Schema? {
        extensions.first { $0.schema.id.caseInsensitiveEquals(urn) }?.schema
    }

    /// Where an attribute path points, in canonical spelling.
    public struct ResolvedAttribute: Sendable, Hashable {
        /// The URN of the extension object the attribute lives in, or `nil` for core and common attributes.
        public var extensionURN: String?
        /// The (top-level) attribute.
        public var attribute: AttributeDefinition
        /// The sub-attribute, when the path names one.
        public var subAttribute: AttributeDefinition?

        /// The definition the path ends at: the sub-attribute if there is one, else the attribute.
        public var leaf: AttributeDefinition { subAttribute ?? attribute }

        /// The canonical path, e.g. `name.givenName` or `urn:…:enterprise:2.0:User:manager.value`.
        public var path: AttributePath {
            AttributePath(schemaURN: extensionURN, attribute: attribute.name, subAttribute: subAttribute?.name)
        }
    }

    /// Resolves `path` against the common attributes, the core schema and the extensions.
    ///
    /// An unqualified name is looked up among the common attributes (RFC 7643 §3.1) and then the core schema; a
    /// qualified one in the schema its URN names. A sub-attribute must belong to a complex attribute.
    ///
    /// - Returns: the canonical location, or `nil` when no schema defines the path.
    public func resolve(_ path: AttributePath) -> ResolvedAttribute? {
        let scope: String?
        if let urn = path.schemaURN {
            if schema.id.caseInsensitiveEquals(urn) {
                scope = nil
            } else if let extensionSchema = extensionSchema(urn: urn) {
                scope = extensionSchema.id
            } else {
                return nil
            }
        } else {
            scope = nil
        }
        guard let attribute = scopedAttributes.first(where: {
            $0.extensionURN == scope && $0.definition.name.caseInsensitiveEquals(path.attribute)
        })?.definition else {
            return nil
        }
        guard let subName = path.subAttribute else {
            return ResolvedAttribute(extensionURN: scope, attribute: attribute)
        }
        guard let subAttribute = attribute.subAttribute(named: subName) else { return nil }
        return ResolvedAttribute(extensionURN: scope, attribute: attribute, subAttribute: subAttribute)
    }

    /// The extension a path names as a whole (`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`), if it does.
    ///
    /// ``AttributePath/init(parsing:)`` reads such a path as URN `…:2.0` plus attribute `User`; this joins them back.
    public func extensionNamed(by path: AttributePath) -> Schema? {
        guard let urn = path.schemaURN, path.subAttribute == nil else { return nil }
        return extensionSchema(urn: urn + ":" + path.attribute)
    }

    /// The resource type's representation (RFC 7643 §6), for `GET /ResourceTypes`.
    public var jsonValue: JSONValue {
        .object([
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
            "id": .string(name),
            "name": .string(name),
            "endpoint": .string(endpoint),
            "description": .string(description),
            "schema": .string(schema.id),
            "schemaExtensions": .array(
                extensions.map { .object(["schema": .string($0.schema.id), "required": .bool($0.required)]) }),
            "meta": ["resourceType": "ResourceType", "location": .string("/ResourceTypes/\(name)")],
        ])
    }
}

extension JSONObject {
    /// The value at a resolved attribute, read from a canonical resource; `nil` when absent.
    ///
    /// For a sub-attribute of a multi-valued attribute this is the array of the elements' values (absent ones
    /// skipped), as a filter or projection sees it.
    public func value(at location: ResourceType.ResolvedAttribute) -> JSONValue? {
        let container: JSONObject?
        if let urn = location.extensionURN { container = self[urn]?.objectValue } else { container = self }
        guard let attributeValue = container?[location.attribute.name] else { return nil }
        guard let subAttribute = location.subAttribute else { return attributeValue }
        switch attributeValue {
        case .object(let object): return object[subAttribute.name]
        case .array(let elements):
            let values = elements.compactMap { $0.objectValue?[subAttribute.name] }
            return values.isEmpty ? nil : .array(values)
        default: return nil
        }
    }
}
