public import Foundation

/// One role of an entity: an `md:IDPSSODescriptor`, `md:SPSSODescriptor`, `md:AttributeAuthorityDescriptor`,
/// `md:AuthnAuthorityDescriptor`, `md:PDPDescriptor` or extension `md:RoleDescriptor`
/// (SAML 2.0 Metadata, saml-metadata-2.0-os §2.4).
///
/// ```swift
/// let idp = document.identityProvider!            // the SAML 2.0 IDPSSODescriptor
/// idp.nameIDFormats.map(\.kind)                   // [.unspecified, .emailAddress]
/// idp.singleSignOnServices.map(\.binding)         // [HTTP-POST, HTTP-Redirect]
/// idp.keyDescriptors.filter(\.isSigning).count    // 1
/// ```
///
/// Every list keeps document order and drops exact duplicates. Elements a role does not define come out empty
/// (an SP has no `SingleSignOnService`); unknown and misspelled elements are ignored.
public struct RoleDescriptor: Sendable, Equatable, Codable {
    /// Which role element this is.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// `md:IDPSSODescriptor` (§2.4.3).
        case idpSSODescriptor = "IDPSSODescriptor"
        /// `md:SPSSODescriptor` (§2.4.4).
        case spSSODescriptor = "SPSSODescriptor"
        /// `md:AuthnAuthorityDescriptor` (§2.4.5).
        case authnAuthorityDescriptor = "AuthnAuthorityDescriptor"
        /// `md:PDPDescriptor` (§2.4.6).
        case pdpDescriptor = "PDPDescriptor"
        /// `md:AttributeAuthorityDescriptor` (§2.4.7).
        case attributeAuthorityDescriptor = "AttributeAuthorityDescriptor"
        /// `md:RoleDescriptor` with an `xsi:type` extension (§2.4.1), e.g. WS-Federation's
        /// `fed:SecurityTokenServiceType`; see ``RoleDescriptor/xsiType``.
        case roleDescriptor = "RoleDescriptor"
    }

    /// The SAML 2.0 protocol URI, `urn:oasis:names:tc:SAML:2.0:protocol`.
    public static let saml2Protocol = "urn:oasis:names:tc:SAML:2.0:protocol"

    /// Which role element this is.
    public let kind: Kind
    /// The `xsi:type` of a `RoleDescriptor` resolved to `{namespace}localName`, e.g.
    /// `{http://docs.oasis-open.org/wsfed/federation/200706}SecurityTokenServiceType`; `nil` when absent.
    public let xsiType: String?
    /// The protocol URIs of `protocolSupportEnumeration`, split on whitespace.
    public let protocolSupportEnumeration: [String]
    /// The role's own `validUntil`, when present and valid (see ``MetadataDocument/validUntil`` for all levels).
    public let validUntil: Date?
    /// The role's own `cacheDuration`, when present and valid.
    public let cacheDuration: XSDuration?
    /// `WantAuthnRequestsSigned` of an `IDPSSODescriptor`, when present.
    public let wantAuthnRequestsSigned: Bool?
    /// `WantAssertionsSigned` of an `SPSSODescriptor`, when present.
    public let wantAssertionsSigned: Bool?
    /// `md:NameIDFormat`s, trimmed (§2.4.2).
    public let nameIDFormats: [NameIDFormat]
    /// `md:SingleSignOnService` endpoints of an identity provider (§2.4.3).
    public let singleSignOnServices: [Endpoint]
    /// `md:SingleLogoutService` endpoints (§2.4.2).
    public let singleLogoutServices: [Endpoint]
    /// `md:AssertionConsumerService` endpoints of a service provider (§2.4.4).
    public let assertionConsumerServices: [Endpoint]
    /// The role's certificates from `md:KeyDescriptor`, one per SHA-256 fingerprint.
    public let keyDescriptors: [KeyDescriptor]
    /// Certificates in the role's `KeyDescriptor`s that could not be parsed.
    public let certificateProblems: [CertificateProblem]
    /// Attributes and claims the role advertises or requests.
    public let attributes: [AdvertisedAttribute]
    /// The line of the role's start tag.
    public let line: Int

    /// Creates a role.
    public init(
        kind: Kind, xsiType: String? = nil, protocolSupportEnumeration: [String], validUntil: Date? = nil,
        cacheDuration: XSDuration? = nil, wantAuthnRequestsSigned: Bool? = nil, wantAssertionsSigned: Bool? = nil,
        nameIDFormats: [NameIDFormat] = [], singleSignOnServices: [Endpoint] = [],
        singleLogoutServices: [Endpoint] = [],
        assertionConsumerServices: [Endpoint] = [], keyDescriptors: [KeyDescriptor] = [],
        certificateProblems: [CertificateProblem] = [], attributes: [AdvertisedAttribute] = [], line: Int
    ) {
        self.kind = kind
        self.xsiType = xsiType
        self.protocolSupportEnumeration = protocolSupportEnumeration
        self.validUntil = validUntil
        self.cacheDuration = cacheDuration
        self.wantAuthnRequestsSigned = wantAuthnRequestsSigned
        self.wantAssertionsSigned = wantAssertionsSigned
        self.nameIDFormats = nameIDFormats
        self.singleSignOnServices = singleSignOnServices
        self.singleLogoutServices = singleLogoutServices
        self.assertionConsumerServices = assertionConsumerServices
        self.keyDescriptors = keyDescriptors
        self.certificateProblems = certificateProblems
        self.attributes = attributes
        self.line = line
    }

    /// Whether this is a SAML 2.0 identity provider: an `IDPSSODescriptor` whose `protocolSupportEnumeration`
    /// contains ``saml2Protocol``. SAML 1.1- or Shibboleth-only identity providers are not.
    public var isSAML2IdentityProvider: Bool {
        kind == .idpSSODescriptor && protocolSupportEnumeration.contains(Self.saml2Protocol)
    }

    /// The certificates that may sign for this role (`use="signing"` or no `use`).
    public var signingKeys: [KeyDescriptor] {
        keyDescriptors.filter(\.isSigning)
    }

    /// The certificates that may be used to encrypt to this role (`use="encryption"` or no `use`).
    public var encryptionKeys: [KeyDescriptor] {
        keyDescriptors.filter(\.isEncryption)
    }
}
