/// What this service provider supports, served at `GET /ServiceProviderConfig` (RFC 7643 §5, RFC 7644 §4).
///
/// ```swift
/// let config = ServiceProviderConfig(filterMaxResults: 200)
/// config.jsonValue(baseURL: "https://app.example.com/api/ee/scim/v2")
/// // {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"], "patch": {"supported": true},
/// //  "bulk": {"supported": true, "maxOperations": 1000, "maxPayloadSize": 1048576},
/// //  "filter": {"supported": true, "maxResults": 200}, "changePassword": {"supported": false}, …}
/// ```
///
/// The defaults describe scimdir: PATCH, Bulk, filtering, sorting and ETags are supported; changing a password is
/// not, because passwords are never stored. Every capability block and its members are always present, as Okta's
/// SCIM 2.0 spec test requires. The same `filterMaxResults` must be passed to ``ListQuery/compile(for:maxResults:)``.
public struct ServiceProviderConfig: Sendable, Hashable {
    /// The schema URN of the document.
    public static let schemaURN = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"

    /// A way clients authenticate (RFC 7643 §5 `authenticationSchemes`).
    public struct AuthenticationScheme: Sendable, Hashable {
        /// The type keyword: `oauth`, `oauth2`, `oauthbearertoken`, `httpbasic` or `httpdigest`.
        public var type: String
        /// The scheme's common name, e.g. `OAuth Bearer Token`.
        public var name: String
        /// A person-readable description.
        public var description: String
        /// The scheme's specification, if any.
        public var specUri: String?
        /// Where this service provider documents its use of the scheme, if anywhere.
        public var documentationUri: String?
        /// Whether this is the preferred scheme.
        public var primary: Bool

        /// Creates a scheme.
        public init(
            type: String, name: String, description: String, specUri: String? = nil, documentationUri: String? = nil,
            primary: Bool = false
        ) {
            self.type = type
            self.name = name
            self.description = description
            self.specUri = specUri
            self.documentationUri = documentationUri
            self.primary = primary
        }

        /// The bearer token scheme of RFC 6750, which scimdir uses: `Authorization: Bearer <token>`.
        public static let oauthBearerToken = AuthenticationScheme(
            type: "oauthbearertoken", name: "OAuth Bearer Token",
            description: "Authentication with a bearer token in the Authorization header (RFC 6750).",
            specUri: "https://www.rfc-editor.org/info/rfc6750", primary: true)

        var jsonValue: JSONValue {
            var object: JSONObject = [
                "type": .string(type), "name": .string(name), "description": .string(description),
                "primary": .bool(primary),
            ]
            if let specUri { object["specUri"] = .string(specUri) }
            if let documentationUri { object["documentationUri"] = .string(documentationUri) }
            return .object(object)
        }
    }

    /// Where people can read about this service provider, if anywhere (`documentationUri`).
    public var documentationUri: String?
    /// Whether PATCH is supported (`patch.supported`).
    public var patchSupported: Bool
    /// Whether Bulk is supported (`bulk.supported`).
    public var bulkSupported: Bool
    /// The most operations a Bulk request may hold (`bulk.maxOperations`).
    public var bulkMaxOperations: Int
    /// The largest request body accepted, in bytes (`bulk.maxPayloadSize`).
    public var bulkMaxPayloadSize: Int
    /// Whether filtering is supported (`filter.supported`).
    public var filterSupported: Bool
    /// The most resources one list response holds (`filter.maxResults`).
    public var filterMaxResults: Int
    /// Whether a client may change a password (`changePassword.supported`).
    public var changePasswordSupported: Bool
    /// Whether `sortBy` is supported (`sort.supported`).
    public var sortSupported: Bool
    /// Whether ETags and `If-Match` are supported (`etag.supported`).
    public var etagSupported: Bool
    /// The ways clients authenticate.
    public var authenticationSchemes: [AuthenticationScheme]

    /// Creates a configuration; the defaults describe scimdir.
    ///
    /// - Parameters:
    ///   - bulkMaxPayloadSize: bytes.
    ///   - filterMaxResults: resources per page; keep it at 100 or more, as Okta pages by 100.
    public init(
        documentationUri: String? = nil, patchSupported: Bool = true, bulkSupported: Bool = true,
        bulkMaxOperations: Int = 1000, bulkMaxPayloadSize: Int = 1_048_576, filterSupported: Bool = true,
        filterMaxResults: Int = 200, changePasswordSupported: Bool = false, sortSupported: Bool = true,
        etagSupported: Bool = true, authenticationSchemes: [AuthenticationScheme] = [.oauthBearerToken]
    ) {
        self.documentationUri = documentationUri
        self.patchSupported = patchSupported
        self.bulkSupported = bulkSupported
        self.bulkMaxOperations = bulkMaxOperations
        self.bulkMaxPayloadSize = bulkMaxPayloadSize
        self.filterSupported = filterSupported
        self.filterMaxResults = filterMaxResults
        self.changePasswordSupported = changePasswordSupported
        self.sortSupported = sortSupported
        self.etagSupported = etagSupported
        self.authenticationSchemes = authenticationSchemes
    }

    /// The document of RFC 7643 §5, with `meta.location` absolute.
    ///
    /// - Parameter baseURL: the SCIM base URL, e.g. `https://app.example.com/api/ee/scim/v2`; a trailing `/` is
    ///   ignored.
    public func jsonValue(baseURL: String) -> JSONValue {
        var object: JSONObject = [
            "schemas": [.string(Self.schemaURN)],
            "patch": ["supported": .bool(patchSupported)],
            "bulk": [
                "supported": .bool(bulkSupported), "maxOperations": .integer(bulkMaxOperations),
                "maxPayloadSize": .integer(bulkMaxPayloadSize),
            ],
            "filter": ["supported": .bool(filterSupported), "maxResults": .integer(filterMaxResults)],
            "changePassword": ["supported": .bool(changePasswordSupported)],
            "sort": ["supported": .bool(sortSupported)],
            "etag": ["supported": .bool(etagSupported)],
            "authenticationSchemes": .array(authenticationSchemes.map(\.jsonValue)),
            "meta": [
                "resourceType": "ServiceProviderConfig",
                "location": .string(absoluteLocation("/ServiceProviderConfig", baseURL: baseURL)),
            ],
        ]
        if let documentationUri { object["documentationUri"] = .string(documentationUri) }
        return .object(object)
    }
}
