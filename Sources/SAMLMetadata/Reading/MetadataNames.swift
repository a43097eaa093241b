/// Namespace URIs and element names read from SAML metadata. Matching is by these, never by prefix.
enum Namespace {
    static let metadata = "urn:oasis:names:tc:SAML:2.0:metadata"
    static let assertion = "urn:oasis:names:tc:SAML:2.0:assertion"
    static let xmldsig = "http://www.w3.org/2000/09/xmldsig#"
    static let xsi = "http://www.w3.org/2001/XMLSchema-instance"
    static let wsFederation = "http://docs.oasis-open.org/wsfed/federation/200706"
    static let wsFederationAuthorization = "http://docs.oasis-open.org/wsfed/authorization/200706"
}

extension QName {
    static func md(_ localName: String) -> QName {
        QName(namespace: Namespace.metadata, localName: localName)
    }

    static let entityDescriptor = md("EntityDescriptor")
    static let entitiesDescriptor = md("EntitiesDescriptor")
    static let nameIDFormat = md("NameIDFormat")
    static let singleSignOnService = md("SingleSignOnService")
    static let singleLogoutService = md("SingleLogoutService")
    static let assertionConsumerService = md("AssertionConsumerService")
    static let keyDescriptor = md("KeyDescriptor")
    static let attributeConsumingService = md("AttributeConsumingService")
    static let requestedAttribute = md("RequestedAttribute")
    static let attribute = QName(namespace: Namespace.assertion, localName: "Attribute")
    static let keyInfo = QName(namespace: Namespace.xmldsig, localName: "KeyInfo")
    static let x509Data = QName(namespace: Namespace.xmldsig, localName: "X509Data")
    static let x509Certificate = QName(namespace: Namespace.xmldsig, localName: "X509Certificate")
    static let claimTypesOffered = QName(namespace: Namespace.wsFederation, localName: "ClaimTypesOffered")
    static let claimType = QName(namespace: Namespace.wsFederationAuthorization, localName: "ClaimType")
    static let claimDisplayName = QName(namespace: Namespace.wsFederationAuthorization, localName: "DisplayName")
}
