/// A `md:NameIDFormat` URI that a role says it supports (SAML 2.0 Metadata, saml-metadata-2.0-os §2.4.2), with the
/// classification the reconciler needs to derive each user's expected `NameID`.
///
/// ```swift
/// let format = NameIDFormat(rawValue: "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress")
/// format.kind                 // .emailAddress → compare with the user's primary e-mail
/// NameIDFormat.transient.identifiesAccounts  // false: a new value every session
/// ```
///
/// The URI is kept exactly as published (after trimming surrounding whitespace); formats are listed in document
/// order without duplicates. Identifier formats are defined in SAML 2.0 Core (saml-core-2.0-os) §8.3.
public struct NameIDFormat: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// How a `NameID` of this format relates to an account.
    public enum Kind: String, Sendable, Equatable, Codable, CaseIterable {
        /// `urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress` (saml-core §8.3.2): the user's e-mail address.
        /// The non-standard `…:SAML:2.0:nameid-format:emailAddress`, which some identity providers publish,
        /// is classified here too.
        case emailAddress
        /// `urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified` (§8.3.1): whatever the identity provider sends,
        /// in practice the login name. `…:SAML:2.0:nameid-format:unspecified` is classified here too.
        case unspecified
        /// `urn:oasis:names:tc:SAML:2.0:nameid-format:persistent` (§8.3.7): an opaque, stable per-user identifier.
        case persistent
        /// `urn:oasis:names:tc:SAML:2.0:nameid-format:transient` (§8.3.8): a one-time value that changes every
        /// session. It can never identify an account.
        case transient
        /// Any other URI (X.509 subject, Kerberos, entity, Shibboleth's `urn:mace:shibboleth:1.0:nameIdentifier`…).
        case other
    }

    /// The format URI.
    public let rawValue: String

    /// Creates a format from its URI.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// `urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress`.
    public static let emailAddress = NameIDFormat(rawValue: "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress")
    /// `urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified`.
    public static let unspecified = NameIDFormat(rawValue: "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified")
    /// `urn:oasis:names:tc:SAML:2.0:nameid-format:persistent`.
    public static let persistent = NameIDFormat(rawValue: "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent")
    /// `urn:oasis:names:tc:SAML:2.0:nameid-format:transient`.
    public static let transient = NameIDFormat(rawValue: "urn:oasis:names:tc:SAML:2.0:nameid-format:transient")

    /// The classification of this URI; URIs compare case-sensitively, as URIs do.
    public var kind: Kind {
        switch rawValue {
        case Self.emailAddress.rawValue, "urn:oasis:names:tc:SAML:2.0:nameid-format:emailAddress": .emailAddress
        case Self.unspecified.rawValue, "urn:oasis:names:tc:SAML:2.0:nameid-format:unspecified": .unspecified
        case Self.persistent.rawValue: .persistent
        case Self.transient.rawValue: .transient
        default: .other
        }
    }

    /// `false` only for ``Kind/transient``, whose values change every session and so cannot be matched to accounts.
    public var identifiesAccounts: Bool {
        kind != .transient
    }

    /// The URI.
    public var description: String {
        rawValue
    }
}
