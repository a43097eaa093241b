/// Applies PATCH requests to canonical resources of one resource type (RFC 7644 §3.5.2), all operations or none.
///
/// ```swift
/// let engine = PatchEngine(resourceType: .group)
/// let request = try PatchRequest(json: body)
/// let result = try engine.apply(request, to: storedGroup)   // throws SCIMError; storedGroup is untouched
/// if result.changed { try store.save(result.resource) }      // else keep the version and lastModified
/// ```
///
/// The operations run in order on a copy; the first failing one throws, naming its index (`Operations[1]: …`), and
/// nothing is applied. The outcome then goes through ``ResourceValidator`` in `.patch(original:)` mode, which
/// coerces values (`"False"` → `false`, a bare `manager` id → `{"value": id}`), clears the other `primary` values
/// when one is newly marked primary, checks immutable and required attributes, and computes `schemas`.
///
/// What the operations do (names and URNs case-insensitive everywhere):
/// - **add** (§3.5.2.1). Without a path, `value` is an object whose members are applied as if each were an
///   operation with that member's name as path. On a multi-valued attribute the values are appended; a value whose
///   `value` sub-attribute equals an existing one's (or, without `value`, an equal value) is merged into it instead,
///   so adding a member twice is a no-op. On a single-valued complex attribute the given sub-attributes are merged
///   in; on any other attribute the value is set. With a value filter the value (or sub-attribute) is merged into
///   every matching value; when nothing matches and the filter is `eq` comparisons joined by `and`, a new value is
///   created from them (`emails[type eq "work"].value` creates `{"type": "work", "value": …}`), otherwise 400
///   `noTarget`.
/// - **replace** (§3.5.2.3). As add, except that a multi-valued attribute gets exactly the given values (repeats
///   merged) and values matched by a filter are replaced whole. A filter that matches nothing is 400 `noTarget`,
///   unless the path ends in a sub-attribute: then the value is created as for add (Microsoft Entra ID relies on it).
/// - **remove** (§3.5.2.2). Needs a path (else 400 `noTarget`). Removes the attribute, sub-attribute, extension or
///   matching values. A filter that matches nothing is a no-op, not `noTarget`, so that an identity provider's
///   repeated member removal succeeds. A `value` list on a multi-valued attribute path removes just the listed
///   values, matched as add matches them (Entra ID's `{"op": "Remove", "path": "members", "value": [{"value":
///   "…"}]}`); an empty list removes nothing; elsewhere `value` is ignored.
/// - A sub-attribute of a multi-valued attribute without a filter (`emails.display`) means that sub-attribute of
///   every value; add or replace with no value there is 400 `noTarget`.
/// - `null` (or `[]`) as the value of add is a no-op and of replace unassigns the target (RFC 7643 §2.5).
/// - A member name of a path-less value may be dotted (`name.givenName`), URN-qualified
///   (`urn:…:enterprise:2.0:User:department`), a bare extension URN with an object of that extension's attributes,
///   or carry a value filter; an unknown one is 400 `invalidPath`. Read-only members (`meta`, `groups`, `schemas`)
///   are ignored, except `id`, which must equal the resource's own (Okta sends it); another `id` is 400
///   `mutability`.
///
/// Errors: 400 `invalidPath` (unknown attribute or bad filter), `noTarget`, `mutability` (a path naming a read-only
/// attribute, removing a required one, changing an immutable one) and `invalidValue` (a value of the wrong type, or
/// a resource the validator refuses, e.g. two values newly marked primary).
public struct PatchEngine: Sendable {
    /// The resource type whose schemas govern paths and values.
    public let resourceType: ResourceType
    private let validator: ResourceValidator

    /// Creates an engine for one resource type.
    public init(resourceType: ResourceType) {
        self.resourceType = resourceType
        validator = ResourceValidator(resourceType: resourceType)
    }

