/// One operation of a PATCH request: `{"op": "add" | "replace" | "remove", "path": …, "value": …}`
/// (RFC 7644 §3.5.2).
///
/// ```swift
/// PatchOperation(op: .replace, path: try PatchPath(parsing: "active"), value: false)
/// PatchOperation(op: .add, value: ["emails": [["value": "babs@jensen.org", "type": "home"]], "nickName": "Babs"])
/// PatchOperation(op: .remove, path: try PatchPath(parsing: #"members[value eq "2819c223"]"#))
/// ```
///
/// ``PatchEngine`` documents what each operation does to a resource.
public struct PatchOperation: Sendable, Hashable {
    /// The operation's kind (RFC 7644 §3.5.2.1–3). Identity providers spell it in any case (`"Replace"`).
    public enum Op: String, Sendable, Hashable, CaseIterable {
        /// Add values, or set single-valued attributes (§3.5.2.1).
        case add
        /// Replace values (§3.5.2.3).
        case replace
        /// Remove an attribute or values (§3.5.2.2).
        case remove
    }

    /// The kind of operation.
    public var op: Op
    /// The target; `nil` means the resource itself, and then `value` is an object of attributes (`add`, `replace`).
    public var path: PatchPath?
    /// The value; required for `add` and `replace` (where `null` means "unassigned"), optional for `remove`, where a
    /// list of values on a multi-valued attribute removes just those values.
    public var value: JSONValue?

    /// Creates an operation.
    public init(op: Op, path: PatchPath? = nil, value: JSONValue? = nil) {
        self.op = op
        self.path = path
        self.value = value
    }

    /// Reads one element of a PatchOp message's `Operations` array.
    ///
    /// Member names (`op`, `path`, `value`) and the `op` value are case-insensitive; other members are ignored; a
    /// `path` that is `null` or empty counts as absent.
    ///
    /// - Parameters:
    ///   - json: the operation object.
    ///   - index: its position in `Operations`, used in error details.
    /// - Throws: 400 `invalidSyntax` when the element is not an object, `op` is missing or unknown, `path` is not a
    ///   string, or `add`/`replace` has no `value`; 400 `invalidPath` when the path does not parse.
    public init(json: JSONValue, index: Int) throws(SCIMError) {
        let context = "Operations[\(index)]"
        guard case .object(let members) = json else {
            throw .invalidSyntax(
                "\(context) must be an object with \"op\", \"path\" and \"value\", not \(json.kindName)")
        }
        func member(_ name: String) throws(SCIMError) -> JSONValue? {
            let matches = members.filter { $0.key.caseInsensitiveEquals(name) }
            guard matches.count <= 1 else {
                throw .invalidSyntax("\(context) has \"\(name)\" more than once (member names are case-insensitive)")
            }
            return matches.first?.value
        }
        guard let opValue = try member("op") else {
            throw .invalidSyntax("\(context) has no \"op\" (expected \"add\", \"replace\" or \"remove\")")
        }
        guard let opName = opValue.stringValue, let op = Op(rawValue: opName.lowercased()) else {
            let shown = opValue.arrayValue != nil || opValue.objectValue != nil ? opValue.kindName : "\(opValue)"
            throw .invalidSyntax("\(context) has the unknown op \(shown) (expected \"add\", \"replace\" or \"remove\")")
        }
        var path: PatchPath?
        switch try member("path") {
        case nil, .null, .string(""): path = nil
        case .string(let text):
            do { path = try PatchPath(parsing: text) } catch { throw error.prefixed(with: context) }
        case .some(let other):
            throw .invalidSyntax("\(context): \"path\" must be a string, not \(other.kindName)")
        }
        let value = try member("value")
        if op != .remove && value == nil {
            throw .invalidSyntax("\(context): \(op.rawValue) needs a \"value\"")
        }
        self.init(op: op, path: path, value: value)
    }

    /// The operation as RFC 7644 §3.5.2 writes it, for error details and logs.
    public var jsonValue: JSONValue {
        var object: JSONObject = ["op": .string(op.rawValue)]
        if let path { object["path"] = .string(path.description) }
        if let value { object["value"] = value }
        return .object(object)
    }
}
