/// A schema: an id (URN), a name and its attribute definitions (RFC 7643 §2, §7).
///
/// Core schemas (``Schema/user``, ``Schema/group``) and extensions (``Schema/enterpriseUser``, or any schema loaded
/// with ``init(json:)`` from the same JSON shape `/Schemas` serves) are the same type.
public struct Schema: Sendable, Hashable, Identifiable {
    /// The schema URN, e.g. `urn:ietf:params:scim:schemas:core:2.0:User`.
    public var id: String
    /// A short name, e.g. `User`.
    public var name: String
    /// A person-readable description.
    public var description: String
    /// The top-level attributes, in the order `/Schemas` lists them.
    public var attributes: [AttributeDefinition]

    /// Creates a schema.
    public init(id: String, name: String, description: String, attributes: [AttributeDefinition]) {
        self.id = id
        self.name = name
        self.description = description
        self.attributes = attributes
    }

    /// The top-level attribute called `name`, compared case-insensitively.
    public func attribute(named name: String) -> AttributeDefinition? {
        attributes.first { $0.name.caseInsensitiveEquals(name) }
    }
}

extension Schema {
    /// Reads a schema definition in the representation of RFC 7643 §7 (what `GET /Schemas/{id}` returns).
    ///
    /// `id` and `attributes` are required; every attribute needs `name` and `type`; other characteristics take RFC 7643
    /// §7's defaults when absent (`caseExact` false, `mutability` readWrite, `returned` default, `uniqueness` none).
    ///
    /// - Throws: ``SCIMError/invalidValue(_:)`` naming the attribute and the characteristic that is wrong.
    public init(json: JSONValue) throws(SCIMError) {
        guard let object = json.objectValue else { throw .invalidValue("a schema definition must be a JSON object") }
        guard let id = object["id"]?.stringValue, id.hasCaseInsensitivePrefix("urn:") else {
            throw .invalidValue("a schema definition needs an \"id\" that is a URN (urn:…)")
        }
        guard let attributes = object["attributes"]?.arrayValue else {
            throw .invalidValue("schema \(id) needs an \"attributes\" array")
        }
        let definitions = try attributes.map { value throws(SCIMError) in
            try AttributeDefinition(json: value, context: id, allowSubAttributes: true)
        }
        try AttributeDefinition.checkNamesAreUnique(definitions, context: id)
        self.init(
            id: id,
            name: object["name"]?.stringValue ?? id,
            description: object["description"]?.stringValue ?? "",
            attributes: definitions
        )
    }

    /// The representation of RFC 7643 §7, with `meta` for `GET /Schemas` (RFC 7644 §4).
    public var jsonValue: JSONValue {
        .object([
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
            "id": .string(id),
            "name": .string(name),
            "description": .string(description),
            "attributes": .array(attributes.map(\.jsonValue)),
            "meta": ["resourceType": "Schema", "location": .string("/Schemas/\(id)")],
        ])
    }
}

extension AttributeDefinition {
    init(json: JSONValue, context: String, allowSubAttributes: Bool) throws(SCIMError) {
        guard let object = json.objectValue, let name = object["name"]?.stringValue, !name.isEmpty else {
            throw .invalidValue("\(context): every attribute needs a \"name\"")
        }
        let path = "\(context):\(name)"
        guard AttributePath.isValidName(name) else {
            throw .invalidValue(
                "\(path): \"\(name)\" is not a valid attribute name (a letter, then letters, digits, '-' or '_')")
        }
        func read<Value: RawRepresentable<String>>(_ key: String, default value: Value) throws(SCIMError) -> Value {
            guard let raw = object[key] else { return value }
            guard let text = raw.stringValue, let parsed = Value(rawValue: text) else {
                throw .invalidValue("\(path): \"\(key)\" has the unknown value \(raw)")
            }
            return parsed
        }
        func flag(_ key: String) throws(SCIMError) -> Bool {
            guard let raw = object[key] else { return false }
            guard let value = raw.boolValue else { throw .invalidValue("\(path): \"\(key)\" must be a boolean") }
            return value
        }
        func strings(_ key: String) throws(SCIMError) -> [String] {
            guard let raw = object[key] else { return [] }
            guard let values = raw.arrayValue?.compactMap(\.stringValue), values.count == raw.arrayValue?.count else {
                throw .invalidValue("\(path): \"\(key)\" must be an array of strings")
            }
            return values
        }
        let type: DataType = try read("type", default: .string)
        guard object["type"] != nil else { throw .invalidValue("\(path): the attribute needs a \"type\"") }
        guard allowSubAttributes || type != .complex else {
            throw .invalidValue("\(path): sub-attributes cannot be complex")
        }
        var subAttributes: [AttributeDefinition] = []
        if let raw = object["subAttributes"] {
            guard let rawSubAttributes = raw.arrayValue else {
                throw .invalidValue("\(path): \"subAttributes\" must be an array of attribute definitions")
            }
            // An empty list on a simple attribute is harmless (some exporters write one); anything else would give
            // a string or a number sub-attributes that paths and filters would then address.
            guard type == .complex || rawSubAttributes.isEmpty else {
                throw .invalidValue(
                    "\(path): only complex attributes have \"subAttributes\"; this one is \(type.rawValue)")
            }
            subAttributes = try rawSubAttributes.map { value throws(SCIMError) in
                try AttributeDefinition(json: value, context: path, allowSubAttributes: false)
            }
            try Self.checkNamesAreUnique(subAttributes, context: path)
        }
        if type == .complex && subAttributes.isEmpty {
            throw .invalidValue("\(path): a complex attribute needs \"subAttributes\"")
        }
        self.init(
            name: name, type: type, multiValued: try flag("multiValued"),
            description: object["description"]?.stringValue ?? "", required: try flag("required"),
            canonicalValues: try strings("canonicalValues"), caseExact: try flag("caseExact"),
            mutability: try read("mutability", default: .readWrite), returned: try read("returned", default: .default),
            uniqueness: try read("uniqueness", default: .none), referenceTypes: try strings("referenceTypes"),
            subAttributes: subAttributes)
    }

    /// Names compare case-insensitively, so two definitions whose names differ only in case would be one attribute.
    static func checkNamesAreUnique(_ definitions: [AttributeDefinition], context: String) throws(SCIMError) {
        var seen = Set<String>()
        for definition in definitions where !seen.insert(definition.name.lowercased()).inserted {
            throw .invalidValue(
                "\(context): the attribute \"\(definition.name)\" is defined twice (names are case-insensitive)")
        }
    }

    /// The representation of RFC 7643 §7.
    public var jsonValue: JSONValue {
        var object: JSONObject = [
            "name": .string(name),
            "type": .string(type.rawValue),
            "multiValued": .bool(multiValued),
            "description": .string(description),
            "required": .bool(required),
            "caseExact": .bool(caseExact),
            "mutability": .string(mutability.rawValue),
            "returned": .string(returned.rawValue),
            "uniqueness": .string(uniqueness.rawValue),
        ]
        if !canonicalValues.isEmpty { object["canonicalValues"] = .array(canonicalValues.map(JSONValue.string)) }
        if !referenceTypes.isEmpty { object["referenceTypes"] = .array(referenceTypes.map(JSONValue.string)) }
        if !subAttributes.isEmpty { object["subAttributes"] = .array(subAttributes.map(\.jsonValue)) }
        return .object(object)
    }
}
