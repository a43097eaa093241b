/// Why a SAML metadata document was rejected.
///
/// Every error says what was wrong in words a person can act on, with the line where libxml2 or the metadata reader
/// found it when there is one:
///
/// ```swift
/// do {
///     _ = try SAMLMetadataParser().parse(data)
/// } catch {
///     print(error)  // "line 2: DOCTYPE is not allowed in SAML metadata (possible entity expansion or XXE attack)"
/// }
/// ```
///
/// Problems that do not stop the metadata from being used (an invalid `cacheDuration`, a certificate that does not
/// parse, an endpoint without `Binding`) are not errors: they are ``MetadataWarning``s and
/// ``CertificateProblem``s on the result.
public struct SAMLMetadataError: Error, Sendable, Equatable, Codable, CustomStringConvertible {
    /// The class of failure, for callers that branch on it (exit codes, metrics).
    public enum Kind: String, Sendable, Equatable, Codable, CaseIterable {
        /// The file could not be opened or read.
        case unreadable
        /// The input is larger than ``MetadataLimits/maximumBytes``; it was not parsed.
        case tooLarge
        /// The document has a DOCTYPE. SAML metadata never needs one, and a DTD is how entity-expansion
        /// ("billion laughs") and external-entity (XXE) attacks start, so parsing stops at it.
        case doctypeNotAllowed
        /// libxml2 rejected the document: empty, truncated, not well-formed, not namespace-well-formed,
        /// badly encoded, or nested deeper than libxml2's limit of 256 levels.
        case malformedXML
        /// The root element is not `md:EntityDescriptor` or `md:EntitiesDescriptor`
        /// in `urn:oasis:names:tc:SAML:2.0:metadata`.
        case notMetadata
        /// No `EntityDescriptor` has the requested entityID; ``SAMLMetadataError/candidates`` lists those present.
        case entityNotFound
        /// No entityID was requested and no entity has a SAML 2.0 identity-provider role;
        /// ``SAMLMetadataError/candidates`` lists every entity.
        case noIdentityProvider
        /// More than one entity matches: several SAML 2.0 identity providers and no entityID was requested, or the
        /// requested entityID appears more than once. ``SAMLMetadataError/candidates`` lists the matching entityIDs.
        case ambiguousEntity
    }

    /// The class of failure.
    public let kind: Kind
    /// The 1-based line in the document where the problem was found, when known.
    public let line: Int?
    /// What was wrong, without the line prefix, e.g. `file is 20971520 bytes; the limit is 4194304 bytes`.
    public let message: String
    /// For the entity-selection kinds, the entityIDs a caller may choose from (document order); otherwise empty.
    public let candidates: [String]

    /// Creates an error; `line` 0 or less (libxml2's "unknown") is stored as `nil`.
    public init(kind: Kind, line: Int? = nil, message: String, candidates: [String] = []) {
        self.kind = kind
        self.line = line.flatMap { $0 > 0 ? $0 : nil }
        self.message = message
        self.candidates = candidates
    }

    /// `line N: message`, or the message alone when the line is unknown.
    public var description: String {
        line.map { "line \($0): \(message)" } ?? message
    }
}
