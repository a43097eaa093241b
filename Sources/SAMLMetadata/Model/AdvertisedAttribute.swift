/// An attribute or claim that a role says it sends or wants.
///
/// Sources, by ``Source``:
/// - `saml:Attribute` children of an `IDPSSODescriptor` or `AttributeAuthorityDescriptor`: attributes the identity
///   provider can release (SAML 2.0 Metadata, saml-metadata-2.0-os §2.4.3, §2.4.7).
/// - `md:RequestedAttribute` in an SP's `AttributeConsumingService` (§2.4.4.2), with `isRequired`.
/// - `auth:ClaimType/@Uri` in `fed:ClaimTypesOffered` of a WS-Federation `RoleDescriptor`
///   (WS-Federation 1.2 §3.1.2.2; `ClaimType` is in `http://docs.oasis-open.org/wsfed/authorization/200706`),
///   as Entra ID and AD FS publish their claims; the claim's `auth:DisplayName` becomes ``friendlyName``.
///
/// Elements without a `Name` (or `Uri`) are skipped with a warning. Values are kept as written, stray spaces included.
public struct AdvertisedAttribute: Sendable, Equatable, Codable {
    /// Which element the attribute came from.
    public enum Source: String, Sendable, Equatable, Codable, CaseIterable {
        /// `saml:Attribute` in the role.
        case attribute
        /// `md:RequestedAttribute` in the role's `AttributeConsumingService`.
        case requestedAttribute
        /// `auth:ClaimType` in the role's `fed:ClaimTypesOffered`.
        case claimTypeOffered
    }

    /// Which element the attribute came from.
    public let source: Source
    /// `Name` (or the claim's `Uri`), e.g. `http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress`.
    public let name: String
    /// `NameFormat`, when present (claims have none).
    public let nameFormat: String?
    /// `FriendlyName`, or the claim's `DisplayName`, when present.
    public let friendlyName: String?
    /// `isRequired` of a `RequestedAttribute` (`false` when absent, the schema default); `nil` for the other sources.
    public let isRequired: Bool?

    /// Creates an attribute.
    public init(
        source: Source, name: String, nameFormat: String? = nil, friendlyName: String? = nil, isRequired: Bool? = nil
    ) {
        self.source = source
        self.name = name
        self.nameFormat = nameFormat
        self.friendlyName = friendlyName
        self.isRequired = isRequired
    }
}
