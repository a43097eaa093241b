extension MetadataReader {
    /// The role's `saml:Attribute`s, the `RequestedAttribute`s of its `AttributeConsumingService`s and the claims of
    /// its `fed:ClaimTypesOffered`, in that order.
    mutating func readAttributes(of role: ElementNode) -> [AdvertisedAttribute] {
        let released = role.children(.attribute).compactMap { samlAttribute($0, source: .attribute) }
        let requested = role.children(.attributeConsumingService).flatMap { $0.children(.requestedAttribute) }
            .compactMap { samlAttribute($0, source: .requestedAttribute) }
        let claims = role.children(.claimTypesOffered).flatMap { $0.children(.claimType) }.compactMap { claimType($0) }
        return released + requested + claims
    }

    /// A `saml:Attribute` or `md:RequestedAttribute` (which extends it with `isRequired`).
    private mutating func samlAttribute(_ element: ElementNode, source: AdvertisedAttribute.Source)
        -> AdvertisedAttribute?
    {
        guard let name = element.attribute("Name"), !name.isEmpty else {
            warn(element, "\(element.localName) has no Name attribute; skipped")
            return nil
        }
        return AdvertisedAttribute(
            source: source,
            name: name,
            nameFormat: element.attribute("NameFormat"),
            friendlyName: element.attribute("FriendlyName"),
            isRequired: source == .requestedAttribute ? boolean("isRequired", of: element) ?? false : nil)
    }

    /// An `auth:ClaimType`: its `Uri`, and its `DisplayName` as the friendly name.
    private mutating func claimType(_ element: ElementNode) -> AdvertisedAttribute? {
        guard let uri = nonEmpty(element.attribute("Uri")) else {
            warn(element, "ClaimType has no Uri attribute; skipped")
            return nil
        }
        let displayName = element.children(.claimDisplayName).first.flatMap { nonEmpty($0.text) }
        return AdvertisedAttribute(source: .claimTypeOffered, name: uri, friendlyName: displayName)
    }
}
