import Foundation

/// Turns a client's resource body into the canonical stored form, or explains with a ``SCIMError`` why it cannot
/// (RFC 7643 §2, §7; RFC 7644 §3.3, §3.5.1, §3.5.2).
///
/// The canonical form has every attribute name spelled as its schema spells it, extension attributes inside their URN
/// object, `schemas` listing the core URN and the extensions in use, and no read-only (`id`, `meta`, `groups`, …) or
/// write-only (`password`) attributes: the store adds `id` and `meta`, and `groups` is derived from the groups.
///
/// What it accepts beyond the letter of RFC 7643, because identity providers send it:
/// - booleans as the strings `"True"`, `"False"`, `"true"`, `"false"` (Entra ID), stored as JSON booleans;
/// - a bare string for a complex attribute that has a `value` sub-attribute (Entra ID's `manager`), read as
///   `{"value": …}`;
/// - a single value for a multi-valued attribute, read as a one-element array;
/// - `null` and `[]` anywhere, read as "unassigned" (RFC 7643 §2.5), and unknown URIs in `schemas`.
///
/// What it rejects: attributes that no schema of the resource type declares (400 `invalidValue`, naming the
/// attribute: add an extension schema to accept them), values of the wrong type, invalid `dateTime` or `binary`
/// strings, a missing required attribute, a changed `immutable` attribute (400 `mutability`), and more than one
/// `primary: true` in a multi-valued attribute unless exactly one of them is newly marked, in which case the others
/// are cleared (RFC 7643 §2.4).
public struct ResourceValidator: Sendable {
    /// What the body is for.
    public enum Mode: Sendable {
        /// `POST`: a new resource.
        case create
        /// `PUT`: the body replaces `existing` (canonical); omitted immutable attributes keep their value.
        case replace(existing: JSONObject)
        /// The result of applying a PATCH to `original` (canonical).
        case patch(original: JSONObject)

        var previous: JSONObject? {
            switch self {
            case .create: return nil
            case .replace(let existing): return existing
            case .patch(let original): return original
            }
        }
    }

    /// The resource type whose schemas govern the body.
    public let resourceType: ResourceType

    /// Creates a validator for one resource type.
    public init(resourceType: ResourceType) {
        self.resourceType = resourceType
    }

    /// Validates `input` and returns its canonical form (see the type's documentation).
    ///
    /// - Parameters:
    ///   - input: the request body or the patched resource; may contain read-only attributes, which are ignored.
    ///   - mode: create, replace or patch; the latter two compare against the previous canonical resource.
    /// - Returns: the canonical resource without `id`, `meta` and `groups`.
    /// - Throws: ``SCIMError`` 400 `invalidValue`, `invalidSyntax` or `mutability`.
    public func validate(_ input: JSONObject, mode: Mode) throws(SCIMError) -> JSONObject {
        var output = JSONObject()
        // A JSONObject's order is arbitrary (it varies with capacity and the process's hash seed). Keys are placed in
        // a fixed order, sub-attribute keys such as "urn:…:User:manager.value" after whole attributes, so that the
        // result and the error reported depend only on the input.
        for key in input.keys.sorted(by: Self.placesBefore) {
            try place(key: key, value: input[key]!, into: &output)
        }
        if let previous = mode.previous {
            var isReplace = false
            if case .replace = mode { isReplace = true }
            try checkImmutable(output: &output, previous: previous, isReplace: isReplace)
        }
        try resolvePrimaries(in: &output, previous: mode.previous)
        try checkRequired(output)
        output["schemas"] = .array(schemaURNs(of: output).map(JSONValue.string))
        return output
    }

    // MARK: Placing attributes

