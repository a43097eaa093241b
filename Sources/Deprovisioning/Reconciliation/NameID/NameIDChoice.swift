public import SAMLMetadata

/// Which user attribute each expected `NameID` is taken from, and why (ARCHITECTURE §7).
///
/// ```swift
/// let choice = NameIDChoice(formats: idp.nameIDFormats, override: nil)
/// choice.source       // .email for Okta's [unspecified, emailAddress]
/// choice.basis        // .metadata
/// choice.explanation  // "the metadata lists unspecified, emailAddress; emailAddress is preferred …"
/// ```
///
/// The rule, in order:
/// 1. `--name-id` (``Basis/override``) wins.
/// 2. Otherwise the metadata's formats decide, preferring ``preference``: `emailAddress` (the primary e-mail), then
///    `persistent` (`externalId`), then `unspecified` (`userName`). E-mail comes first because host apps that
///    provisioned accounts at SAML sign-in key them by e-mail; `persistent` beats `unspecified` because it is the
///    stable identifier SAML 2.0 Core §8.3.7 defines, while `unspecified` is whatever the identity provider sends.
/// 3. Metadata that lists no `NameIDFormat` lets the identity provider send any format (SAML 2.0 Metadata §2.4.1
///    makes the element optional; SAML 2.0 Core §8.3.1 `unspecified` applies): `userName` (``Basis/assumedUnspecified``).
/// 4. Metadata whose formats are all `transient` or unknown offers no NameID a SCIM user can be matched on: the
///    primary e-mail is used as the likeliest key of host accounts (``Basis/fallback``), and the report carries a
///    ``MetadataProblem/Kind/nameIDFormatCannotIdentifyAccounts`` problem.
public struct NameIDChoice: Sendable, Hashable, Codable {
    /// What decided the source.
    public enum Basis: String, Sendable, Hashable, Codable, CaseIterable {
        /// `--name-id`.
        case override
        /// The preferred format the metadata lists.
        case metadata
        /// The metadata lists no `NameIDFormat`.
        case assumedUnspecified
        /// No listed format can be derived from a SCIM user.
        case fallback
    }

    /// The format kinds that can be derived from a SCIM user, most preferred first.
    public static let preference: [NameIDFormat.Kind] = [.emailAddress, .persistent, .unspecified]

    /// The attribute each NameID is taken from.
    public let source: NameIDSource
    /// The metadata's format URI that corresponds to ``source``, when the metadata lists one.
    public let format: String?
    /// What decided ``source``.
    public let basis: Basis
    /// One sentence for a person: what was chosen and why.
    public let explanation: String

    /// Chooses the source for an identity provider's formats (see the type's documentation for the rule).
    ///
    /// - Parameters:
    ///   - formats: the identity provider's `NameIDFormat`s in document order; empty when it lists none.
    ///   - override: the `--name-id` value, if given.
    public init(formats: [NameIDFormat], override: NameIDSource?) {
        let listed = formats.map { Self.shortName($0) }.joined(separator: ", ")
        if let override {
            source = override
            format = formats.first { $0.kind == override.formatKind }?.rawValue
            basis = .override
            explanation = "--name-id \(override) takes each NameID from the user's \(Self.attributeName(override))"
        } else if let preferred = Self.preferredFormat(in: formats),
            let derived = NameIDSource(formatKind: preferred.kind)
        {
            source = derived
            format = preferred.rawValue
            basis = .metadata
            explanation =
                "the metadata lists \(listed); \(Self.shortName(preferred)) is preferred (then persistent, "
                + "then unspecified), so each NameID is the user's \(Self.attributeName(derived))"
        } else if formats.isEmpty {
            source = .userName
            format = nil
            basis = .assumedUnspecified
            explanation =
                "the metadata lists no NameIDFormat, so the identity provider may send any (unspecified, "
                + "SAML 2.0 Core §8.3.1); each NameID is taken to be the user's userName"
        } else {
            source = .email
            format = nil
            basis = .fallback
            explanation =
                "no listed format (\(listed)) can be derived from a SCIM user; each NameID falls back to "
                + "the user's primary e-mail (choose with --name-id)"
        }
    }

    /// The listed format whose kind comes first in ``preference``, or `nil` when none can be derived from a user.
    public static func preferredFormat(in formats: [NameIDFormat]) -> NameIDFormat? {
        preference.lazy.compactMap { kind in formats.first { $0.kind == kind } }.first
    }

    /// `emailAddress`, `persistent`, …: the last part of a standard format URI; other URIs whole.
    static func shortName(_ format: NameIDFormat) -> String {
        format.kind == .other ? format.rawValue : format.kind.rawValue
    }

    private static func attributeName(_ source: NameIDSource) -> String {
        source == .email ? "primary e-mail" : source.rawValue
    }
}