    /// Applies every operation of `request` to `resource`, or none.
    ///
    /// - Parameters:
    ///   - request: the PatchOp message.
    ///   - resource: the stored canonical resource, with `id` and `meta`.
    /// - Returns: the validated canonical resource with the read-only attributes of `resource` (`id`, `meta`, …)
    ///   copied back unchanged, and whether it differs from `resource` (see ``PatchResult``). The caller sets
    ///   `meta.version` and `meta.lastModified` when it changed.
    /// - Throws: ``SCIMError`` as described for the type; `resource` is then unaffected.
    public func apply(_ request: PatchRequest, to resource: JSONObject) throws(SCIMError) -> PatchResult {
        var patched = resource
        for (index, operation) in request.operations.enumerated() {
            do {
                try apply(operation, to: &patched)
            } catch {
                throw error.prefixed(with: "Operations[\(index)]")
            }
        }
        var canonical = try validator.validate(patched, mode: .patch(original: resource))
        for attribute in CommonAttributes.all + resourceType.schema.attributes
        where attribute.mutability == .readOnly && canonical[attribute.name] == nil {
            canonical[attribute.name] = resource[attribute.name]
        }
        guard canonical != resource else { return PatchResult(resource: resource, changed: false) }
        return PatchResult(resource: canonical, changed: true)
    }

    private func apply(_ operation: PatchOperation, to resource: inout JSONObject) throws(SCIMError) {
        guard let path = operation.path else {
            guard operation.op != .remove else {
                throw .noTarget("remove needs a \"path\" naming what to remove (RFC 7644 §3.5.2.2)")
            }
            return try applyMembers(of: operation.value ?? .null, operation.op, extension: nil, to: &resource)
        }
        let target = try PatchTarget(path, in: resourceType)
        guard !target.isReadOnly else {
            throw .mutability("\(target.description) is read-only: the service provider maintains it")
        }
        try apply(operation.op, value: operation.value, to: target, in: &resource)
    }

    /// A path-less add/replace, or one whose path is a whole extension: each member name is read as a path.
    private func applyMembers(
        of value: JSONValue, _ op: PatchOperation.Op, extension extensionSchema: Schema?, to resource: inout JSONObject
    ) throws(SCIMError) {
        guard case .object(let members) = value else {
            let subject = extensionSchema.map { "\(op.rawValue) of \($0.id)" } ?? "\(op.rawValue) without a path"
            throw .invalidValue("\(subject) needs an object of attributes as its value, not \(value.kindName)")
        }
        // Sorted, so that "name" is applied before "name.givenName" and errors do not depend on hashing.
        for name in members.keys.sorted() {
            let member = members[name]!
            let target = try PatchTarget(
                PatchPath(parsing: extensionSchema.map { "\($0.id):\(name)" } ?? name), in: resourceType)
            guard target.isReadOnly else {
                try apply(op, value: member, to: target, in: &resource)
                continue
            }
            if case .attribute(let location) = target.kind, location.extensionURN == nil,
                location.attribute.name == CommonAttributes.id.name, member != resource[CommonAttributes.id.name]
            {
                throw .mutability("\"id\" differs from this resource's id: id is read-only and cannot be changed")
            }
        }
    }

    private func apply(
        _ op: PatchOperation.Op, value: JSONValue?, to target: PatchTarget, in resource: inout JSONObject
    ) throws(SCIMError) {
        switch target.kind {
        case .extensionObject(let schema):
            if op == .remove || (op == .replace && value?.isNull != false) {
                resource[schema.id] = nil
            } else if let value, !value.isNull {
                try applyMembers(of: value, op, extension: schema, to: &resource)
            }
        case .attribute(let location) where location.subAttribute == nil:
            try apply(op, value: value, toAttribute: location, in: &resource, description: target.description)
        case .attribute(let location) where !location.attribute.multiValued:
            try apply(op, value: value, toSubAttributeOf: location, in: &resource, description: target.description)
        case .attribute(let location):
            try apply(
                op, value: value, toValuesOf: location, where: { _ in true }, creating: nil, in: &resource,
                description: target.description)
        case .values(let location, let predicate):
            try apply(
                op, value: value, toValuesOf: location, where: predicate.matches,
                creating: predicate.filter.impliedValues,
                in: &resource, description: target.description)
        }
    }

