public import Foundation

/// The facts about an X.509 certificate that a metadata report needs, read with swift-certificates
/// (RFC 5280 §4.1).
///
/// Metadata in the wild carries certificates that swift-certificates refuses as a whole although their fields are
/// readable (1024-bit RSA keys, negative serial numbers from old `makecert` tools). Those are read field by field
/// from the DER `TBSCertificate` instead, and ``strictParsingProblem`` says why the strict parse failed.
///
/// ```swift
/// info.subject            // "CN=dev-513394,OU=SSOProvider,O=Okta,L=San Francisco,ST=California,C=US,E=info@okta.com"
/// info.notAfter           // 2028-09-07 14:33:59 +0000
/// info.sha256Fingerprint  // "6C:9A:…" (32 bytes, upper-case hex, colon-separated, as `openssl x509 -fingerprint`)
/// ```
public struct X509CertificateInfo: Sendable, Equatable, Codable {
    /// The subject distinguished name as an RFC 4514 string, rendered by swift-certificates: most specific RDN first,
    /// special characters escaped, short names `CN`, `O`, `OU`, `L`, `ST`, `C`, `STREET`, `DC`, and `E` for
    /// emailAddress; other attribute types as dotted OIDs.
    public let subject: String
    /// The issuer distinguished name, in the same form as ``subject``.
    public let issuer: String
    /// The serial number as upper-case hex bytes separated by colons, e.g. `01:65:B4:74:35:10`.
    public let serialNumber: String
    /// Start of the validity period (`notBefore`), UTC.
    public let notBefore: Date
    /// End of the validity period (`notAfter`), UTC.
    public let notAfter: Date
    /// SHA-256 of the DER encoding: 32 bytes as upper-case hex pairs separated by colons (95 characters).
    /// Certificates are de-duplicated by this value.
    public let sha256Fingerprint: String
    /// The DER encoding in base64 without whitespace, so a caller can parse or pin the certificate itself.
    public let base64DER: String
    /// Why swift-certificates refused the certificate although its names and validity could still be read, e.g.
    /// `its RSA key is shorter than 2048 bits, which swift-crypto refuses` or
    /// `swift-certificates refuses it (invalidASN1IntegerEncoding)` for a negative serial number; `nil` when it
    /// parsed cleanly. Strict SAML libraries may refuse signatures made with such a certificate, so a report should say so.
    public let strictParsingProblem: String?

    /// Creates a certificate summary.
    public init(
        subject: String, issuer: String, serialNumber: String, notBefore: Date, notAfter: Date,
        sha256Fingerprint: String, base64DER: String, strictParsingProblem: String? = nil
    ) {
        self.subject = subject
        self.issuer = issuer
        self.serialNumber = serialNumber
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.sha256Fingerprint = sha256Fingerprint
        self.base64DER = base64DER
        self.strictParsingProblem = strictParsingProblem
    }

    /// Whether `date` lies within `notBefore...notAfter`.
    public func isValid(at date: Date) -> Bool {
        notBefore <= date && date <= notAfter
    }
}
