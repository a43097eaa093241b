import Deprovisioning
import SAMLMetadata
import Testing

/// How each user's expected NameID is derived from the metadata's NameIDFormats and `--name-id` (ARCHITECTURE §7).
@Suite struct ReconciliationNameIDTests {
    private static let persistent = NameIDFormat.persistent
    private static let emailAddress = NameIDFormat.emailAddress
    private static let unspecified = NameIDFormat.unspecified
    private static let transient = NameIDFormat.transient

    @Test func emailAddressFormatTakesThePrimaryEmail() {
        let choice = NameIDChoice(formats: [Self.emailAddress], override: nil)
        #expect(choice.source == .email)
        #expect(choice.format == Self.emailAddress.rawValue)
        #expect(choice.basis == .metadata)
    }

    @Test func unspecifiedFormatTakesTheUserName() {
        #expect(NameIDChoice(formats: [Self.unspecified], override: nil).source == .userName)
    }

    @Test func persistentFormatTakesTheExternalId() {
        #expect(NameIDChoice(formats: [Self.persistent], override: nil).source == .externalId)
    }

    @Test func emailAddressIsPreferredOverPersistentOverUnspecifiedWhateverTheOrder() {
        let all = [Self.unspecified, Self.transient, Self.persistent, Self.emailAddress]
        #expect(NameIDChoice(formats: all, override: nil).source == .email)
        #expect(NameIDChoice(formats: [Self.unspecified, Self.persistent], override: nil).source == .externalId)
        #expect(NameIDChoice(formats: [Self.transient, Self.unspecified], override: nil).source == .userName)
    }

    @Test func theNonStandardSAML2EmailAddressURICountsAsEmailAddress() {
        let format = NameIDFormat(rawValue: "urn:oasis:names:tc:SAML:2.0:nameid-format:emailAddress")
        let choice = NameIDChoice(formats: [format], override: nil)
        #expect(choice.source == .email)
        #expect(choice.format == format.rawValue)
    }

    @Test func overrideWinsOverTheMetadataAndNamesTheMatchingFormatWhenListed() {
        let choice = NameIDChoice(formats: [Self.emailAddress, Self.persistent], override: .externalId)
        #expect(choice.source == .externalId)
        #expect(choice.basis == .override)
        #expect(choice.format == Self.persistent.rawValue)
        #expect(NameIDChoice(formats: [Self.emailAddress], override: .userName).format == nil)
    }

    @Test func metadataWithoutNameIDFormatsAssumesUnspecifiedAndTheUserName() throws {
        let entra = try ReconciliationFixture.metadata("entra-id-federationmetadata.xml")
        let choice = NameIDChoice(formats: try #require(entra.identityProvider).nameIDFormats, override: nil)
        #expect(choice.source == .userName)
        #expect(choice.basis == .assumedUnspecified)
        #expect(choice.format == nil)
    }

    @Test func transientOnlyMetadataFallsBackToTheEmailAndSaysSo() throws {
        let rollover = try ReconciliationFixture.metadata("idp-rollover-multiple-signing-certs.xml")
        let choice = NameIDChoice(formats: try #require(rollover.identityProvider).nameIDFormats, override: nil)
        #expect(choice.source == .email)
        #expect(choice.basis == .fallback)
        #expect(choice.explanation.contains("--name-id"))
    }

    @Test func corpusIdentityProvidersGetTheDocumentedSource() throws {
        let expected: [(String, NameIDSource)] = [
            ("okta-idp.xml", .email), ("adfs-federationmetadata.xml", .email), ("keycloak-idp.xml", .email),
            ("google-workspace-idp.xml", .email), ("idp-kitchen-sink-sustainsys.xml", .externalId),
            ("idp-validuntil-cacheduration-attributes.xml", .email),
        ]
        for (file, source) in expected {
            let idp = try #require(try ReconciliationFixture.metadata(file).identityProvider)
            #expect(NameIDChoice(formats: idp.nameIDFormats, override: nil).source == source, "\(file)")
        }
    }

    @Test func userTakesThePrimaryEmailElseTheFirst() {
        let marked = ReconciliationFixture.user(
            "u1", userName: "u", emails: [("first@example.com", false), ("primary@example.com", true)])
        #expect(ReconciledUser(marked, nameIDFrom: .email).nameID == "primary@example.com")
        let unmarked = ReconciliationFixture.user(
            "u2", userName: "u", emails: [("first@example.com", false), ("second@example.com", false)])
        #expect(ReconciledUser(unmarked, nameIDFrom: .email).nameID == "first@example.com")
        #expect(ReconciledUser(unmarked, nameIDFrom: .email).emails == ["first@example.com", "second@example.com"])
    }

    @Test func userNameAndExternalIdSourcesTakeThoseAttributes() {
        let user = ReconciliationFixture.user("u1", userName: "Alice", externalId: "00u1AbC")
        #expect(ReconciledUser(user, nameIDFrom: .userName).nameID == "Alice")
        #expect(ReconciledUser(user, nameIDFrom: .externalId).nameID == "00u1AbC")
    }

    @Test func blankOrMissingAttributesGiveNoNameID() {
        let user = ReconciliationFixture.user("u1", userName: "alice", externalId: "  ", emails: [(" ", true)])
        #expect(ReconciledUser(user, nameIDFrom: .email).nameID == nil)
        #expect(ReconciledUser(user, nameIDFrom: .externalId).nameID == nil)
        #expect(ReconciledUser(user, nameIDFrom: .email).emails.isEmpty)
    }

    @Test func aUserWithoutActiveIsActive() {
        let user = ReconciliationFixture.user("u1", userName: "alice", active: nil)
        #expect(ReconciledUser(user, nameIDFrom: .userName).active)
    }

    @Test func emailAndUserNameCompareCaseInsensitivelyExternalIdExactly() {
        #expect(NameIDSource.email.matchingKey("Alice@Example.COM") == "alice@example.com")
        #expect(NameIDSource.userName.matchingKey("Alice") == "alice")
        #expect(NameIDSource.externalId.matchingKey("00u1AbC") == "00u1AbC")
    }
}
