/// A PATCH request body: a PatchOp message (RFC 7644 §3.5.2).
///
/// ```swift
/// let request = try PatchRequest(json: try JSONParser().parse(#"""
///     {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
///      "Operations": [{"op": "Replace", "path": "active", "value": "False"}]}
///     """#))
/// let result = try PatchEngine(resourceType: .user).apply(request, to: storedUser)
/// ```
///
/// Reading is lenient where identity providers differ and strict where a mistake would go unnoticed:
/// - the `Operations` member name is matched case-insensitively (`operations` works); `schemas` is not checked,
///   because the body's shape already says what it is;
/// - each operation is read by ``PatchOperation/init(json:index:)`` (case-insensitive `op`);
/// - an empty `Operations` array is refused (RFC 7644: "one or more" operations), as is anything that is not an
///   object with an `Operations` array.
public struct PatchRequest: Sendable, Hashable {
    /// `urn:ietf:params:scim:api:messages:2.0:PatchOp`.
    public static let schemaURN = "urn:ietf:params:scim:api:messages:2.0:PatchOp"

    /// The operations, applied in order, all or none.
    public var operations: [PatchOperation]

    /// Creates a request from operations.
    public init(operations: [PatchOperation]) {
        self.operations = operations
    }

    /// Reads a PatchOp message.
    ///
    /// - Throws: 400 `invalidSyntax` naming what is missing or malformed (e.g. `Operations[1] has the unknown op
    ///   "update" (expected "add", "replace" or "remove")`); 400 `invalidPath` for a path that does not parse.
    public init(json: JSONValue) throws(SCIMError) {
        guard case .object(let body) = json else {
            throw .invalidSyntax("a PATCH body must be a PatchOp message (a JSON object), not \(json.kindName)")
        }
        let candidates = body.filter { $0.key.caseInsensitiveEquals("Operations") }
        guard candidates.count <= 1 else {
            throw .invalidSyntax("the PATCH body has \"Operations\" more than once (member names are case-insensitive)")
        }
        guard let operationsValue = candidates.first?.value else {
            throw .invalidSyntax(
                "the PATCH body has no \"Operations\" array; send {\"schemas\": [\"\(Self.schemaURN)\"], "
                    + "\"Operations\": [{\"op\": \"replace\", \"path\": …, \"value\": …}]}")
        }
        guard case .array(let elements) = operationsValue else {
            throw .invalidSyntax("\"Operations\" must be an array of operations, not \(operationsValue.kindName)")
        }
        guard !elements.isEmpty else { throw .invalidSyntax("\"Operations\" is empty; send at least one operation") }
        var operations: [PatchOperation] = []
        operations.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            operations.append(try PatchOperation(json: element, index: index))
        }
        self.init(operations: operations)
    }

    /// The PatchOp message, with canonical op names and paths; ``init(json:)`` reads it back to an equal request.
    public var jsonValue: JSONValue {
        .object([
            "schemas": [.string(Self.schemaURN)],
            "Operations": .array(operations.map(\.jsonValue)),
        ])
    }
}
