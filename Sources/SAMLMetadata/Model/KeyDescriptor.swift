/// A certificate a role publishes in its `md:KeyDescriptor` elements (SAML 2.0 Metadata, saml-metadata-2.0-os
/// §2.4.1.1), merged by fingerprint.
///
/// Only `md:KeyDescriptor/ds:KeyInfo/ds:X509Data/ds:X509Certificate` children of the role itself are read: never the
/// document's own `ds:Signature/ds:KeyInfo`, nor another role's keys. The same certificate published twice (key
/// rollover lists, or once with `use="signing"` and once with `use="encryption"`) becomes one value whose ``uses``
/// lists every declared use.
///
/// ```swift
/// let signing = idp.keyDescriptors.filter(\.isSigning)
/// signing.map(\.certificate.notAfter)  // the dates to warn about before they pass
/// ```
public struct KeyDescriptor: Sendable, Equatable, Codable {
    /// The `use` attribute of a `KeyDescriptor` (§2.4.1.1).
    public enum Use: String, Sendable, Hashable, Codable, CaseIterable {
        /// `use="signing"`.
        case signing
        /// `use="encryption"`.
        case encryption
        /// No `use` attribute: the key serves both purposes.
        case unspecified
    }

    /// The uses declared for this certificate in the role, each once, in document order.
    public let uses: [Use]
    /// The parsed certificate.
    public let certificate: X509CertificateInfo
    /// The line of the first `KeyDescriptor` that carries the certificate.
    public let line: Int

    /// Creates a key descriptor.
    public init(uses: [Use], certificate: X509CertificateInfo, line: Int) {
        self.uses = uses
        self.certificate = certificate
        self.line = line
    }

    /// Whether the identity provider may sign with this key: `use="signing"` or no `use`.
    public var isSigning: Bool {
        uses.contains(.signing) || uses.contains(.unspecified)
    }

    /// Whether the key may be used to encrypt to this role: `use="encryption"` or no `use`.
    public var isEncryption: Bool {
        uses.contains(.encryption) || uses.contains(.unspecified)
    }
}
