import Foundation
import Testing

@testable import SAMLMetadata

/// Entity selection and extraction on small hand-written documents, one trap each.
@Suite("Metadata reader")
struct MetadataReaderTests {
    static let ns = """
        xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" \
        xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"
        """

    /// An EntityDescriptor with a SAML 2.0 IdP role holding `roleBody`.
    static func idp(_ entityID: String, attributes: String = "", roleAttributes: String = "", roleBody: String = "")
        -> String
    {
        """
        <md:EntityDescriptor entityID="\(entityID)" \(attributes)>
        <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol" \(roleAttributes)>\(roleBody)
        </md:IDPSSODescriptor>
        </md:EntityDescriptor>
        """
    }

    private func parse(_ text: String, entityID: String? = nil) throws -> MetadataDocument {
        try SAMLMetadataParser().parse(Data(text.utf8), entityID: entityID)
    }

    private func refusal(_ text: String, entityID: String? = nil) throws -> SAMLMetadataError {
        try #require(throws: SAMLMetadataError.self) { try parse(text, entityID: entityID) }
    }

    /// Declares the namespaces on a standalone entity from ``idp(_:attributes:roleAttributes:roleBody:)``.
    private func withNamespaces(_ root: String) -> String {
        root.replacingOccurrences(
            of: "<md:EntityDescriptor ", with: "<md:EntityDescriptor \(Self.ns) ", options: [],
            range: root.range(of: "<md:EntityDescriptor "))
    }

    // MARK: - Selection