    private func place(key: String, value: JSONValue, into output: inout JSONObject) throws(SCIMError) {
        if key.caseInsensitiveEquals("schemas") { return }
        if let extensionSchema = resourceType.extensionSchema(urn: key) {
            guard case .object(let members) = value else {
                if value.isNull { return }
                throw .invalidValue("\(key) must be an object of extension attributes, not \(value.kindName)")
            }
            for name in members.keys.sorted() {
                let member = members[name]!
                guard let definition = extensionSchema.attribute(named: name) else {
                    throw unknownAttribute("\(extensionSchema.id):\(name)")
                }
                try set(definition, in: extensionSchema.id, value: member, into: &output, key: "\(key):\(name)")
            }
            return
        }
        if key.hasCaseInsensitivePrefix("urn:") {
            // An attribute written with its schema URN, e.g. "urn:…:enterprise:2.0:User:department".
            guard let path = try? AttributePath(parsing: key), let location = resourceType.resolve(path) else {
                throw unknownAttribute(key)
            }
            guard location.subAttribute == nil else {
                var nested = JSONObject()
                nested[location.subAttribute!.name] = value
                return try merge(location: location, object: nested, into: &output, key: key)
            }
            return try set(location.attribute, in: location.extensionURN, value: value, into: &output, key: key)
        }
        guard let location = resourceType.resolve(AttributePath(attribute: key)) else { throw unknownAttribute(key) }
        try set(location.attribute, in: nil, value: value, into: &output, key: key)
    }

    private func merge(
        location: ResourceType.ResolvedAttribute, object: JSONObject, into output: inout JSONObject, key: String
    ) throws(SCIMError) {
        let attribute = location.attribute
        guard attribute.type == .complex, !attribute.multiValued else {
            throw .invalidValue("\(key): only sub-attributes of single-valued complex attributes can be set this way")
        }
        var existing = read(attribute, in: location.extensionURN, from: output)?.objectValue ?? [:]
        guard let coerced = try coerce(.object(object), to: attribute, key: key)?.objectValue else { return }
        for name in coerced.keys where existing[name] != nil {
            throw .invalidSyntax("\(key): the attribute \(attribute.name).\(name) is given twice")
        }
        existing.merge(coerced) { _, new in new }
        write(.object(existing), for: attribute, in: location.extensionURN, into: &output)
    }

    private func set(
        _ attribute: AttributeDefinition, in extensionURN: String?, value: JSONValue, into output: inout JSONObject,
        key: String
    ) throws(SCIMError) {
        if read(attribute, in: extensionURN, from: output) != nil {
            throw .invalidSyntax("\(key): the attribute \(attribute.name) is given twice (names are case-insensitive)")
        }
        guard attribute.mutability != .readOnly else { return }
        let coerced = try coerce(value, to: attribute, key: key)
        guard attribute.mutability != .writeOnly, let coerced else { return }
        write(coerced, for: attribute, in: extensionURN, into: &output)
    }

    private func read(_ attribute: AttributeDefinition, in extensionURN: String?, from output: JSONObject) -> JSONValue? {
        guard let extensionURN else { return output[attribute.name] }
        return output[extensionURN]?.objectValue?[attribute.name]
    }

    private func write(
        _ value: JSONValue, for attribute: AttributeDefinition, in extensionURN: String?, into output: inout JSONObject
    ) {
        guard let extensionURN else {
            output[attribute.name] = value
            return
        }
        var container = output[extensionURN]?.objectValue ?? [:]
        container[attribute.name] = value
        output[extensionURN] = .object(container)
    }

    /// The order keys are placed in: whole attributes before URN-qualified sub-attribute keys, then by name.
    private static func placesBefore(_ left: String, _ right: String) -> Bool {
        let (leftIsSub, rightIsSub) = (isQualifiedSubAttributeKey(left), isQualifiedSubAttributeKey(right))
        // Byte order: any fixed order will do, and Unicode-aware `<` dominated validation time.
        return leftIsSub == rightIsSub ? left.utf8.lexicographicallyPrecedes(right.utf8) : rightIsSub
    }

    private static func isQualifiedSubAttributeKey(_ key: String) -> Bool {
        guard key.hasCaseInsensitivePrefix("urn:"), let colon = key.lastIndex(of: ":") else { return false }
        return key[colon...].contains(".")
    }

    private func unknownAttribute(_ name: String) -> SCIMError {
        .invalidValue(
            "unknown attribute \"\(name)\": no schema of resource type \(resourceType.name) declares it "
                + "(to accept it, add an extension schema that declares it)")
    }

