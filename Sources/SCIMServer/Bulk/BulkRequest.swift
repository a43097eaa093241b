import SCIM

/// A BulkRequest message (RFC 7644 §3.7): operations to run in order, with `bulkId` cross-references.
struct BulkRequest: Sendable {
    /// `urn:ietf:params:scim:api:messages:2.0:BulkRequest`.
    static let schemaURN = "urn:ietf:params:scim:api:messages:2.0:BulkRequest"

    /// One operation of the request.
    struct Operation: Sendable {
        var method: String
        var bulkId: String?
        var version: String?
        var path: String
        var data: JSONValue?

        /// Every `bulkId:<id>` this operation refers to, in its path or data (RFC 7644 §3.7.2).
        var references: Set<String> {
            var found = Set<String>()
            func scan(_ value: JSONValue) {
                switch value {
                case .string(let text) where text.hasPrefix("bulkId:"): found.insert(String(text.dropFirst(7)))
                case .array(let elements): elements.forEach(scan)
                case .object(let members): members.values.forEach(scan)
                default: break
                }
            }
            scan(.string(path.split(separator: "/").last.map(String.init) ?? ""))
            data.map(scan)
            return found
        }
    }

    /// How many errors to accept before stopping; `nil` processes everything.
    var failOnErrors: Int?
    var operations: [Operation]

    /// Parses the body.
    ///
    /// - Throws: 400 `invalidSyntax` for a body that is not a BulkRequest, naming the offending operation.
    init(json: JSONValue) throws(SCIMError) {
        guard case .object(let body) = json else { throw .invalidSyntax("a BulkRequest must be a JSON object") }
        if let value = body["failOnErrors"], !value.isNull {
            guard let count = value.integerValue, count >= 1 else {
                throw .invalidSyntax("failOnErrors must be a positive integer")
            }
            failOnErrors = count
        }
        guard let rawOperations = body["Operations"]?.arrayValue else {
            throw .invalidSyntax("a BulkRequest needs an \"Operations\" array")
        }
        operations = []
        for (index, raw) in rawOperations.enumerated() {
            guard case .object(let operation) = raw, let method = operation["method"]?.stringValue,
                let path = operation["path"]?.stringValue
            else {
                throw .invalidSyntax("Operations[\(index)] needs a \"method\" and a \"path\"")
            }
            operations.append(
                Operation(
                    method: method.uppercased(), bulkId: operation["bulkId"]?.stringValue,
                    version: operation["version"]?.stringValue, path: path, data: operation["data"]))
        }
    }
}
