import Deprovisioning
import Foundation
import SAMLMetadata
import Testing

/// The metadata problems a reconciliation reports, on the corpus of real identity-provider metadata
/// (ARCHITECTURE §7; facts in `Tests/SAMLMetadataTests/Fixtures/MANIFEST.md`).
@Suite struct ReconciliationMetadataProblemTests {
    private func problems(
        _ file: String, entityID: String? = nil, previousEntityID: String? = nil, now: Date = ReconciliationFixture.now,
        window: Int = 30
    ) throws -> [MetadataProblem] {
        MetadataInspector(now: now, expiryWarningDays: window).problems(
            in: try ReconciliationFixture.metadata(file, entityID: entityID), previousEntityID: previousEntityID)
    }

    private func kinds(_ problems: [MetadataProblem]) -> [MetadataProblem.Kind] {
        problems.map(\.kind)
    }

    @Test func currentOktaAndEntraMetadataHaveNoProblems() throws {
        #expect(try problems("okta-idp.xml").isEmpty)
        #expect(try problems("entra-id-federationmetadata.xml").isEmpty)
        #expect(try problems("keycloak-idp.xml").isEmpty)
    }

    @Test func expiredOnlySigningCertificateIsAnError() throws {
        let found = try problems("adfs-federationmetadata.xml")
        #expect(kinds(found) == [.signingCertificateExpired])
        let problem = try #require(found.first)
        #expect(problem.severity == .error)
        #expect(problem.message.contains("CN=ADFS Signing - sts.sempreser.com.br expired on 2019-03-22"))
        #expect(problem.line != nil)
    }

    @Test func expiredCertificateNextToAValidOneIsAWarning() throws {
        func key(_ subject: String, notAfter: Date, line: Int) -> KeyDescriptor {
            KeyDescriptor(
                uses: [.signing],
                certificate: X509CertificateInfo(
                    subject: subject, issuer: subject, serialNumber: "01", notBefore: Date(timeIntervalSince1970: 0),
                    notAfter: notAfter, sha256Fingerprint: subject, base64DER: ""),
                line: line)
        }
        let now = ReconciliationFixture.now
        let document = Self.document(
            keys: [
                key("CN=old", notAfter: now.addingTimeInterval(-86_400 * 3), line: 4),
                key("CN=new", notAfter: now.addingTimeInterval(86_400 * 400), line: 9),
            ])
        let found = MetadataInspector(now: now).problems(in: document, previousEntityID: nil)
        #expect(found.map(\.kind) == [.signingCertificateExpired])
        #expect(found.first?.severity == .warning)
        #expect(found.first?.line == 4)
        #expect(found.first?.message.contains("3 days ago") == true)
    }

    @Test func signingCertificateWithinTheWindowExpiresSoon() throws {
        // Okta's certificate ends 2028-09-07T14:33:59Z.
        let now = try Date("2028-08-20T00:00:00Z", strategy: .iso8601)
        let found = try problems("okta-idp.xml", now: now)
        #expect(kinds(found) == [.signingCertificateExpiresSoon])
        #expect(found.first?.severity == .warning)
        #expect(found.first?.message.contains("expires on 2028-09-07, in 18 days") == true)
        #expect(try problems("okta-idp.xml", now: now, window: 10).isEmpty)
    }

    @Test func transientOnlyFormatsCannotIdentifyAccounts() throws {
        let found = try problems("idp-rollover-multiple-signing-certs.xml")
        let problem = try #require(found.first { $0.kind == .nameIDFormatCannotIdentifyAccounts })
        #expect(problem.severity == .error)
        #expect(problem.message.contains("only transient NameIDs"))
        // Both of its certificates have expired, and one has a 1024-bit key.
        #expect(found.filter { $0.kind == .signingCertificateExpired }.count == 2)
        #expect(found.contains { $0.kind == .weakSigningCertificate && $0.message.contains("2048") })
    }

    @Test func unknownAndTransientFormatsCannotIdentifyAccountsEither() throws {
        let found = try problems("shibboleth-idp-testshib.xml")
        let problem = try #require(found.first { $0.kind == .nameIDFormatCannotIdentifyAccounts })
        #expect(problem.message.contains("urn:mace:shibboleth:1.0:nameIdentifier, transient"))
    }