    /// A whole attribute: `active`, `members`, `name`, `urn:…:User:manager`.
    private func apply(
        _ op: PatchOperation.Op, value: JSONValue?, toAttribute location: ResourceType.ResolvedAttribute,
        in resource: inout JSONObject, description: String
    ) throws(SCIMError) {
        let attribute = location.attribute
        let current = resource[attribute: location]
        if op == .remove {
            guard attribute.multiValued, let value, !value.isNull else { return try unassign(location, in: &resource) }
            let listed = try validator.coerce(value, to: attribute, key: description)?.arrayValue ?? []
            let kept = (current?.arrayValue ?? []).filter { element in
                !listed.contains { Self.isSameValue(element, as: $0, of: attribute) }
            }
            resource[attribute: location] = kept.isEmpty ? nil : .array(kept)
            return
        }
        guard let coerced = try validator.coerce(value ?? .null, to: attribute, key: description) else {
            if op == .replace { try unassign(location, in: &resource) }
            return
        }
        if attribute.multiValued {
            let kept = op == .replace ? nil : current
            resource[attribute: location] = .array(Self.adding(coerced.arrayValue ?? [], to: kept, of: attribute))
        } else if case .object(var object) = current, case .object(let members) = coerced {
            object.merge(members) { _, new in new }
            resource[attribute: location] = .object(object)
        } else {
            resource[attribute: location] = coerced
        }
    }

    /// A sub-attribute of a single-valued complex attribute: `name.givenName`, `urn:…:User:manager.value`.
    private func apply(
        _ op: PatchOperation.Op, value: JSONValue?, toSubAttributeOf location: ResourceType.ResolvedAttribute,
        in resource: inout JSONObject, description: String
    ) throws(SCIMError) {
        let subAttribute = location.subAttribute!
        let newValue = op == .remove ? nil : try validator.coerce(value ?? .null, to: subAttribute, key: description)
        if op == .add && newValue == nil { return }
        let current = resource[attribute: location] ?? .object([:])
        resource[attribute: location] = try Self.setting(subAttribute, to: newValue, in: current, description)
    }

    /// Values of a multi-valued complex attribute, or a sub-attribute of each: those the filter `matches`
    /// (`emails[type eq "work"]`, `members[value eq "…"]`), or all of them (`emails.type`). `template` is the
    /// value to create when add or replace finds nothing to change.
    private func apply(
        _ op: PatchOperation.Op, value: JSONValue?, toValuesOf location: ResourceType.ResolvedAttribute,
        where matches: (JSONObject) -> Bool, creating template: JSONObject?, in resource: inout JSONObject,
        description: String
    ) throws(SCIMError) {
        let attribute = location.attribute
        var elements = resource[attribute: location]?.arrayValue ?? []
        let matched = elements.indices.filter { elements[$0].objectValue.map(matches) ?? false }
        let newValue: JSONValue?
        switch (op, location.subAttribute) {
        case (.remove, _): newValue = nil
        case (_, let subAttribute?): newValue = try validator.coerce(value ?? .null, to: subAttribute, key: description)
        case (_, nil):
            newValue = try Self.single(validator.coerce(value ?? .null, to: attribute, key: description), description)
        }
        if op == .add && newValue == nil { return }
        if matched.isEmpty {
            guard op != .remove, let newValue else { return }
            guard let template, op == .add || location.subAttribute != nil else {
                throw .noTarget(
                    "\(description) matches no value of \(attribute.name), so there is nothing to \(op.rawValue)")
            }
            let created: JSONValue
            if let subAttribute = location.subAttribute {
                created = try Self.setting(subAttribute, to: newValue, in: .object(template), description)
            } else {
                created = .object(template.merging(newValue.objectValue ?? [:]) { _, new in new })
            }
            elements.append(created)
        }
        for index in matched.reversed() {
            switch (op, location.subAttribute) {
            case (_, let subAttribute?):
                elements[index] = try Self.setting(subAttribute, to: newValue, in: elements[index], description)
            case (.remove, nil):
                elements.remove(at: index)
            case (.replace, nil):
                if let newValue { elements[index] = newValue } else { elements.remove(at: index) }
            case (.add, nil):
                elements[index] = Self.merging(newValue ?? [:], into: elements[index])
            }
        }
        resource[attribute: location] = elements.isEmpty ? nil : .array(elements)
    }

