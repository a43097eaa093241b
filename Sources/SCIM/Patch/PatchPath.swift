/// The `path` of a PATCH operation: `PATH = attrPath / valuePath [subAttr]` (RFC 7644 §3.5.2, Figure 1 ABNF).
///
/// ```swift
/// try PatchPath(parsing: "name.givenName")
/// try PatchPath(parsing: #"emails[type eq "work"].value"#)
/// // attribute: emails.value, valueFilter: type eq "work"
/// try PatchPath(parsing: #"members[value eq "2819c223-7f76-453a-919d-413861904646"]"#)
/// try PatchPath(parsing: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager")
/// try PatchPath(parsing: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User") // the whole extension
/// ```
///
/// Parsing is purely syntactic; whether the attribute exists is decided when the operation is applied (see
/// ``PatchEngine``). The value filter uses the filter grammar of RFC 7644 §3.4.2.2 with paths relative to the
/// filtered attribute; it cannot nest another value filter.
public struct PatchPath: Sendable, Hashable, CustomStringConvertible {
    /// The attribute and, if the path names one, its sub-attribute. With a ``valueFilter`` the sub-attribute is the
    /// one written after the brackets (`value` in `emails[type eq "work"].value`).
    public var attribute: AttributePath
    /// The filter between the brackets of a `valuePath`, selecting values of a multi-valued complex attribute.
    public var valueFilter: Filter?

    /// Creates a path from its parts.
    public init(attribute: AttributePath, valueFilter: Filter? = nil) {
        self.attribute = attribute
        self.valueFilter = valueFilter
    }

    /// Parses the text of a PATCH `path`.
    ///
    /// - Throws: 400 ``SCIMError/ScimType/invalidPath`` naming the path and what is wrong with it: a bad attribute
    ///   name, a malformed or unclosed value filter (`emails[type eq "work".value`), text after the closing bracket
    ///   other than `.subAttr`, or a filter after a sub-attribute (`emails.value[…]`).
    public init(parsing text: String) throws(SCIMError) {
        guard text.contains("[") else {
            self.init(attribute: try AttributePath(parsing: text))
            return
        }
        do throws(SCIMError) {
            var state = try FilterParser().state(for: text)
            guard case .valuePath(let path, let filter) = try state.parseAttributeExpression(inValuePath: false) else {
                throw state.error("expected '[' right after the attribute name")
            }
            guard path.subAttribute == nil else {
                throw state.error(
                    "the value filter belongs right after the attribute name, e.g. emails[type eq \"work\"].value")
            }
            var subAttribute: String?
            if case .word(let word) = state.current.kind, word.hasPrefix("."),
                AttributePath.isValidName(word.dropFirst())
            {
                subAttribute = String(word.dropFirst())
                state.position += 1
            }
            guard state.current.kind == .end else {
                throw state.error("only \".subAttribute\" may follow ']'")
            }
            self.init(
                attribute: AttributePath(
                    schemaURN: path.schemaURN, attribute: path.attribute, subAttribute: subAttribute),
                valueFilter: filter)
        } catch {
            throw .invalidPath("\"\(text)\" is not a valid PATCH path: \(error.detail)")
        }
    }

    /// The path as text, e.g. `emails[type eq "work"].value`, which parses back to an equal path.
    public var description: String {
        guard let valueFilter else { return attribute.description }
        return attribute.parent.description + "[\(valueFilter)]" + (attribute.subAttribute.map { "." + $0 } ?? "")
    }
}