    // MARK: Types

    /// The canonical value, or `nil` for "unassigned". Internal so that PATCH coerces a value where its path puts it
    /// (`path: "active", value: "False"`) exactly as a body attribute would be.
    func coerce(_ value: JSONValue, to attribute: AttributeDefinition, key: String) throws(SCIMError)
        -> JSONValue?
    {
        if value.isNull { return nil }
        guard attribute.multiValued else { return try coerceSingle(value, to: attribute, key: key) }
        let elements = value.arrayValue ?? [value]
        var output: [JSONValue] = []
        for (index, element) in elements.enumerated() {
            if let coerced = try coerceSingle(element, to: attribute, key: "\(key)[\(index)]") {
                output.append(coerced)
            }
        }
        return output.isEmpty ? nil : .array(output)
    }

    private func coerceSingle(_ value: JSONValue, to attribute: AttributeDefinition, key: String) throws(SCIMError)
        -> JSONValue?
    {
        if value.isNull { return nil }
        switch attribute.type {
        case .complex:
            let members: JSONObject
            if case .object(let object) = value {
                members = object
            } else if case .string = value, attribute.subAttribute(named: "value") != nil {
                members = ["value": value]
            } else {
                throw typeMismatch(key, attribute, expected: "an object", found: value)
            }
            var output = JSONObject()
            for name in members.keys.sorted() {
                let member = members[name]!
                guard let subAttribute = attribute.subAttribute(named: name) else {
                    throw unknownAttribute("\(key).\(name)")
                }
                if output[subAttribute.name] != nil {
                    throw .invalidSyntax("\(key).\(name): the sub-attribute is given twice (names are case-insensitive)")
                }
                guard subAttribute.mutability != .readOnly,
                    let coerced = try coerceSingle(member, to: subAttribute, key: "\(key).\(subAttribute.name)")
                else { continue }
                output[subAttribute.name] = coerced
            }
            for subAttribute in attribute.subAttributes where subAttribute.required && output[subAttribute.name] == nil {
                throw .invalidValue("\(key).\(subAttribute.name) is required")
            }
            return output.isEmpty ? nil : .object(output)
        case .string:
            guard case .string = value else { throw typeMismatch(key, attribute, expected: "a string", found: value) }
            return value
        case .reference:
            guard case .string = value else {
                throw typeMismatch(key, attribute, expected: "a URI string", found: value)
            }
            return value
        case .boolean:
            switch value {
            case .bool: return value
            case .string(let text) where text.caseInsensitiveEquals("true"): return .bool(true)
            case .string(let text) where text.caseInsensitiveEquals("false"): return .bool(false)
            default: throw typeMismatch(key, attribute, expected: "a boolean", found: value)
            }
        case .integer:
            guard case .integer = value else {
                throw typeMismatch(key, attribute, expected: "an integer", found: value)
            }
            return value
        case .decimal:
            switch value {
            case .integer, .decimal: return value
            default: throw typeMismatch(key, attribute, expected: "a number", found: value)
            }
        case .dateTime:
            guard case .string(let text) = value, SCIMDateTime.isValid(text) else {
                throw typeMismatch(
                    key, attribute, expected: "a dateTime such as \"2025-01-31T12:00:00Z\"", found: value)
            }
            return value
        case .binary:
            guard case .string(let text) = value, Data(base64Encoded: text) != nil else {
                throw typeMismatch(key, attribute, expected: "base64-encoded binary", found: value)
            }
            return value
        }
    }

    /// The error for a value of the wrong type. It quotes the value, except for secrets (write-only or never
    /// returned attributes such as `password`), which must not reach error responses or logs.
    private func typeMismatch(_ key: String, _ attribute: AttributeDefinition, expected: String, found: JSONValue)
        -> SCIMError
    {
        let isSecret = attribute.mutability == .writeOnly || attribute.returned == .never
        let quotesValue = !isSecret && found.kindName != "object" && found.kindName != "array"
        let shown = quotesValue ? "\(found.kindName) \(found)" : found.kindName
        return .invalidValue("\(key) must be \(expected), not \(shown)")
    }

