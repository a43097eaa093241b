extension MetadataReader {
    /// The certificates in `md:KeyDescriptor/ds:KeyInfo/ds:X509Data/ds:X509Certificate` of one role, merged by
    /// SHA-256 fingerprint (uses combined, first line kept), and the certificates that could not be parsed.
    mutating func readKeyDescriptors(
        _ elements: [ElementNode]
    ) -> (keyDescriptors: [KeyDescriptor], problems: [CertificateProblem]) {
        var merged: [KeyDescriptor] = []
        var indexByFingerprint: [String: Int] = [:]
        var problems: [CertificateProblem] = []
        // Roles repeat certificates (rollover lists, one KeyDescriptor per use): decode each text once.
        var decoded: [String: Result<X509CertificateInfo, X509CertificateInfo.DecodingFailure>] = [:]
        for element in elements {
            let use = keyUse(of: element)
            let certificates = element.children(.keyInfo).flatMap { $0.children(.x509Data) }
                .flatMap { $0.children(.x509Certificate) }
            for certificate in certificates {
                let text = certificate.text
                let result = decoded[text] ?? X509CertificateInfo.decode(base64: text)
                decoded[text] = result
                switch result {
                case .failure(let failure):
                    problems.append(CertificateProblem(use: use, line: certificate.line, reason: failure.reason))
                case .success(let info):
                    if let index = indexByFingerprint[info.sha256Fingerprint] {
                        let existing = merged[index]
                        merged[index] = KeyDescriptor(
                            uses: (existing.uses + [use]).uniqued(), certificate: existing.certificate,
                            line: existing.line)
                    } else {
                        indexByFingerprint[info.sha256Fingerprint] = merged.count
                        merged.append(KeyDescriptor(uses: [use], certificate: info, line: element.line))
                    }
                }
            }
        }
        return (merged, problems)
    }

    /// `use`: `signing`, `encryption`, or absent (both). Any other value is not in the schema's enumeration; it is
    /// read as absent, with a warning, so the key is still shown.
    private mutating func keyUse(of element: ElementNode) -> KeyDescriptor.Use {
        guard let text = element.attribute("use") else { return .unspecified }
        switch text.trimmingXMLWhitespace() {
        case "signing": return .signing
        case "encryption": return .encryption
        default:
            warn(element, "KeyDescriptor use \"\(text)\" is neither signing nor encryption; read as unspecified")
            return .unspecified
        }
    }
}
