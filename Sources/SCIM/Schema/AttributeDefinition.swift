/// The definition of one attribute or sub-attribute, as RFC 7643 §2.2 and §7 describe it.
///
/// Validation, filtering, PATCH, sorting and projection all read this one description; no handler special-cases an
/// attribute by name. Names compare case-insensitively everywhere (RFC 7643 §2.1).
///
/// ```swift
/// let userName = AttributeDefinition(name: "userName", type: .string, required: true, uniqueness: .server,
///                                    description: "Unique identifier for the User, typically used to sign in.")
/// ```
public struct AttributeDefinition: Sendable, Hashable {
    /// The data types of RFC 7643 §2.3.
    public enum DataType: String, Sendable, Hashable, CaseIterable {
        /// A sequence of Unicode characters (§2.3.1).
        case string
        /// `true` or `false` (§2.3.2).
        case boolean
        /// A real number with a fraction part (§2.3.3).
        case decimal
        /// A whole number (§2.3.4).
        case integer
        /// An `xsd:dateTime` string such as `2008-01-23T04:56:22Z` (§2.3.5).
        case dateTime
        /// Base64-encoded bytes (§2.3.6).
        case binary
        /// A URI, possibly relative (§2.3.7).
        case reference
        /// A set of sub-attributes (§2.3.8).
        case complex
    }

    /// When a client may set the attribute (RFC 7643 §7 "mutability").
    public enum Mutability: String, Sendable, Hashable, CaseIterable {
        /// Set by the service provider only; ignored on input.
        case readOnly
        /// Freely updated.
        case readWrite
        /// Set once, then never changed.
        case immutable
        /// Accepted on input, never returned (e.g. `password`).
        case writeOnly
    }

    /// When the attribute appears in a response (RFC 7643 §7 "returned").
    public enum Returned: String, Sendable, Hashable, CaseIterable {
        /// Always, even when excluded.
        case always
        /// Never.
        case never
        /// Unless excluded or another attribute list was requested.
        case `default`
        /// Only when named in `attributes`.
        case request
    }

    /// How unique a value must be (RFC 7643 §7 "uniqueness").
    public enum Uniqueness: String, Sendable, Hashable, CaseIterable {
        /// No constraint.
        case none
        /// Unique within this service provider.
        case server
        /// Globally unique.
        case global
    }

    /// The attribute's name, e.g. `userName`, `$ref`.
    public var name: String
    /// The data type.
    public var type: DataType
    /// Whether the value is an array.
    public var multiValued: Bool
    /// A person-readable description, served by `/Schemas`.
    public var description: String
    /// Whether a resource must carry a value.
    public var required: Bool
    /// Suggested values (RFC 7643 §7); advertised, not enforced, because identity providers send others.
    public var canonicalValues: [String]
    /// Whether string comparison respects case.
    public var caseExact: Bool
    /// When a client may set the value.
    public var mutability: Mutability
    /// When the value is returned.
    public var returned: Returned
    /// How unique the value must be.
    public var uniqueness: Uniqueness
    /// For `reference` attributes, what they may point to (`User`, `Group`, `external`, `uri`).
    public var referenceTypes: [String]
    /// For `complex` attributes, the sub-attributes (which are never complex themselves, RFC 7643 §2.3.8).
    public var subAttributes: [AttributeDefinition]

    /// Creates a definition; the defaults are RFC 7643 §7's defaults.
    public init(
        name: String, type: DataType, multiValued: Bool = false, description: String = "", required: Bool = false,
        canonicalValues: [String] = [], caseExact: Bool = false, mutability: Mutability = .readWrite,
        returned: Returned = .default, uniqueness: Uniqueness = .none, referenceTypes: [String] = [],
        subAttributes: [AttributeDefinition] = []
    ) {
        self.name = name
        self.type = type
        self.multiValued = multiValued
        self.description = description
        self.required = required
        self.canonicalValues = canonicalValues
        self.caseExact = caseExact
        self.mutability = mutability
        self.returned = returned
        self.uniqueness = uniqueness
        self.referenceTypes = referenceTypes
        self.subAttributes = subAttributes
    }

    /// The sub-attribute called `name`, compared case-insensitively; `nil` when there is none.
    public func subAttribute(named name: String) -> AttributeDefinition? {
        subAttributes.first { $0.name.caseInsensitiveEquals(name) }
    }

    /// `true` when this is a multi-valued complex attribute with a boolean `primary` sub-attribute (RFC 7643 §2.4).
    public var hasPrimary: Bool {
        multiValued && subAttribute(named: "primary")?.type == .boolean
    }
}

extension String {
    /// ASCII case-insensitive equality, as SCIM compares attribute names and schema URNs (RFC 7643 §2.1), without
    /// allocating. Non-ASCII bytes must match exactly; names and URNs are ASCII by grammar (RFC 7644 §3.10).
    package func caseInsensitiveEquals(_ other: String) -> Bool {
        utf8.count == other.utf8.count && utf8.elementsEqual(other.utf8) { asciiLowercase($0) == asciiLowercase($1) }
    }

    /// ASCII case-insensitive prefix test, for URN-qualified attribute names.
    package func hasCaseInsensitivePrefix(_ prefix: String) -> Bool {
        let left = utf8
        let right = prefix.utf8
        guard left.count >= right.count else { return false }
        return zip(left, right).allSatisfy { asciiLowercase($0) == asciiLowercase($1) }
    }
}

@inline(__always)
private func asciiLowercase(_ byte: UInt8) -> UInt8 {
    byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
}
