/// Something in the identity provider's metadata that stops or will stop SAML sign-in to the host app, or that the
/// host app's SAML settings must follow (ARCHITECTURE §7).
///
/// JSON (in ``ReconciliationReport/problems``):
/// ```json
/// {"kind": "signingCertificateExpired", "severity": "error", "line": 12,
///  "message": "signing certificate CN=ADFS Signing - sts.example.org expired on 2019-03-22 (2600 days ago); …"}
/// ```
/// `line` is the line of the metadata element concerned, left out when there is none.
public struct MetadataProblem: Sendable, Hashable, Codable, CustomStringConvertible {
    /// What is wrong. The raw values are part of the report's JSON format.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// The chosen entity has no SAML 2.0 `IDPSSODescriptor` (an SP was chosen with `--entity-id`).
        case noIdentityProvider
        /// The identity provider publishes no usable signing certificate (`KeyDescriptor` with `use="signing"` or
        /// without `use`, saml-metadata-2.0-os §2.4.1.1).
        case noSigningCertificate
        /// A signing certificate's `notAfter` has passed: an error when no other signing certificate is valid now,
        /// a warning when a newer one is published next to it (key rollover).
        case signingCertificateExpired
        /// A signing certificate's `notAfter` falls within the warning window (default 30 days).
        case signingCertificateExpiresSoon
        /// A signing certificate whose names and dates are readable but that strict X.509 parsing refuses (an RSA
        /// key shorter than 2048 bits, a negative serial number): strict SAML libraries may refuse its signatures.
        case weakSigningCertificate
        /// A `ds:X509Certificate` in the identity provider's `KeyDescriptor`s that is not a certificate at all.
        case unreadableCertificate
        /// No `SingleSignOnService` with the HTTP-Redirect or HTTP-POST binding (saml-bindings-2.0-os §3.4, §3.5):
        /// a browser cannot start sign-in.
        case noUsableSingleSignOnService
        /// The metadata's `validUntil` (the earliest of all levels) has passed (saml-metadata-2.0-os §1.2.1).
        case metadataExpired
        /// The entityID differs from the one in the previous report (`STATE/reconcile.json`): the host app's
        /// identity-provider issuer must change with it.
        case entityIDChanged
        /// Every listed `NameIDFormat` is `transient` or unknown: no NameID can identify an account
        /// (SAML 2.0 Core §8.3.8).
        case nameIDFormatCannotIdentifyAccounts
        /// Something the parser skipped or ignored (an invalid `cacheDuration`, an endpoint without `Binding`).
        case metadataWarning
    }

    /// How urgent a problem is.
    public enum Severity: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
        /// Sign-in is broken or the metadata cannot be relied on until it is fixed.
        case error
        /// Sign-in works, but something needs attention.
        case warning

        /// Errors sort before warnings.
        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            lhs == .error && rhs == .warning
        }
    }

    /// What is wrong.
    public let kind: Kind
    /// How urgent it is.
    public let severity: Severity
    /// What is wrong and what to do, in words a person can act on.
    public let message: String
    /// The 1-based line of the metadata element concerned, when there is one.
    public let line: Int?

    /// Creates a problem.
    public init(kind: Kind, severity: Severity, message: String, line: Int? = nil) {
        self.kind = kind
        self.severity = severity
        self.message = message
        self.line = line
    }

    /// `error: line 12: message`, or without the line when there is none.
    public var description: String {
        "\(severity.rawValue): " + (line.map { "line \($0): " } ?? "") + message
    }
}