    @Test func pastValidUntilIsAnErrorWithTheDate() throws {
        let found = try problems("google-workspace-idp.xml")
        let problem = try #require(found.first { $0.kind == .metadataExpired })
        #expect(problem.severity == .error)
        #expect(problem.message.contains("expired on 2021-01-03"))
        #expect(problem.line == 2)
    }

    @Test func validUntilOfAnEnclosingEntitiesDescriptorCounts() throws {
        let found = try problems(
            "entities-sp-and-two-idps.xml", entityID: "https://foo.example.com/access/saml/idp.xml")
        #expect(found.contains { $0.kind == .metadataExpired && $0.message.contains("2014-04-17") })
    }

    @Test func undecodableCertificatesLeaveNoSigningCertificate() throws {
        let found = try problems(
            "entities-sp-and-two-idps.xml", entityID: "https://foo.example.com/access/saml/idp.xml")
        #expect(found.filter { $0.kind == .unreadableCertificate }.count == 2)
        #expect(found.contains { $0.kind == .noSigningCertificate && $0.severity == .error })
    }

    @Test func certificateThatStrictParsingRefusesIsAWarning() throws {
        let found = try problems("idp-kitchen-sink-sustainsys.xml")
        #expect(kinds(found) == [.weakSigningCertificate])
        #expect(found.first?.message.contains("invalidASN1IntegerEncoding") == true)
    }

    @Test func changedEntityIDIsReportedAndAnUnchangedOneIsNot() throws {
        let found = try problems("okta-idp.xml", previousEntityID: "http://www.okta.com/exkOLD")
        #expect(kinds(found) == [.entityIDChanged])
        #expect(found.first?.message.contains("\"http://www.okta.com/exkOLD\"") == true)
        #expect(try problems("okta-idp.xml", previousEntityID: "http://www.okta.com/exkppsa1qwuFV4D7z0h7").isEmpty)
    }

    @Test func serviceProviderChosenByEntityIDIsNoIdentityProvider() throws {
        let found = try problems(
            "entities-sp-and-two-idps.xml", entityID: "https://biz.example.com/app")
        let problem = try #require(found.first { $0.kind == .noIdentityProvider })
        #expect(problem.message.contains("\"https://foo.example.com/access/saml/idp.xml\""))
    }

    @Test func noBrowserBindingMeansNoUsableSingleSignOnService() throws {
        let soap = Endpoint(
            binding: "urn:oasis:names:tc:SAML:2.0:bindings:SOAP", location: "https://idp.example.org/soap")
        let found = MetadataInspector(now: ReconciliationFixture.now).problems(
            in: Self.document(endpoints: [soap]), previousEntityID: nil)
        let problem = try #require(found.first { $0.kind == .noUsableSingleSignOnService })
        #expect(problem.message.contains("found: urn:oasis:names:tc:SAML:2.0:bindings:SOAP"))
        #expect(problem.severity == .error)
    }

    @Test func parserWarningsBecomeWarnings() throws {
        let found = try problems("idp-validuntil-cacheduration-attributes.xml")
        let warning = try #require(found.first { $0.kind == .metadataWarning })
        #expect(warning.line == 2)
        #expect(warning.message.contains("P2DT"))
    }

    @Test func errorsComeBeforeWarnings() throws {
        let found = try problems("idp-rollover-multiple-signing-certs.xml", previousEntityID: "urn:other")
        let severities = found.map(\.severity)
        #expect(severities == severities.sorted())
        #expect(severities.first == .error)
        #expect(severities.last == .warning)
    }

    /// An identity provider with the given endpoints and keys.
    private static func document(
        endpoints: [Endpoint] = [Endpoint(binding: SAMLBinding.httpPOST, location: "https://idp.example.org/sso")],
        keys: [KeyDescriptor] = []
    ) -> MetadataDocument {
        let role = RoleDescriptor(
            kind: .idpSSODescriptor, protocolSupportEnumeration: [RoleDescriptor.saml2Protocol],
            nameIDFormats: [.emailAddress], singleSignOnServices: endpoints, keyDescriptors: keys, line: 3)
        return MetadataDocument(
            entity: EntityDescriptor(entityID: "https://idp.example.org", roles: [role], line: 2),
            enclosingEntitiesDescriptors: [], entities: [], warnings: [])
    }
}