    /// Removes an attribute; RFC 7644 §3.5.2.2 makes unassigning a required one a `mutability` error.
    private func unassign(_ location: ResourceType.ResolvedAttribute, in resource: inout JSONObject) throws(SCIMError) {
        guard !location.attribute.required else {
            throw .mutability("\(location.attribute.name) is required and cannot be removed")
        }
        resource[attribute: location] = nil
    }

    // MARK: Values

    /// `element` with `subAttribute` set to `newValue` (`nil` removes it); an immutable sub-attribute that has a value
    /// keeps it (RFC 7643 §7).
    private static func setting(
        _ subAttribute: AttributeDefinition, to newValue: JSONValue?, in element: JSONValue, _ description: String
    ) throws(SCIMError) -> JSONValue {
        var object = element.objectValue ?? [:]
        if subAttribute.mutability == .immutable, let old = object[subAttribute.name], old != newValue {
            throw .mutability("\(description): \(subAttribute.name) is immutable and cannot be changed once set")
        }
        object[subAttribute.name] = newValue
        return .object(object)
    }

    /// The one value a filtered add or replace takes (an object, or an array holding one).
    private static func single(_ coerced: JSONValue?, _ description: String) throws(SCIMError) -> JSONValue? {
        guard let elements = coerced?.arrayValue else { return nil }
        guard elements.count == 1 else {
            throw .invalidValue("\(description) takes one value, not \(elements.count)")
        }
        return elements[0]
    }

    /// `existing` with `added` appended, except that a value equal to an existing one is merged into it.
    private static func adding(_ added: [JSONValue], to existing: JSONValue?, of attribute: AttributeDefinition)
        -> [JSONValue]
    {
        var elements = existing?.arrayValue ?? []
        for value in added {
            if let index = elements.firstIndex(where: { isSameValue($0, as: value, of: attribute) }) {
                // The value is already there: its other sub-attributes (display, type, primary) update it.
                elements[index] = merging(value, into: elements[index], keeping: "value")
            } else {
                elements.append(value)
            }
        }
        return elements
    }

    /// Whether `element` is the value that `given` names: equal `value` sub-attributes (under that sub-attribute's
    /// `caseExact`) when `given` has one, else equal values.
    private static func isSameValue(_ element: JSONValue, as given: JSONValue, of attribute: AttributeDefinition)
        -> Bool
    {
        guard attribute.type == .complex else { return attribute.isEqual(element, given) }
        guard let definition = attribute.subAttribute(named: "value"), let identity = given["value"] else {
            return element == given
        }
        return element["value"].map { definition.isEqual($0, identity) } ?? false
    }

    /// `value`'s sub-attributes written over `element`'s, except `kept`, which keeps `element`'s spelling.
    private static func merging(_ value: JSONValue, into element: JSONValue, keeping kept: String? = nil) -> JSONValue {
        guard case .object(var object) = element, case .object(let members) = value else { return element }
        for (name, member) in members where name != kept || object[name] == nil {
            object[name] = member
        }
        return .object(object)
    }
}
