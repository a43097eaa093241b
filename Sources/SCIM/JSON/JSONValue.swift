/// A JSON document or fragment, exactly as RFC 8259 defines it, and the stuff SCIM resources are made of.
///
/// `JSONValue` round-trips any document that ``JSONParser`` accepts: integers stay ``integer(_:)``, numbers written with a
/// fraction or an exponent stay ``decimal(_:)``, strings keep every Unicode scalar, and `null` (``null``) is distinct
/// from an absent key (a key missing from the enclosing ``JSONObject``).
///
/// ```swift
/// let user: JSONValue = ["userName": "alice@example.com", "active": true, "emails": [["value": "a@example.com"]]]
/// user["userName"]?.stringValue   // "alice@example.com"
/// ```
public enum JSONValue: Sendable, Hashable {
    /// The literal `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number written without fraction or exponent that fits in 64 bits (RFC 7643 §2.3.4 "integer").
    case integer(Int)
    /// Any other number (RFC 7643 §2.3.3 "decimal"), held to double precision.
    case decimal(Double)
    /// A string of Unicode scalars.
    case string(String)
    /// An ordered array.
    case array([JSONValue])
    /// An object; keys are case-sensitive here, SCIM's case-insensitivity lives in the schema layer.
    case object(JSONObject)
}

/// A JSON object: member names to values. Member order carries no meaning (RFC 8259 §4); ``JSONWriter`` sorts names.
public typealias JSONObject = [String: JSONValue]

extension JSONValue {
    /// The string, or `nil` for any other kind of value.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The boolean, or `nil` for any other kind of value (strings such as `"True"` are not converted here).
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The integer, or `nil` for any other kind of value.
    public var integerValue: Int? {
        if case .integer(let value) = self { return value }
        return nil
    }

    /// The number as a `Double` for ``integer(_:)`` and ``decimal(_:)``, `nil` otherwise.
    public var numberValue: Double? {
        switch self {
        case .integer(let value): return Double(value)
        case .decimal(let value): return value
        default: return nil
        }
    }

    /// The elements, or `nil` for any other kind of value.
    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The members, or `nil` for any other kind of value.
    public var objectValue: JSONObject? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// `true` for ``null``.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The member named exactly `key` (case-sensitive) when this is an object; `nil` otherwise.
    public subscript(key: String) -> JSONValue? {
        objectValue?[key]
    }

    /// A short name of the value's kind for error messages: "string", "boolean", "integer", "decimal", "null",
    /// "array" or "object".
    public var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .integer: return "integer"
        case .decimal: return "decimal"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    /// `nil` as a literal is JSON `null`.
    public init(nilLiteral: ()) { self = .null }
    /// A Swift boolean literal.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// A Swift integer literal.
    public init(integerLiteral value: Int) { self = .integer(value) }
    /// A Swift floating-point literal.
    public init(floatLiteral value: Double) { self = .decimal(value) }
    /// A Swift string literal.
    public init(stringLiteral value: String) { self = .string(value) }
    /// A Swift array literal.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// A Swift dictionary literal; a repeated key keeps its last value.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(JSONObject(elements, uniquingKeysWith: { _, last in last }))
    }
}

extension JSONValue: CustomStringConvertible {
    /// The compact JSON text of the value (see ``JSONWriter``).
    public var description: String { JSONWriter.compact.string(self) }
}
