/// A protocol endpoint of a role: `SingleSignOnService`, `SingleLogoutService` (md:EndpointType) or
/// `AssertionConsumerService` (md:IndexedEndpointType), SAML 2.0 Metadata (saml-metadata-2.0-os) §2.2.2–2.2.3.
///
/// ```swift
/// idp.singleSignOnServices.first { $0.binding == SAMLBinding.httpRedirect }?.location
/// // "https://idp.example.org/sso"
/// ```
///
/// An element without `Binding` or `Location` (attribute names are case-sensitive, so `binding=` does not count) is
/// skipped with a ``MetadataWarning``. Identical endpoints listed twice are kept once, in first-seen order.
public struct Endpoint: Sendable, Hashable, Codable {
    /// The binding URI, e.g. ``SAMLBinding/httpPOST``.
    public let binding: String
    /// Where requests go.
    public let location: String
    /// Where responses go when not to ``location`` (`ResponseLocation`), typically on `SingleLogoutService`.
    public let responseLocation: String?
    /// `index` of an indexed endpoint (`AssertionConsumerService`); `nil` on other endpoints.
    public let index: Int?
    /// `isDefault` of an indexed endpoint, when present.
    public let isDefault: Bool?

    /// Creates an endpoint.
    public init(
        binding: String, location: String, responseLocation: String? = nil, index: Int? = nil, isDefault: Bool? = nil
    ) {
        self.binding = binding
        self.location = location
        self.responseLocation = responseLocation
        self.index = index
        self.isDefault = isDefault
    }
}

/// The SAML 2.0 browser bindings (SAML 2.0 Bindings, saml-bindings-2.0-os §3.4–3.5) through which a user's browser
/// can reach an endpoint directly: an identity provider without a `SingleSignOnService` in one of them offers no
/// usable web SSO.
public enum SAMLBinding {
    /// `urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect` (§3.4).
    public static let httpRedirect = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
    /// `urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST` (§3.5).
    public static let httpPOST = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
}
