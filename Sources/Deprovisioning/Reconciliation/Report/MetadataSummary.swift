public import SAMLMetadata

/// What the report says about the metadata itself: which identity provider, how browsers reach it, what it signs
/// with (ARCHITECTURE §7).
///
/// JSON (``ReconciliationReport/metadata``):
/// ```json
/// {"source": "samples/saml/idp-metadata.xml", "entityID": "http://www.okta.com/exk…",
///  "validUntil": "2027-01-01T00:00:00.000Z",
///  "nameIDFormats": ["urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"],
///  "singleSignOnServices": [{"binding": "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST", "location": "https://…"}],
///  "signingCertificates": [{"subject": "CN=…", "notBefore": "…", "notAfter": "…", "sha256Fingerprint": "6C:9A:…",
///                           "line": 7}]}
/// ```
/// `validUntil` is left out when no level sets one; the lists are empty when the chosen entity is no identity provider.
public struct MetadataSummary: Sendable, Hashable, Codable {
    /// A signing certificate, as far as a person needs it to recognise the certificate in the host app's settings.
    public struct Certificate: Sendable, Hashable, Codable {
        /// The subject DN (RFC 4514), e.g. `CN=dev-513394,OU=SSOProvider,O=Okta,…`.
        public let subject: String
        /// Start of validity, `xsd:dateTime` UTC.
        public let notBefore: String
        /// End of validity, `xsd:dateTime` UTC.
        public let notAfter: String
        /// SHA-256 of the DER, colon-separated upper-case hex (as `openssl x509 -fingerprint -sha256`).
        public let sha256Fingerprint: String
        /// The line of its `KeyDescriptor`.
        public let line: Int
    }

    /// Where the metadata was read from, as given.
    public let source: String
    /// The chosen entity's entityID.
    public let entityID: String
    /// The earliest `validUntil` of all levels (``MetadataDocument/validUntil``), `xsd:dateTime` UTC.
    public let validUntil: String?
    /// The identity provider's `NameIDFormat` URIs, in document order.
    public let nameIDFormats: [String]
    /// The identity provider's `SingleSignOnService` endpoints, every binding.
    public let singleSignOnServices: [Endpoint]
    /// The identity provider's signing certificates (``RoleDescriptor/signingKeys``).
    public let signingCertificates: [Certificate]

    /// Summarises a parsed document read from `source`.
    public init(_ document: MetadataDocument, source: String) {
        let idp = document.identityProvider
        self.source = source
        entityID = document.entity.entityID
        validUntil = document.validUntil.map(ReportDate.dateTime)
        nameIDFormats = idp?.nameIDFormats.map(\.rawValue) ?? []
        singleSignOnServices = idp?.singleSignOnServices ?? []
        signingCertificates = (idp?.signingKeys ?? []).map { key in
            Certificate(
                subject: key.certificate.subject, notBefore: ReportDate.dateTime(key.certificate.notBefore),
                notAfter: ReportDate.dateTime(key.certificate.notAfter),
                sha256Fingerprint: key.certificate.sha256Fingerprint, line: key.line)
        }
    }
}
