/// An ``AttributeSelection`` resolved against a resource type's schemas, ready to cut resources down to what a
/// response may carry (RFC 7643 §7 `returned`; RFC 7644 §3.4.2.5, §3.9).
///
/// ```swift
/// let projection = try AttributeSelection(attributes: ["userName", "emails.value"]).projection(for: registry.user)
/// projection.apply(to: user)
/// // {"id": …, "schemas": […], "userName": "bjensen", "emails": [{"value": "bjensen@example.com"}]}
/// ```
///
/// The rules, applied to attributes and sub-attributes alike (an extension object counts as an attribute returned by
/// default whose sub-attributes are the extension's attributes):
/// - `returned: never` (`password`) is never output, whatever the selection;
/// - `returned: always` (`id`, `schemas`) is always output, even when excluded;
/// - `returned: default` (everything else in the core schemas, `meta` included) is output unless excluded, or, with
///   `attributes`, when it or its parent is named;
/// - `returned: request` is output only when named in `attributes`;
/// - naming a sub-attribute (`name.givenName`, `emails.value`) keeps its parent with only the named sub-attributes
///   (in every element of a multi-valued attribute); excluding one removes just that sub-attribute;
/// - a complex value or array element that a projection empties is dropped, so `attributes=emails.type` on an
///   email without a type yields no empty object;
/// - names that no schema defines are ignored: asking for what this server does not have gets nothing, not an error;
/// - members of a resource that no schema declares are not output (canonical resources have none).
///
/// `schemas` stays as stored, listing extensions even when their attributes were projected away.
public struct AttributeProjection: Sendable {
    private enum Mode: Sendable {
        case include
        case exclude
    }

    /// What a member of the resource's top level is.
    private enum Member: Sendable {
        case attribute(AttributeDefinition)
        case `extension`(Schema)
    }

    /// The named paths as a tree of lower-cased canonical names: top level, then sub-attribute, with extension
    /// attributes one level down under their lower-cased URN.
    private struct NameTree: Sendable {
        var isNamed = false
        var children: [String: NameTree] = [:]

        mutating func mark(_ names: [String]) {
            guard let first = names.first else {
                isNamed = true
                return
            }
            children[first, default: NameTree()].mark(Array(names.dropFirst()))
        }
    }

    private let mode: Mode
    private let names: NameTree
    private let members: [String: Member]

    /// Resolves `selection` against `resourceType`; prefer ``AttributeSelection/projection(for:)``.
    public init(selection: AttributeSelection, resourceType: ResourceType) {
        var members: [String: Member] = [:]
        for attribute in CommonAttributes.all + resourceType.schema.attributes {
            members[attribute.name.lowercased()] = .attribute(attribute)
        }
        for entry in resourceType.extensions {
            members[entry.schema.id.lowercased()] = .extension(entry.schema)
        }
        self.members = members

        let paths: [AttributePath]
        switch selection {
        case .default: (mode, paths) = (.exclude, [])
        case .attributes(let named): (mode, paths) = (.include, named)
        case .excludedAttributes(let named): (mode, paths) = (.exclude, named)
        }
        var names = NameTree()
        for path in paths {
            if let extensionSchema = resourceType.extensionNamed(by: path) {
                names.mark([extensionSchema.id.lowercased()])
            } else if let location = resourceType.resolve(path) {
                let parts = [location.extensionURN, location.attribute.name, location.subAttribute?.name]
                names.mark(parts.compactMap { $0?.lowercased() })
            }
        }
        self.names = names
    }

    /// The part of `resource` (canonical, as stored or about to be returned) that the response carries.
    ///
    /// Add `meta.location` before projecting, so that the selection applies to it as well.
    public func apply(to resource: JSONObject) -> JSONObject {
        var output = JSONObject()
        for (key, value) in resource {
            let name = key.lowercased()
            let node = names.children[name]
            switch members[name] {
            case .attribute(let definition):
                if let projected = project(value, definition, node: node, parentNamed: false) {
                    output[key] = projected
                }
            case .extension(let schema):
                guard let wholly = decide(.default, node: node, parentNamed: false),
                    case .object(let extensionMembers) = value
                else { continue }
                let projected = project(extensionMembers, node: node, parentNamed: wholly) {
                    schema.attribute(named: $0)
                }
                if !projected.isEmpty { output[key] = .object(projected) }
            case nil:
                continue
            }
        }
        return output
    }

    /// Whether a member is output (`nil`: not output) and, if it is, whether it is output wholly, which lets its
    /// `default` sub-attributes through under `attributes` without being named themselves.
    private func decide(_ returned: AttributeDefinition.Returned, node: NameTree?, parentNamed: Bool) -> Bool? {
        let named = node?.isNamed ?? false
        switch (mode, returned) {
        case (_, .never): return nil
        case (_, .always): return true
        case (.exclude, .default): return named ? nil : true
        case (.exclude, .request): return nil
        case (.include, _):
            if named || (parentNamed && returned == .default) { return true }
            return node?.children.isEmpty == false ? false : nil
        }
    }

    private func project(
        _ value: JSONValue, _ definition: AttributeDefinition, node: NameTree?, parentNamed: Bool
    ) -> JSONValue? {
        guard let wholly = decide(definition.returned, node: node, parentNamed: parentNamed) else { return nil }
        guard definition.type == .complex else { return value }
        let projectElement = { (element: JSONValue) -> JSONValue? in
            guard case .object(let members) = element else { return element }
            let projected = self.project(members, node: node, parentNamed: wholly) {
                definition.subAttribute(named: $0)
            }
            return projected.isEmpty && !members.isEmpty ? nil : .object(projected)
        }
        guard case .array(let elements) = value else { return projectElement(value) }
        let projected = elements.compactMap(projectElement)
        return projected.isEmpty && !elements.isEmpty ? nil : .array(projected)
    }

    /// Projects the members of a complex value or an extension object, whose definitions `definition(named:)` gives.
    private func project(
        _ members: JSONObject, node: NameTree?, parentNamed: Bool,
        definition: (String) -> AttributeDefinition?
    ) -> JSONObject {
        var output = JSONObject()
        for (key, value) in members {
            guard let memberDefinition = definition(key) else { continue }
            let child = node?.children[memberDefinition.name.lowercased()]
            if let projected = project(value, memberDefinition, node: child, parentNamed: parentNamed) {
                output[key] = projected
            }
        }
        return output
    }
}