    // MARK: Whole-resource rules

    private func checkImmutable(output: inout JSONObject, previous: JSONObject, isReplace: Bool) throws(SCIMError) {
        for scoped in resourceType.scopedAttributes {
            let (urn, attribute) = (scoped.extensionURN, scoped.definition)
            let old = read(attribute, in: urn, from: previous)
            var new = read(attribute, in: urn, from: output)
            if attribute.mutability == .immutable, let old {
                if new == nil && isReplace {
                    write(old, for: attribute, in: urn, into: &output)
                    new = old
                }
                guard new == old else {
                    throw .mutability("\(attribute.name) is immutable and cannot be changed once set")
                }
            }
            guard attribute.type == .complex, !attribute.multiValued, let oldObject = old?.objectValue else { continue }
            for subAttribute in attribute.subAttributes where subAttribute.mutability == .immutable {
                guard let oldValue = oldObject[subAttribute.name] else { continue }
                if isReplace && new?.objectValue?[subAttribute.name] == nil {
                    // As for a whole immutable attribute: a PUT that omits it keeps it.
                    var object = new?.objectValue ?? [:]
                    object[subAttribute.name] = oldValue
                    new = .object(object)
                    write(.object(object), for: attribute, in: urn, into: &output)
                }
                if new?.objectValue?[subAttribute.name] != oldValue {
                    throw .mutability("\(attribute.name).\(subAttribute.name) is immutable and cannot be changed")
                }
            }
        }
    }

    private func resolvePrimaries(in output: inout JSONObject, previous: JSONObject?) throws(SCIMError) {
        for scoped in resourceType.scopedAttributes where scoped.definition.hasPrimary {
            let (urn, attribute) = (scoped.extensionURN, scoped.definition)
            guard case .array(var elements) = read(attribute, in: urn, from: output) else { continue }
            let primaries = elements.indices.filter { elements[$0]["primary"] == .bool(true) }
            guard primaries.count > 1 else { continue }
            let previousPrimaries = Set(
                (previous.flatMap { read(attribute, in: urn, from: $0) }?.arrayValue ?? [])
                    .filter { $0["primary"] == .bool(true) }
                    .map(Self.withoutPrimary))
            let newlyMarked = primaries.filter { !previousPrimaries.contains(Self.withoutPrimary(elements[$0])) }
            guard newlyMarked.count == 1 else {
                throw .invalidValue("\(attribute.name): at most one value may have \"primary\": true")
            }
            for index in primaries where index != newlyMarked[0] {
                var element = elements[index].objectValue!
                element["primary"] = .bool(false)
                elements[index] = .object(element)
            }
            write(.array(elements), for: attribute, in: urn, into: &output)
        }
    }

    private static func withoutPrimary(_ element: JSONValue) -> JSONValue {
        guard var object = element.objectValue else { return element }
        object["primary"] = nil
        return .object(object)
    }

    private func checkRequired(_ output: JSONObject) throws(SCIMError) {
        for scoped in resourceType.scopedAttributes
        where scoped.definition.required && scoped.definition.mutability != .readOnly {
            let (urn, attribute) = (scoped.extensionURN, scoped.definition)
            // An extension's required attributes bind resources that use the extension; whether a resource must use
            // it is the extension's own `required`, checked below.
            if let urn, output[urn] == nil { continue }
            let value = read(attribute, in: urn, from: output)
            if value == nil || value == .string("") {
                throw .invalidValue("\(attribute.name) is required for a \(resourceType.name)")
            }
        }
        for ext in resourceType.extensions where ext.required && output[ext.schema.id] == nil {
            throw .invalidValue("the extension \(ext.schema.id) is required for a \(resourceType.name)")
        }
    }

    private func schemaURNs(of output: JSONObject) -> [String] {
        [resourceType.schema.id] + resourceType.extensions.map(\.schema.id).filter { output[$0] != nil }
    }
}
