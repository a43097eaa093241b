/// A SCIM error: the HTTP status, the `scimType` keyword and a `detail` a person can act on (RFC 7644 §3.12).
///
/// Every layer of scimdir throws this one type; the HTTP layer renders it once, with ``jsonValue``, as
/// `{"schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"], "status": "400", "scimType": "invalidFilter",
/// "detail": "…"}` (the status is a string, as RFC 7644 §3.12 prints it and Entra ID expects).
public struct SCIMError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The `scimType` keywords of RFC 7644 §3.12, Table 9.
    public enum ScimType: String, Sendable, Hashable, CaseIterable {
        /// The filter syntax was invalid or the attribute and comparison combination is not supported.
        case invalidFilter
        /// The filter yields more results than the server will return.
        case tooMany
        /// One or more attribute values are already in use or reserved.
        case uniqueness
        /// The attempted modification is not compatible with the attribute's mutability.
        case mutability
        /// The request body structure was invalid or did not conform to the schema.
        case invalidSyntax
        /// The path attribute was invalid or malformed.
        case invalidPath
        /// The path did not yield an attribute or value that could be operated on.
        case noTarget
        /// A required value was missing, or the value specified was not compatible.
        case invalidValue
        /// The specified SCIM protocol version is not supported.
        case invalidVers
        /// The request cannot be completed because of sensitive information in the URI.
        case sensitive
    }

    /// The schema URN of an Error message.
    public static let schemaURN = "urn:ietf:params:scim:api:messages:2.0:Error"

    /// The HTTP status code, e.g. 400.
    public var status: Int
    /// The error keyword, present for most 400s and for 409.
    public var scimType: ScimType?
    /// What went wrong and, where it helps, what to do about it.
    public var detail: String

    /// Creates an error. Prefer the named constructors (``invalidFilter(_:)``, ``notFound(_:)``, …).
    public init(status: Int, scimType: ScimType? = nil, detail: String) {
        self.status = status
        self.scimType = scimType
        self.detail = detail
    }

    /// The SCIM Error message (RFC 7644 §3.12) as JSON.
    public var jsonValue: JSONValue {
        var body: JSONObject = [
            "schemas": [.string(Self.schemaURN)],
            "status": .string(String(status)),
            "detail": .string(detail),
        ]
        if let scimType { body["scimType"] = .string(scimType.rawValue) }
        return .object(body)
    }

    /// `400 invalidFilter: detail`.
    public var description: String {
        "\(status)\(scimType.map { " \($0.rawValue)" } ?? ""): \(detail)"
    }
}

extension SCIMError {
    /// 400 `invalidFilter` (RFC 7644 §3.4.2.2).
    public static func invalidFilter(_ detail: String) -> SCIMError {
        SCIMError(status: 400, scimType: .invalidFilter, detail: detail)
    }
    /// 400 `invalidSyntax`: the body is not JSON or not shaped as the message requires.
    public static func invalidSyntax(_ detail: String) -> SCIMError {
        SCIMError(status: 400, scimType: .invalidSyntax, detail: detail)
    }
    /// 400 `invalidPath` (RFC 7644 §3.5.2).
    public static func invalidPath(_ detail: String) -> SCIMError {
        SCIMError(status: 400, scimType: .invalidPath, detail: detail)
    }
    /// 400 `noTarget` (RFC 7644 §3.5.2).
    public static func noTarget(_ detail: String) -> SCIMError {
        SCIMError(status: 400, scimType: .noTarget, detail: detail)
    }
    /// 400 `invalidValue`: a required value is missing or a value has the wrong type.
    public static func invalidValue(_ detail: String) -> SCIMError {
        SCIMError(status: 400, scimType: .invalidValue, detail: detail)
    }
    /// 400 `mutability`: a readOnly or immutable attribute would change.
    public static func mutability(_ detail: String) -> SCIMError {
        SCIMError(status: 400, scimType: .mutability, detail: detail)
    }
    /// 400 `tooMany` (RFC 7644 §3.4.2.4).
    public static func tooMany(_ detail: String) -> SCIMError {
        SCIMError(status: 400, scimType: .tooMany, detail: detail)
    }
    /// 400 without a `scimType`, for malformed requests that no keyword describes (e.g. a bad `sortOrder`).
    public static func badRequest(_ detail: String) -> SCIMError {
        SCIMError(status: 400, detail: detail)
    }
    /// 401: missing or wrong bearer token (RFC 7644 §3.12, RFC 6750 §3).
    public static func unauthorized(_ detail: String) -> SCIMError {
        SCIMError(status: 401, detail: detail)
    }
    /// 404: the resource or endpoint does not exist.
    public static func notFound(_ detail: String) -> SCIMError {
        SCIMError(status: 404, detail: detail)
    }
    /// 405: the endpoint exists but not for this method.
    public static func methodNotAllowed(_ detail: String) -> SCIMError {
        SCIMError(status: 405, detail: detail)
    }
    /// 409 `uniqueness` (RFC 7644 §3.3).
    public static func uniqueness(_ detail: String) -> SCIMError {
        SCIMError(status: 409, scimType: .uniqueness, detail: detail)
    }
    /// 412: `If-Match` named a version that is no longer current (RFC 7644 §3.14).
    public static func preconditionFailed(_ detail: String) -> SCIMError {
        SCIMError(status: 412, detail: detail)
    }
    /// 413: the request body exceeds the advertised `maxPayloadSize`.
    public static func payloadTooLarge(_ detail: String) -> SCIMError {
        SCIMError(status: 413, detail: detail)
    }
    /// 500: the server failed; the detail must not leak internals a client cannot act on.
    public static func internalError(_ detail: String) -> SCIMError {
        SCIMError(status: 500, detail: detail)
    }
    /// 501: the feature is not implemented (RFC 7644 §3.11 `/Me`, for example).
    public static func notImplemented(_ detail: String) -> SCIMError {
        SCIMError(status: 501, detail: detail)
    }
}
