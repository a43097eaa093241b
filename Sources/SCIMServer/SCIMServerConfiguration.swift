/// Settings of the SCIM endpoint; the defaults suit a small install.
public struct SCIMServerConfiguration: Sendable {
    /// The path the SCIM endpoints live under, without a trailing slash (`/api/ee/scim/v2`).
    public var basePath: String
    /// The externally visible URL of ``basePath`` (e.g. `https://scim.example.com/api/ee/scim/v2`) for `Location`
    /// and `meta.location`; when `nil` it is built from ``scheme`` and the request's `Host` header.
    public var publicBaseURL: String?
    /// `https` when the server itself speaks TLS, else `http`.
    public var scheme: String
    /// The largest request body accepted, in bytes (advertised as `bulk.maxPayloadSize`); larger bodies get 413.
    public var maxPayloadSize: Int
    /// The most resources one list page returns (`filter.maxResults`); larger `count`s are clamped.
    public var maxResults: Int
    /// The most operations one `/Bulk` request may carry (`bulk.maxOperations`).
    public var maxBulkOperations: Int
    /// The longest filter accepted, in characters.
    public var maxFilterLength: Int

    /// Creates a configuration.
    public init(
        basePath: String = "/api/ee/scim/v2", publicBaseURL: String? = nil, scheme: String = "http",
        maxPayloadSize: Int = 1 << 20, maxResults: Int = 500, maxBulkOperations: Int = 1000,
        maxFilterLength: Int = 4096
    ) {
        self.basePath = Self.normalized(basePath)
        self.publicBaseURL = publicBaseURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        self.scheme = scheme
        self.maxPayloadSize = maxPayloadSize
        self.maxResults = maxResults
        self.maxBulkOperations = maxBulkOperations
        self.maxFilterLength = maxFilterLength
    }

    /// `path` with one leading slash and no trailing one; `/` stays `""` (endpoints at the root).
    static func normalized(_ path: String) -> String {
        let trimmed = path.split(separator: "/", omittingEmptySubsequences: true).joined(separator: "/")
        return trimmed.isEmpty ? "" : "/" + trimmed
    }
}
