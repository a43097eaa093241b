public import Foundation
public import SAMLMetadata

/// Finds the ``MetadataProblem``s of a parsed metadata document (ARCHITECTURE §7): certificates, endpoints,
/// validity, NameID formats, a changed entityID and the parser's own warnings.
///
/// ```swift
/// let inspector = MetadataInspector(now: Date(), expiryWarningDays: 30)
/// let problems = inspector.problems(in: document, previousEntityID: "http://www.okta.com/exk1")
/// problems.filter { $0.severity == .error }
/// ```
///
/// Only the chosen identity provider's role is inspected; an aggregate's other entities are not. Problems come
/// errors first, then in the order the checks run.
public struct MetadataInspector: Sendable {
    /// The instant certificates and `validUntil` are judged at.
    public var now: Date
    /// A signing certificate whose `notAfter` is at most this many days after ``now`` is reported as expiring soon.
    public var expiryWarningDays: Int

    /// Creates an inspector.
    ///
    /// - Parameter expiryWarningDays: the warning window in days (default 30).
    public init(now: Date, expiryWarningDays: Int = 30) {
        self.now = now
        self.expiryWarningDays = expiryWarningDays
    }

    /// Every problem of `document`.
    ///
    /// - Parameter previousEntityID: the entityID of the previous report, if there was one.
    public func problems(in document: MetadataDocument, previousEntityID: String?) -> [MetadataProblem] {
        var problems: [MetadataProblem] = []
        let entityID = document.entity.entityID
        if let previousEntityID, previousEntityID != entityID {
            problems.append(
                MetadataProblem(
                    kind: .entityIDChanged, severity: .warning,
                    message: "the entityID changed from \"\(previousEntityID)\" (previous report) to \"\(entityID)\"; "
                        + "the host app's identity-provider issuer (entityID) must be changed to match",
                    line: document.entity.line))
        }
        if let expiry = validUntil(of: document), expiry.date < now {
            problems.append(
                MetadataProblem(
                    kind: .metadataExpired, severity: .error,
                    message: "the metadata expired on \(ReportDate.day(expiry.date)) (validUntil, "
                        + "\(ReportDate.days(from: expiry.date, to: now)) days ago); download a current copy from the "
                        + "identity provider",
                    line: expiry.line))
        }
        if let idp = document.identityProvider {
            problems += certificateProblems(idp) + endpointProblems(idp) + nameIDProblems(idp)
        } else {
            let candidates = document.entities.filter(\.isSAML2IdentityProvider).map { "\"\($0.entityID)\"" }
            problems.append(
                MetadataProblem(
                    kind: .noIdentityProvider, severity: .error,
                    message: "entity \"\(entityID)\" has no SAML 2.0 identity-provider role (IDPSSODescriptor "
                        + "supporting \(RoleDescriptor.saml2Protocol)); "
                        + (candidates.isEmpty
                            ? "the document has none"
                            : "choose one with --entity-id: "
                                + candidates.joined(separator: ", ")),
                    line: document.entity.line))
        }
        problems += document.warnings.map {
            MetadataProblem(kind: .metadataWarning, severity: .warning, message: $0.message, line: $0.line)
        }
        return problems.enumerated().sorted { ($0.element.severity, $0.offset) < ($1.element.severity, $1.offset) }
            .map(\.element)
    }

    /// The earliest `validUntil` of the levels that apply to the identity provider, with the line that sets it.
    private func validUntil(of document: MetadataDocument) -> (date: Date, line: Int)? {
        var levels = document.enclosingEntitiesDescriptors.map { ($0.validUntil, $0.line) }
        levels.append((document.entity.validUntil, document.entity.line))
        if let idp = document.identityProvider { levels.append((idp.validUntil, idp.line)) }
        return levels.compactMap { level in level.0.map { (date: $0, line: level.1) } }.min { $0.date < $1.date }
    }

    private func certificateProblems(_ idp: RoleDescriptor) -> [MetadataProblem] {
        var problems: [MetadataProblem] = []
        let signing = idp.signingKeys
        let anyValidNow = signing.contains { $0.certificate.notBefore <= now && now < $0.certificate.notAfter }
        for key in signing {
            let certificate = key.certificate
            let name = "signing certificate \(certificate.subject)"
            let daysLeft = ReportDate.days(from: now, to: certificate.notAfter)
            if certificate.notAfter <= now {
                problems.append(
                    MetadataProblem(
                        kind: .signingCertificateExpired, severity: anyValidNow ? .warning : .error,
                        message: "\(name) expired on \(ReportDate.day(certificate.notAfter)) (\(-daysLeft) days ago); "
                            + (anyValidNow
                                ? "a valid one is published too, so remove the expired one from the identity provider"
                                : "the identity provider must sign with a new certificate, and the host app must "
                                    + "trust it"),
                        line: key.line))
            } else if daysLeft <= expiryWarningDays {
                problems.append(
                    MetadataProblem(
                        kind: .signingCertificateExpiresSoon, severity: .warning,
                        message: "\(name) expires on \(ReportDate.day(certificate.notAfter)), in \(daysLeft) days; "
                            + "publish its successor in the identity provider and add it to the host app before then",
                        line: key.line))
            }
            if let strictProblem = certificate.strictParsingProblem {
                problems.append(
                    MetadataProblem(
                        kind: .weakSigningCertificate, severity: .warning,
                        message: "\(name): \(strictProblem); strict SAML libraries may refuse its signatures",
                        line: key.line))
            }
        }
        problems += idp.certificateProblems.map {
            MetadataProblem(
                kind: .unreadableCertificate, severity: .warning,
                message: "\($0.use.rawValue) certificate: \($0.reason)", line: $0.line)
        }
        if signing.isEmpty {
            problems.append(
                MetadataProblem(
                    kind: .noSigningCertificate, severity: .error,
                    message: "the identity provider publishes no usable signing certificate (KeyDescriptor with "
                        + "use=\"signing\" or without use); the host app cannot verify its assertions",
                    line: idp.line))
        }
        return problems
    }

    private func endpointProblems(_ idp: RoleDescriptor) -> [MetadataProblem] {
        let browserBindings = [SAMLBinding.httpRedirect, SAMLBinding.httpPOST]
        guard !idp.singleSignOnServices.contains(where: { browserBindings.contains($0.binding) }) else { return [] }
        let found = idp.singleSignOnServices.map(\.binding)
        return [
            MetadataProblem(
                kind: .noUsableSingleSignOnService, severity: .error,
                message: "no SingleSignOnService with the HTTP-Redirect or HTTP-POST binding ("
                    + (found.isEmpty ? "none listed" : "found: " + found.joined(separator: ", "))
                    + "); a browser cannot start SAML sign-in",
                line: idp.line)
        ]
    }

    private func nameIDProblems(_ idp: RoleDescriptor) -> [MetadataProblem] {
        let formats = idp.nameIDFormats
        guard !formats.isEmpty, NameIDChoice.preferredFormat(in: formats) == nil else { return [] }
        let listed = formats.map(NameIDChoice.shortName).joined(separator: ", ")
        let reason =
            formats.allSatisfy { $0.kind == .transient }
            ? "the identity provider offers only transient NameIDs, which change at every sign-in and cannot "
                + "identify an account"
            : "none of the NameID formats (\(listed)) can identify an account by a SCIM attribute"
        return [
            MetadataProblem(
                kind: .nameIDFormatCannotIdentifyAccounts, severity: .error,
                message: reason + "; configure an emailAddress, persistent or unspecified NameID in the identity "
                    + "provider, or pass --name-id",
                line: idp.line)
        ]
    }
}
