extension MetadataReader {
    /// Reads one role descriptor: its kind-independent facts and every child this module extracts.
    mutating func readRole(_ element: ElementNode, kind: RoleDescriptor.Kind) -> RoleDescriptor {
        let keys = readKeyDescriptors(element.children(.keyDescriptor))
        return RoleDescriptor(
            kind: kind,
            xsiType: xsiType(of: element),
            protocolSupportEnumeration: Self.protocols(of: element),
            validUntil: validUntil(of: element),
            cacheDuration: cacheDuration(of: element),
            wantAuthnRequestsSigned: boolean("WantAuthnRequestsSigned", of: element),
            wantAssertionsSigned: boolean("WantAssertionsSigned", of: element),
            nameIDFormats: nameIDFormats(of: element),
            singleSignOnServices: readEndpoints(element.children(.singleSignOnService)),
            singleLogoutServices: readEndpoints(element.children(.singleLogoutService)),
            assertionConsumerServices: readEndpoints(element.children(.assertionConsumerService)),
            keyDescriptors: keys.keyDescriptors,
            certificateProblems: keys.problems,
            attributes: readAttributes(of: element),
            line: element.line)
    }

    /// `xsi:type` resolved against the namespaces in scope, as `{namespace}localName`.
    private mutating func xsiType(of element: ElementNode) -> String? {
        guard let value = element.attribute("type", namespace: Namespace.xsi)?.trimmingXMLWhitespace() else {
            return nil
        }
        let parts = value.split(separator: ":", maxSplits: 1).map(String.init)
        let (prefix, localName) = parts.count == 2 ? (parts[0], parts[1]) : (nil, value)
        guard let namespace = element.namespaceURI(forPrefix: prefix) else {
            warn(element, "xsi:type \"\(value)\" uses an undeclared prefix; kept as written")
            return value
        }
        return "{\(namespace)}\(localName)"
    }

    /// Trimmed, non-empty `NameIDFormat`s without duplicates.
    private func nameIDFormats(of role: ElementNode) -> [NameIDFormat] {
        role.children(.nameIDFormat).compactMap { nonEmpty($0.text).map(NameIDFormat.init(rawValue:)) }.uniqued()
    }

    /// Endpoints with both `Binding` and `Location`, without duplicates; others are skipped with a warning.
    private mutating func readEndpoints(_ elements: [ElementNode]) -> [Endpoint] {
        var endpoints: [Endpoint] = []
        for element in elements {
            guard let binding = nonEmpty(element.attribute("Binding")),
                let location = nonEmpty(element.attribute("Location"))
            else {
                let missing = nonEmpty(element.attribute("Binding")) == nil ? "Binding" : "Location"
                let lowerCase = element.attribute(missing.lowercased()) != nil
                warn(
                    element,
                    "\(element.localName) has no \(missing) attribute"
                        + (lowerCase ? " (\"\(missing.lowercased())\" is not the same: names are case-sensitive)" : "")
                        + "; endpoint skipped")
                continue
            }
            endpoints.append(
                Endpoint(
                    binding: binding,
                    location: location,
                    responseLocation: nonEmpty(element.attribute("ResponseLocation")),
                    index: index(of: element),
                    isDefault: boolean("isDefault", of: element)))
        }
        return endpoints.uniqued()
    }

    /// `index` of an indexed endpoint (xs:unsignedShort); an invalid one is ignored with a warning.
    private mutating func index(of element: ElementNode) -> Int? {
        guard let text = element.attribute("index") else { return nil }
        guard let value = UInt16(text.trimmingXMLWhitespace()) else {
            warn(element, "\(element.localName) index \"\(text)\" is not an unsigned short; ignored")
            return nil
        }
        return Int(value)
    }
}

extension Array where Element: Hashable {
    /// The elements without repeats, first occurrences kept in order.
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
