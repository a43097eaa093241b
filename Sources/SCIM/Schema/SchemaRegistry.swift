/// The resource types a server offers and every schema they use; the single source for validation and for the
/// discovery documents (RFC 7644 §4).
///
/// ```swift
/// var registry = SchemaRegistry.standard                 // User (+ EnterpriseUser), Group
/// try registry.addExtension(try Schema(json: definition)) // a custom extension from DIR/schemas/*.json
/// ```
public struct SchemaRegistry: Sendable, Hashable {
    /// The resource types, `User` first.
    public private(set) var resourceTypes: [ResourceType]

    /// Creates a registry of the given resource types.
    public init(resourceTypes: [ResourceType]) {
        self.resourceTypes = resourceTypes
    }

    /// User with the Enterprise User extension, and Group.
    public static let standard = SchemaRegistry(resourceTypes: [.user, .group])

    /// The `User` resource type of this registry (with any added extensions).
    public var user: ResourceType { resourceType(named: "User")! }
    /// The `Group` resource type of this registry (with any added extensions).
    public var group: ResourceType { resourceType(named: "Group")! }

    /// Every distinct schema: core schemas first, then extensions, in registration order.
    public var schemas: [Schema] {
        var seen = Set<String>()
        let all = resourceTypes.map(\.schema) + resourceTypes.flatMap { $0.extensions.map(\.schema) }
        return all.filter { seen.insert($0.id.lowercased()).inserted }
    }

    /// The resource type called `name` (case-insensitive), e.g. `User`.
    public func resourceType(named name: String) -> ResourceType? {
        resourceTypes.first { $0.name.caseInsensitiveEquals(name) }
    }

    /// The schema whose URN is `urn` (case-insensitive).
    public func schema(urn: String) -> Schema? {
        schemas.first { $0.id.caseInsensitiveEquals(urn) }
    }

    /// Adds an extension schema to a resource type.
    ///
    /// The resource type is `resourceTypeName` when given; otherwise it is read from the URN's last segment, as
    /// extension URNs conventionally end in the type they extend (`…:2.0:User`, `…:2.0:Group`), and `User` when the
    /// last segment names no resource type. Adding a schema with the URN of an existing extension replaces it, so a
    /// changed file in `schemas/` can be reloaded.
    ///
    /// - Throws: ``SCIMError/invalidValue(_:)`` when the URN is that of a core schema, or the resource type is unknown.
    public mutating func addExtension(
        _ extensionSchema: Schema, to resourceTypeName: String? = nil, required: Bool = false
    ) throws(SCIMError) {
        if resourceTypes.contains(where: { $0.schema.id.caseInsensitiveEquals(extensionSchema.id) }) {
            throw .invalidValue("\(extensionSchema.id) is a core schema and cannot be redefined as an extension")
        }
        let lastSegment = extensionSchema.id.split(separator: ":").last.map(String.init) ?? ""
        let targetName = resourceTypeName ?? (resourceType(named: lastSegment) != nil ? lastSegment : "User")
        guard let index = resourceTypes.firstIndex(where: { $0.name.caseInsensitiveEquals(targetName) }) else {
            throw .invalidValue("no resource type \"\(targetName)\" to extend with \(extensionSchema.id)")
        }
        for position in resourceTypes.indices {
            resourceTypes[position].extensions.removeAll { $0.schema.id.caseInsensitiveEquals(extensionSchema.id) }
        }
        resourceTypes[index].extensions.append(.init(schema: extensionSchema, required: required))
    }
}