    @Test func anUnknownEntityIDListsTheCandidates() throws {
        let text =
            "<md:EntitiesDescriptor \(Self.ns)>" + Self.idp("https://a") + Self.idp("https://b")
            + "</md:EntitiesDescriptor>"
        let error = try refusal(text, entityID: "https://c")
        #expect(error.kind == .entityNotFound)
        #expect(error.candidates == ["https://a", "https://b"])
        #expect(
            error.message
                == "no EntityDescriptor has entityID \"https://c\"; the document has \"https://a\", \"https://b\"")
    }

    @Test func aRepeatedEntityIDIsAmbiguous() throws {
        let text =
            "<md:EntitiesDescriptor \(Self.ns)>\n" + Self.idp("https://a") + "\n" + Self.idp("https://a")
            + "</md:EntitiesDescriptor>"
        let error = try refusal(text, entityID: "https://a")
        #expect(error.kind == .ambiguousEntity)
        #expect(error.message == "entityID \"https://a\" appears 2 times (lines 2, 6)")
    }

    @Test func longCandidateListsAreShortenedInTheMessageOnly() throws {
        let entities = (1...12).map { Self.idp("https://idp\($0)") }.joined()
        let error = try refusal("<md:EntitiesDescriptor \(Self.ns)>" + entities + "</md:EntitiesDescriptor>")
        #expect(error.kind == .ambiguousEntity)
        #expect(error.candidates.count == 12)
        #expect(error.message.hasSuffix("\"https://idp10\" and 2 more"))
    }

    @Test func entityIDsAreComparedExactlyAfterTrimming() throws {
        let text = withNamespaces(Self.idp("\n  https://a  "))
        #expect(try parse(text, entityID: "https://a").entity.entityID == "https://a")
        #expect(try refusal(text, entityID: "https://A").kind == .entityNotFound)
    }

    @Test func anEntityWithoutEntityIDIsSkippedWithAWarning() throws {
        let text =
            "<md:EntitiesDescriptor \(Self.ns)>\n<md:EntityDescriptor/>\n" + Self.idp("https://a")
            + "</md:EntitiesDescriptor>"
        let document = try parse(text)
        #expect(document.entities.map(\.entityID) == ["https://a"])
        #expect(
            document.warnings == [
                MetadataWarning(line: 2, message: "EntityDescriptor has no entityID attribute; entity skipped")
            ])
    }

    @Test func aDocumentWithoutEntitiesHasNoIdentityProvider() throws {
        let error = try refusal("<md:EntitiesDescriptor \(Self.ns)/>")
        #expect(error.kind == .noIdentityProvider)
        #expect(error.candidates.isEmpty)
        #expect(error.message.hasSuffix("the document has no entities"))
    }

    @Test func aRoleSmuggledIntoExtensionsIsNotARole() throws {
        let text = """
            <md:EntityDescriptor \(Self.ns) entityID="https://sp">
            <md:Extensions>
            <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/>
            </md:Extensions>
            <md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/>
            </md:EntityDescriptor>
            """
        #expect(try refusal(text).kind == .noIdentityProvider)
        #expect(try parse(text, entityID: "https://sp").entity.roles.map(\.kind) == [.spSSODescriptor])
    }

    @Test func aSAML1OnlyIdentityProviderIsNotChosen() throws {
        let text =
            "<md:EntitiesDescriptor \(Self.ns)>"
            + Self.idp("https://saml1").replacingOccurrences(of: "SAML:2.0:protocol", with: "SAML:1.1:protocol")
            + Self.idp("https://saml2") + "</md:EntitiesDescriptor>"
        let document = try parse(text)
        #expect(document.entity.entityID == "https://saml2")
        #expect(document.entities.map(\.isSAML2IdentityProvider) == [false, true])
    }

    // MARK: - Validity levels

    @Test func validityOfNestedEntitiesDescriptorsAndTheRole() throws {
        let text = """
            <md:EntitiesDescriptor \(Self.ns) Name="outer" validUntil="2030-01-01T00:00:00Z" cacheDuration="P1D">
            <md:EntitiesDescriptor Name="inner" validUntil="2029-06-01T00:00:00+02:00" cacheDuration="PT6H">
            \(Self.idp("https://a", attributes: "validUntil=\"2031-01-01T00:00:00Z\" cacheDuration=\"PT1H\"",
                roleAttributes: "validUntil=\"2029-12-31T23:59:59Z\" cacheDuration=\"PT30M\""))
            </md:EntitiesDescriptor>
            </md:EntitiesDescriptor>
            """
        let document = try parse(text)
        #expect(document.enclosingEntitiesDescriptors.map(\.name) == ["outer", "inner"])
        #expect(document.enclosingEntitiesDescriptors.map(\.line) == [1, 2])
        #expect(document.enclosingEntitiesDescriptors[1].validUntil == (try utc("2029-05-31T22:00:00Z")))
        #expect(document.validUntil == (try utc("2029-05-31T22:00:00Z")))
        #expect(document.cacheDuration?.lexical == "PT30M")
        #expect(document.entity.validUntil == (try utc("2031-01-01T00:00:00Z")))
        #expect(document.identityProvider?.validUntil == (try utc("2029-12-31T23:59:59Z")))
    }

    @Test func anInvalidValidUntilIsIgnoredWithAWarning() throws {
        let document = try parse(
            withNamespaces(Self.idp("https://a", attributes: "validUntil=\"2021-02-30T00:00:00Z\"")))
        #expect(document.validUntil == nil)
        #expect(
            document.warnings.map(\.message) == [
                "EntityDescriptor validUntil \"2021-02-30T00:00:00Z\" is not a valid xs:dateTime; ignored"
            ])
    }

    // MARK: - Roles

    @Test func xsiTypeIsResolvedByNamespaceNotPrefix() throws {
        let text = """
            <md:EntityDescriptor \(Self.ns) entityID="https://a" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
            <md:RoleDescriptor xmlns:f="urn:example:ext" xsi:type="f:TokenService" protocolSupportEnumeration="urn:x"/>
            <md:RoleDescriptor xsi:type="nope:TokenService" protocolSupportEnumeration="urn:x"/>
            </md:EntityDescriptor>
            """
        let document = try parse(text, entityID: "https://a")
        #expect(document.entity.roles.map(\.xsiType) == ["{urn:example:ext}TokenService", "nope:TokenService"])
        #expect(
            document.warnings == [
                MetadataWarning(
                    line: 3, message: "xsi:type \"nope:TokenService\" uses an undeclared prefix; kept as written")
            ])
    }

    @Test func elementsInOtherNamespacesAreIgnored() throws {
        let body = """

            <x:NameIDFormat xmlns:x="urn:other">urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</x:NameIDFormat>
            <md:NameIDFormat>  urn:oasis:names:tc:SAML:2.0:nameid-format:transient  </md:NameIDFormat>
            <md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:transient</md:NameIDFormat>
            <md:NameIDFormat>   </md:NameIDFormat>
            <md:NameIDFormat><![CDATA[urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress]]><!-- a comment --></md:NameIDFormat>
            <SingleSignOnService Binding="urn:x" Location="https://unqualified"/>
            """
        let idp = try #require(try parse(withNamespaces(Self.idp("https://a", roleBody: body))).identityProvider)
        #expect(idp.nameIDFormats == [.transient, .emailAddress])
        #expect(idp.singleSignOnServices.isEmpty)
    }

    @Test func endpointsWithoutBindingOrLocationAreSkippedWithWarnings() throws {
        let body = """

            <md:SingleSignOnService Location="https://a/sso"/>
            <md:SingleSignOnService Binding="urn:x" location="https://a/sso"/>
            <md:SingleSignOnService Binding="urn:x" Location="https://a/sso"/>
            <md:SingleSignOnService Binding=" urn:x " Location="https://a/sso "/>
            <md:AssertionConsumerService Binding="urn:x" Location="https://a/acs" index="70000" isDefault="yes"/>
            """
        let document = try parse(withNamespaces(Self.idp("https://a", roleBody: body)))
        #expect(
            document.identityProvider?.singleSignOnServices == [Endpoint(binding: "urn:x", location: "https://a/sso")])
        #expect(
            document.identityProvider?.assertionConsumerServices == [
                Endpoint(binding: "urn:x", location: "https://a/acs")
            ])
        #expect(
            document.warnings == [
                MetadataWarning(line: 3, message: "SingleSignOnService has no Binding attribute; endpoint skipped"),
                MetadataWarning(
                    line: 4,
                    message:
                        "SingleSignOnService has no Location attribute (\"location\" is not the same: names are case-sensitive); endpoint skipped"
                ),
                MetadataWarning(
                    line: 7, message: "AssertionConsumerService index \"70000\" is not an unsigned short; ignored"),
                MetadataWarning(
                    line: 7, message: "AssertionConsumerService isDefault \"yes\" is not a boolean; ignored"),
            ])
    }

    @Test func attributesAndClaimsWithoutNamesAreSkippedWithWarnings() throws {
        let text = """
            <md:EntityDescriptor \(Self.ns) entityID="https://a" xmlns:fed="http://docs.oasis-open.org/wsfed/federation/200706" xmlns:auth="http://docs.oasis-open.org/wsfed/authorization/200706">
            <md:RoleDescriptor protocolSupportEnumeration="urn:x"><fed:ClaimTypesOffered>
            <auth:ClaimType Uri="urn:claim:mail"><auth:DisplayName> Mail </auth:DisplayName></auth:ClaimType>
            <auth:ClaimType/>
            <fed:ClaimType Uri="urn:claim:wrong-namespace"/>
            </fed:ClaimTypesOffered></md:RoleDescriptor>
            <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
            <saml:Attribute NameFormat="urn:x"/>
            <saml:Attribute Name="mail" FriendlyName="Mail"/>
            </md:IDPSSODescriptor>
            </md:EntityDescriptor>
            """
        let document = try parse(text)
        #expect(
            document.advertisedAttributes == [
                AdvertisedAttribute(source: .attribute, name: "mail", friendlyName: "Mail"),
                AdvertisedAttribute(source: .claimTypeOffered, name: "urn:claim:mail", friendlyName: "Mail"),
            ])
        #expect(document.warnings.map(\.line) == [4, 8])
        #expect(
            document.warnings.map(\.message) == [
                "ClaimType has no Uri attribute; skipped", "Attribute has no Name attribute; skipped",
            ])
    }

    // MARK: - Keys

    static let keycloakCertificate = """
        MIICnzCCAYcCBgGD18ZU8TANBgkqhkiG9w0BAQsFADATMREwDwYDVQQDDAhmaXJlem9uZTAeFw0yMjEwMTQxODMyMjJaFw0zMjEwMTQxODM0MDJaMBMxETAPBgNVBAMMCGZpcmV6b25lMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAur5Cb0jrDJbMwr96WWE+z9CjDg0A/uRkaB4loRqkmu3A2fQGsS6CP7F7lQWMJmpzvBgkNtB69toO2sgx1u1fhpIJBZ0uSHF5gnzQAivgVxInvkMKRTRSkpMbhObiDHZnEGI2+Ly+8iV8IvprdrbDgm52u4conam0H1PewUKkHulrVQ+ImFuEWAjKCRSqpUG2F1eRkA0YpqB09x0CZAOOoucwTsBYj/ZAz3dUXhYIENAF7v0ykvzGOCAyOZIn1uYQc7jvWpwoI8qQdL45phj2FLoFlght3tlZV8IG5hsXrE6rg7Ufqvv8xyGltrOMKj/jEFEunagZOUjkypDp36b8cwIDAQABMA0GCSqGSIb3DQEBCwUAA4IBAQBEZKLLr66GB3NxqXGTMl0PvTDNB9GdyShQHaJYjeeUQnEXixjlAVrOq/txEBKjhGUcqyFELoNuwcxxV1iHA5oXhCoqYmnp9T/ftmXPDT3c49PBABHgLJaFOKYTpVx1YjP7mA44X1ijLZmgboIeeFNerVNHIzR9BsxcloQlB0r9QfC14rsuXo6QD3QnaVI8wDgWXQHqpcwLFqvehXdNvMFniRvX2qBNU8E0FPoMaZ1C3n2nssLcVZ+C4ghq6YoAG+wLGY7XE8+v5rnYGDpGpfgr2wdefn6tryFq3PyGqA8ThjARESRRQG9kI/RlNX7qCnP/8/7JQ4wLdfz5C25uhakP
        """

    static func keyDescriptor(_ use: String?, certificate: String = keycloakCertificate) -> String {
        """

        <md:KeyDescriptor\(use.map { " use=\"\($0)\"" } ?? "")><ds:KeyInfo><ds:X509Data><ds:X509Certificate>\(certificate)</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
        """
    }

    @Test func onlyKeyDescriptorCertificatesOfTheRoleAreRead() throws {
        let text = """
            <md:EntityDescriptor \(Self.ns) entityID="https://a">
            <ds:Signature><ds:KeyInfo><ds:X509Data><ds:X509Certificate>\(Self.keycloakCertificate)</ds:X509Certificate></ds:X509Data></ds:KeyInfo></ds:Signature>
            <md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">\(Self.keyDescriptor("signing"))</md:SPSSODescriptor>
            <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
            <md:KeyDescriptor use="signing"><ds:X509Certificate>\(Self.keycloakCertificate)</ds:X509Certificate></md:KeyDescriptor>
            <md:Extensions><ds:X509Certificate>\(Self.keycloakCertificate)</ds:X509Certificate></md:Extensions>
            </md:IDPSSODescriptor>
            </md:EntityDescriptor>
            """
        let document = try parse(text)
        #expect(document.identityProvider?.keyDescriptors == [])
        #expect(document.entity.roles.first?.keyDescriptors.count == 1)
    }

    @Test func keysMergeByFingerprintAndKeepEveryUse() throws {
        let body =
            Self.keyDescriptor("encryption") + Self.keyDescriptor(nil) + Self.keyDescriptor("signing")
            + Self.keyDescriptor(" signing ")
        let idp = try #require(try parse(withNamespaces(Self.idp("https://a", roleBody: body))).identityProvider)
        #expect(idp.keyDescriptors.count == 1)
        let key = try #require(idp.keyDescriptors.first)
        #expect(key.uses == [.encryption, .unspecified, .signing])
        #expect(key.line == 3)
        #expect(key.isSigning && key.isEncryption)
        #expect(idp.signingKeys == idp.encryptionKeys)
    }

    @Test func anUnknownUseIsReadAsUnspecifiedWithAWarning() throws {
        let document = try parse(withNamespaces(Self.idp("https://a", roleBody: Self.keyDescriptor("both"))))
        #expect(document.identityProvider?.keyDescriptors.first?.uses == [.unspecified])
        #expect(
            document.warnings.map(\.message) == [
                "KeyDescriptor use \"both\" is neither signing nor encryption; read as unspecified"
            ])
    }

    @Test func unusableCertificatesAreProblemsNotErrors() throws {
        let body =
            Self.keyDescriptor("signing", certificate: "not base64!")
            + Self.keyDescriptor("encryption", certificate: "  ")
            + Self.keyDescriptor(nil, certificate: "AAAA")
            + Self.keyDescriptor("signing")
        let idp = try #require(try parse(withNamespaces(Self.idp("https://a", roleBody: body))).identityProvider)
        #expect(idp.keyDescriptors.count == 1)
        #expect(
            idp.certificateProblems.map(\.description) == [
                "line 3: signing certificate: X509Certificate is not valid base64",
                "line 4: encryption certificate: X509Certificate is empty",
                "line 5: unspecified certificate: not a DER-encoded X.509 certificate (invalidASN1Object)",
            ])
    }
}
