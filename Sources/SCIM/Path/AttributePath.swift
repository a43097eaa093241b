/// An attribute path: `[URN ":"] attribute ["." subAttribute]` (RFC 7644 §3.10, the `attrPath` rule of §3.4.2.2).
///
/// ```swift
/// try AttributePath(parsing: "name.givenName")
/// try AttributePath(parsing: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value")
/// // schemaURN "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", attribute "manager", subAttribute "value"
/// ```
///
/// Parsing is purely syntactic; ``ResourceType/resolve(_:)`` decides whether the attribute exists. Names keep the
/// case they were written in; ``ResourceType/resolve(_:)`` matches them case-insensitively, but `==` and hashing
/// compare the text as written (`userName` ≠ `USERNAME`): compare resolved paths (``ResourceType/ResolvedAttribute``)
/// to ask whether two paths name the same attribute.
public struct AttributePath: Sendable, Hashable, CustomStringConvertible {
    /// The schema URN prefix, if the path was qualified.
    public var schemaURN: String?
    /// The attribute name (`ATTRNAME`; `$ref` is allowed as well).
    public var attribute: String
    /// The sub-attribute name, if any.
    public var subAttribute: String?

    /// Creates a path from its parts.
    public init(schemaURN: String? = nil, attribute: String, subAttribute: String? = nil) {
        self.schemaURN = schemaURN
        self.attribute = attribute
        self.subAttribute = subAttribute
    }

    /// Parses `text` as a whole `attrPath`.
    ///
    /// A URN prefix is everything up to the last `:`, because attribute names cannot contain `:` while URNs contain
    /// `.` (as in `2.0`).
    ///
    /// - Throws: ``SCIMError/invalidPath(_:)`` naming the offending text when a name is empty or has characters outside
    ///   `ALPHA *(ALPHA / DIGIT / "-" / "_")`.
    public init(parsing text: String) throws(SCIMError) {
        var remainder = Substring(text)
        if text.hasCaseInsensitivePrefix("urn:") {
            guard let colon = text.lastIndex(of: ":") else { throw .invalidPath("\"\(text)\" is not a valid path") }
            schemaURN = String(text[..<colon])
            remainder = text[text.index(after: colon)...]
        }
        let parts = remainder.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        attribute = String(parts[0])
        subAttribute = parts.count > 1 ? String(parts[1]) : nil
        guard Self.isValidName(attribute) else {
            throw .invalidPath("\"\(text)\" is not a valid attribute path: bad attribute name \"\(attribute)\"")
        }
        if let subAttribute, !Self.isValidName(subAttribute) {
            throw .invalidPath("\"\(text)\" is not a valid attribute path: bad sub-attribute name \"\(subAttribute)\"")
        }
    }

    /// Whether `name` matches `ATTRNAME` (RFC 7644 §3.10), or is `$ref` (RFC 7643 §2.1 names it explicitly).
    public static func isValidName(_ name: some StringProtocol) -> Bool {
        if name.utf8.first == UInt8(ascii: "$") { return String(name).caseInsensitiveEquals("$ref") }
        var bytes = name.utf8.makeIterator()
        guard let first = bytes.next(), isAlpha(first) else { return false }
        while let byte = bytes.next() {
            guard isAlpha(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
            else { return false }
        }
        return true
    }

    private static func isAlpha(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    /// The path as text, e.g. `emails.value` or `urn:…:User:manager.value`.
    public var description: String {
        var text = schemaURN.map { $0 + ":" } ?? ""
        text += attribute
        if let subAttribute { text += "." + subAttribute }
        return text
    }

    /// The path without its sub-attribute, e.g. `emails` for `emails.value`.
    public var parent: AttributePath {
        AttributePath(schemaURN: schemaURN, attribute: attribute)
    }
}
