import Foundation
import Testing

@testable import SAMLMetadata

/// One test per corpus file, asserting the facts `Fixtures/MANIFEST.md` lists for it.
@Suite("Corpus (Fixtures/MANIFEST.md)")
struct CorpusTests {
    @Test func oktaIdp() throws {
        let document = try Fixture.parse("okta-idp.xml")
        #expect(document.entity.entityID == "http://www.okta.com/exkppsa1qwuFV4D7z0h7")
        #expect(document.entity.roles.map(\.kind) == [.idpSSODescriptor])
        let idp = try #require(document.identityProvider)
        #expect(idp.wantAuthnRequestsSigned == false)
        // The text nodes have newlines around the URI.
        #expect(idp.nameIDFormats == [.unspecified, .emailAddress])
        let sso = "https://dev-513394.oktapreview.com/app/rstudioincdev513394_dev_1/exkppsa1qwuFV4D7z0h7/sso/saml"
        #expect(pairs(idp.singleSignOnServices) == [[binding("HTTP-POST"), sso], [binding("HTTP-Redirect"), sso]])
        // The base64 has spaces inside.
        #expect(idp.signingKeys.count == 1)
        let certificate = try #require(idp.signingKeys.first?.certificate)
        #expect(certificate.subject.contains("CN=dev-513394"))
        #expect(certificate.subject.contains("O=Okta"))
        #expect(certificate.notAfter == (try utc("2028-09-07T14:33:59Z")))
        #expect(certificate.strictParsingProblem == nil)
        #expect(idp.certificateProblems.isEmpty)
        #expect(document.advertisedAttributes.isEmpty)
        #expect(document.validUntil == nil)
        #expect(document.warnings.isEmpty)
    }

    @Test func entraIdFederationMetadata() throws {
        let data = try Fixture.data("entra-id-federationmetadata.xml")
        #expect(data.starts(with: [0xEF, 0xBB, 0xBF]))
        let document = try SAMLMetadataParser().parse(data)
        #expect(document.entity.entityID == "https://sts.windows.net/{tenantid}/")
        #expect(document.entity.roles.map(\.kind) == [.roleDescriptor, .roleDescriptor, .idpSSODescriptor])
        let fed = "http://docs.oasis-open.org/wsfed/federation/200706"
        #expect(
            document.entity.roles.map(\.xsiType)
                == ["{\(fed)}SecurityTokenServiceType", "{\(fed)}ApplicationServiceType", nil])

        let idp = try #require(document.identityProvider)
        #expect(idp.nameIDFormats.isEmpty)
        let saml2 = "https://login.microsoftonline.com/common/saml2"
        #expect(
            pairs(idp.singleSignOnServices) == [[binding("HTTP-Redirect"), saml2], [binding("HTTP-POST"), saml2]])
        #expect(pairs(idp.singleLogoutServices) == [[binding("HTTP-Redirect"), saml2]])

        // 13 X509Certificate elements in the document, 4 distinct certificates in the IdP role.
        let keys = idp.signingKeys
        #expect(keys.count == 4)
        #expect(idp.keyDescriptors.count == 4)
        #expect(
            keys.map(\.certificate.subject) == [
                "CN=accounts.accesscontrol.windows.net", "CN=accounts.accesscontrol.windows.net",
                "CN=accounts.accesscontrol.windows.net", "CN=login.microsoftonline.us",
            ])
        #expect(
            keys.map(\.certificate.notAfter) == [
                try utc("2031-01-10T18:04:42Z"), try utc("2031-01-25T21:03:48Z"), try utc("2031-02-05T07:02:51Z"),
                try utc("2031-02-04T17:01:36Z"),
            ])
        // The document signature's KeyInfo (the only ds:-prefixed X509Certificate in the file) repeats the 2nd key.
        let text = String(decoding: data, as: UTF8.self)
        let signatureCertificate = try #require(
            text.split(separator: "<ds:X509Certificate>", maxSplits: 1).last?.split(separator: "<").first)
        #expect(keys[1].certificate.base64DER == String(signatureCertificate))

        #expect(idp.attributes.isEmpty)
        let claims = document.entity.claimTypesOffered
        #expect(claims.count == 19)
        #expect(claims.allSatisfy { $0.source == .claimTypeOffered && $0.nameFormat == nil })
        let claimBase = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/"
        for claim in ["name", "nameidentifier", "givenname", "surname", "emailaddress"] {
            #expect(claims.contains { $0.name == claimBase + claim }, "missing claim \(claim)")
        }
        #expect(claims.contains { $0.name == "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups" })
        #expect(claims.contains { $0.name == "http://schemas.microsoft.com/ws/2008/06/identity/claims/role" })
        #expect(claims.first?.friendlyName == "Name")
        #expect(document.advertisedAttributes == claims)
        #expect(document.warnings.isEmpty)
    }

    @Test func adfsFederationMetadata() throws {
        let document = try Fixture.parse("adfs-federationmetadata.xml")
        #expect(document.entity.entityID == "http://sts.sempreser.com.br/adfs/services/trust")
        #expect(
            document.entity.roles.map(\.kind) == [
                .roleDescriptor, .roleDescriptor, .spSSODescriptor, .idpSSODescriptor,
            ]
        )
        let idp = try #require(document.identityProvider)
        #expect(idp.kind == .idpSSODescriptor)
        #expect(idp.nameIDFormats == [.emailAddress, .persistent, .transient])
        let ls = "https://sts.sempreser.com.br/adfs/ls/"
        #expect(pairs(idp.singleSignOnServices) == [[binding("HTTP-Redirect"), ls], [binding("HTTP-POST"), ls]])
        #expect(pairs(idp.singleLogoutServices) == [[binding("HTTP-Redirect"), ls], [binding("HTTP-POST"), ls]])

        #expect(idp.signingKeys.count == 1)
        #expect(idp.signingKeys.first?.certificate.subject == "CN=ADFS Signing - sts.sempreser.com.br")
        #expect(idp.signingKeys.first?.certificate.notAfter == (try utc("2019-03-22T20:37:42Z")))
        #expect(idp.encryptionKeys.count == 1)
        #expect(idp.encryptionKeys.first?.certificate.subject == "CN=ADFS Encryption - sts.sempreser.com.br")
        #expect(idp.encryptionKeys.first?.certificate.notAfter == (try utc("2019-03-22T20:37:41Z")))

        #expect(idp.attributes.count == 68)
        #expect(idp.attributes.allSatisfy { $0.source == .attribute })
        let friendlyNames = Set(idp.attributes.compactMap(\.friendlyName))
        for name in [
            "E-Mail Address", "Given Name", "Name", "UPN", "Group", "Role", "Surname", "Department", "Company", "Title",
            "Office",
        ] {
            #expect(friendlyNames.contains(name), "missing attribute \(name)")
        }
        // 68 ClaimTypesOffered in the STS RoleDescriptor; the 68 ClaimTypesRequested of the other are not offers.
        #expect(document.entity.claimTypesOffered.count == 68)
        #expect(document.advertisedAttributes.count == 136)

        // The SPSSODescriptor is read but not taken for the IdP.
        let sp = document.entity.roles[2]
        #expect(sp.singleSignOnServices.isEmpty)
        #expect(sp.assertionConsumerServices.map(\.index) == [0, 1, 2])
        #expect(
            sp.assertionConsumerServices.map(\.binding) == [
                binding("HTTP-POST"), binding("HTTP-Artifact"), binding("HTTP-Redirect"),
            ])
        #expect(document.warnings.isEmpty)
    }

    @Test func shibbolethIdpTestshib() throws {
        let document = try Fixture.parse("shibboleth-idp-testshib.xml")
        #expect(document.entity.entityID == "https://idp.testshib.org/idp/shibboleth")
        #expect(document.entity.roles.map(\.kind) == [.idpSSODescriptor, .attributeAuthorityDescriptor])
        let idp = try #require(document.identityProvider)
        #expect(
            idp.protocolSupportEnumeration == [
                "urn:oasis:names:tc:SAML:1.1:protocol", "urn:mace:shibboleth:1.0",
                "urn:oasis:names:tc:SAML:2.0:protocol",
            ])
        #expect(
            idp.nameIDFormats == [NameIDFormat(rawValue: "urn:mace:shibboleth:1.0:nameIdentifier"), .transient])
        #expect(idp.nameIDFormats.map(\.kind) == [.other, .transient])
        #expect(
            pairs(idp.singleSignOnServices) == [
                [
                    "urn:mace:shibboleth:1.0:profiles:AuthnRequest",
                    "https://idp.testshib.org/idp/profile/Shibboleth/SSO",
                ],
                [binding("HTTP-POST"), "https://idp.testshib.org/idp/profile/SAML2/POST/SSO"],
                [binding("HTTP-Redirect"), "https://idp.testshib.org/idp/profile/SAML2/Redirect/SSO"],
                [binding("SOAP"), "https://idp.testshib.org/idp/profile/SAML2/SOAP/ECP"],
            ])
        // One KeyDescriptor without `use`: it serves signing and encryption.
        let key = try #require(idp.keyDescriptors.first)
        #expect(idp.keyDescriptors.count == 1)
        #expect(key.uses == [.unspecified])
        #expect(key.isSigning && key.isEncryption)
        #expect(key.certificate.subject.hasPrefix("CN=idp.testshib.org"))
        #expect(key.certificate.notAfter == (try utc("2016-08-27T21:12:25Z")))
        // The attribute authority reuses it.
        let attributeAuthority = document.entity.roles[1]
        #expect(attributeAuthority.keyDescriptors.map(\.certificate) == [key.certificate])
        #expect(document.advertisedAttributes.isEmpty)
        #expect(document.warnings.isEmpty)
    }

    @Test func keycloakIdp() throws {
        let document = try Fixture.parse("keycloak-idp.xml")
        #expect(document.entity.entityID == "http://localhost:8080/realms/firezone")
        let idp = try #require(document.identityProvider)
        #expect(idp.wantAuthnRequestsSigned == true)
        #expect(idp.nameIDFormats == [.persistent, .transient, .unspecified, .emailAddress])
        let url = "http://localhost:8080/realms/firezone/protocol/saml"
        #expect(
            pairs(idp.singleSignOnServices) == [
                [binding("HTTP-POST"), url], [binding("HTTP-Redirect"), url], [binding("SOAP"), url],
                [binding("HTTP-Artifact"), url],
            ])
        #expect(
            pairs(idp.singleLogoutServices) == [
                [binding("HTTP-POST"), url], [binding("HTTP-Redirect"), url], [binding("HTTP-Artifact"), url],
            ])
        #expect(idp.signingKeys.count == 1)
        #expect(idp.signingKeys.first?.certificate.subject == "CN=firezone")
        #expect(idp.signingKeys.first?.certificate.notAfter == (try utc("2032-10-14T18:34:02Z")))
        #expect(document.advertisedAttributes.isEmpty)
        #expect(document.warnings.isEmpty)
    }

    @Test func googleWorkspaceIdp() throws {
        let document = try Fixture.parse("google-workspace-idp.xml")
        #expect(document.entity.entityID == "https://accounts.google.com/o/saml2?idpid=C02dfl1r1")
        #expect(document.entity.validUntil == (try utc("2021-01-03T16:17:49Z")))
        #expect(document.validUntil == document.entity.validUntil)
        let idp = try #require(document.identityProvider)
        #expect(idp.wantAuthnRequestsSigned == false)
        #expect(idp.nameIDFormats == [.emailAddress])
        // Listed twice identically; kept once.
        #expect(
            idp.singleSignOnServices == [
                Endpoint(
                    binding: SAMLBinding.httpPOST, location: "https://accounts.google.com/o/saml2/idp?idpid=C02dfl1r1")
            ])
        let certificate = try #require(idp.signingKeys.first?.certificate)
        #expect(idp.signingKeys.count == 1)
        #expect(certificate.subject.contains("O=Google Inc."))
        #expect(certificate.subject.contains("CN=Google"))
        #expect(certificate.notAfter == (try utc("2021-01-03T16:17:49Z")))
        #expect(document.advertisedAttributes.isEmpty)
    }

    @Test func oneloginIdp() throws {
        let document = try Fixture.parse("onelogin-idp.xml")
        #expect(document.entity.entityID == "https://app.onelogin.com/saml/metadata/503983")
        let idp = try #require(document.identityProvider)
        #expect(idp.nameIDFormats == [.emailAddress])
        #expect(
            pairs(idp.singleSignOnServices) == [
                [binding("HTTP-POST"), "https://app.onelogin.com/trust/saml2/http-post/sso/503983"],
                [binding("SOAP"), "https://app.onelogin.com/trust/saml2/soap/sso/503983"],
            ])
        #expect(idp.signingKeys.count == 1)
        #expect(idp.signingKeys.first?.certificate.subject.hasPrefix("CN=OneLogin Account 32614") == true)
        #expect(idp.signingKeys.first?.certificate.notAfter == (try utc("2018-10-01T19:35:44Z")))
        #expect(document.advertisedAttributes.isEmpty)
    }

    @Test func idpRolloverMultipleSigningCerts() throws {
        let document = try Fixture.parse("idp-rollover-multiple-signing-certs.xml")
        #expect(document.entity.entityID == "https://idp.examle.com/saml/metadata")
        let idp = try #require(document.identityProvider)
        #expect(idp.nameIDFormats == [.transient])
        #expect(pairs(idp.singleSignOnServices) == [[binding("HTTP-Redirect"), "https://idp.examle.com/saml/sso"]])
        #expect(pairs(idp.singleLogoutServices) == [[binding("HTTP-Redirect"), "https://idp.examle.com/saml/slo"]])
        // 3 signing KeyDescriptors; the 1st and 3rd hold the same certificate.
        let keys = idp.signingKeys
        #expect(keys.count == 2)
        #expect(keys.map(\.uses) == [[.signing], [.signing]])
        #expect(keys.first?.certificate.subject.hasPrefix("CN=OneLogin Account 89146") == true)
        #expect(keys.first?.certificate.notAfter == (try utc("2021-08-05T22:29:37Z")))
        #expect(keys.last?.certificate.subject.hasPrefix("CN=example.com") == true)
        #expect(keys.last?.certificate.notAfter == (try utc("2018-04-15T16:33:18Z")))
        // The example.com certificate has a 1024-bit key: readable, but refused by swift-certificates.
        #expect(keys.first?.certificate.strictParsingProblem == nil)
        #expect(keys.last?.certificate.strictParsingProblem?.contains("2048") == true)
        #expect(idp.certificateProblems.isEmpty)
    }

    @Test func idpValidUntilCacheDurationAttributes() throws {
        let document = try Fixture.parse("idp-validuntil-cacheduration-attributes.xml")
        #expect(document.entity.entityID == "https://hello.example.com/access/saml/idp.xml")
        // 2020-01-04T18:02:33.910Z
        let validUntil = try #require(document.entity.validUntil)
        #expect(abs(validUntil.timeIntervalSince1970 - 1_578_160_953.910) < 0.000_1)
        // cacheDuration="P2DT" is not an xs:duration: ignored, with a warning.
        #expect(document.entity.cacheDuration == nil)
        #expect(document.cacheDuration == nil)
        #expect(document.warnings.count == 1)
        #expect(document.warnings.first?.line == 2)
        #expect(document.warnings.first?.message.contains("\"P2DT\"") == true)

        let idp = try #require(document.identityProvider)
        #expect(idp.nameIDFormats == [.unspecified, .emailAddress, .persistent])
        #expect(
            pairs(idp.singleSignOnServices) == [
                [binding("HTTP-Redirect"), "https://hello.example.com/access/saml/login"]
            ])
        #expect(
            idp.singleLogoutServices == [
                Endpoint(
                    binding: SAMLBinding.httpRedirect, location: "https://hello.example.com/access/saml/logout",
                    responseLocation: "https://hello.example.com/access/saml/logout")
            ])
        // Signing and encryption KeyDescriptors hold the same certificate.
        #expect(idp.keyDescriptors.count == 1)
        #expect(idp.keyDescriptors.first?.uses == [.signing, .encryption])
        #expect(idp.signingKeys.count == 1 && idp.encryptionKeys.count == 1)
        #expect(idp.keyDescriptors.first?.certificate.subject.hasPrefix("CN=OneLogin Account 89146") == true)
        #expect(idp.keyDescriptors.first?.certificate.notAfter == (try utc("2021-08-05T22:29:37Z")))
        // The stray space in the first NameFormat is kept.
        #expect(
            idp.attributes == [
                AdvertisedAttribute(
                    source: .attribute, name: "AuthToken",
                    nameFormat: "urn:oasis:names:tc:SAML:2.0:att rname-format:basic"),
                AdvertisedAttribute(
                    source: .attribute, name: "SSOStartPage",
                    nameFormat: "urn:oasis:names:tc:SAML:2.0:attrname-format:uri"),
            ])
    }

    @Test func idpKitchenSinkSustainsys() throws {
        let document = try Fixture.parse("idp-kitchen-sink-sustainsys.xml")
        #expect(document.entity.entityID == "https://stubidp.sustainsys.com/Metadata")
        let idp = try #require(document.identityProvider)
        #expect(idp.wantAuthnRequestsSigned == true)
        #expect(idp.nameIDFormats == [.persistent, .transient])
        #expect(
            pairs(idp.singleSignOnServices) == [
                [binding("HTTP-Redirect"), "https://stubidp.sustainsys.com/"],
                [binding("HTTP-POST"), "https://stubidp.sustainsys.com/"],
            ])
        #expect(
            pairs(idp.singleLogoutServices) == [
                [binding("HTTP-Redirect"), "https://stubidp.sustainsys.com/Logout"],
                [binding("HTTP-POST"), "https://stubidp.sustainsys.com/Logout"],
            ])
        // Two KeyDescriptors (no use, then signing) with the same certificate.
        #expect(idp.keyDescriptors.count == 1)
        let key = try #require(idp.keyDescriptors.first)
        #expect(key.uses == [.unspecified, .signing])
        #expect(key.certificate.subject == "CN=stubidp.sustainsys.com")
        #expect(key.certificate.notAfter == (try utc("2039-12-31T23:59:59Z")))
        // Its serial number is a negative INTEGER, which strict DER parsing refuses.
        #expect(key.certificate.strictParsingProblem == "swift-certificates refuses it (invalidASN1IntegerEncoding)")
        #expect(
            idp.attributes.map(\.friendlyName) == ["E-Mail Address", "Given Name", "Name"])
        #expect(idp.attributes.allSatisfy { $0.source == .attribute })
        // The role-level ds:Signature with urn:invalid algorithms, Extensions/Foo and misspellings are ignored.
        #expect(document.warnings.isEmpty)
    }

    @Test func idpMduiScopeGenericPrefixes() throws {
        let document = try Fixture.parse("idp-mdui-scope-generic-prefixes.xml")
        #expect(document.entities.map(\.entityID) == ["http://example.com/saml2/idp.xml"])
        #expect(document.enclosingEntitiesDescriptors.count == 1)
        #expect(document.entity.entityID == "http://example.com/saml2/idp.xml")
        let idp = try #require(document.identityProvider)
        #expect(idp.nameIDFormats.isEmpty)
        #expect(pairs(idp.singleSignOnServices) == [[binding("HTTP-Redirect"), "http://example.com/saml2/"]])
        #expect(idp.keyDescriptors.count == 1)
        #expect(idp.keyDescriptors.first?.uses == [.unspecified])
        #expect(idp.keyDescriptors.first?.certificate.notAfter == (try utc("2009-11-05T19:49:41Z")))
        #expect(document.warnings.isEmpty)
    }

    @Test func spRequestedAttributesExpired() throws {
        let entityID = "https://dev.aa.kndr.org/users/auth/saml/metadata"
        // An SP only: there is no identity provider to choose without an entityID.
        let error = try Fixture.error("sp-requested-attributes-expired.xml")
        #expect(error.kind == .noIdentityProvider)
        #expect(error.candidates == [entityID])

        let document = try Fixture.parse("sp-requested-attributes-expired.xml", entityID: entityID)
        #expect(document.identityProvider == nil)
        // validUntil='2001-02-03T04:05:06.789' has no zone: UTC.
        let validUntil = try #require(document.entity.validUntil)
        #expect(abs(validUntil.timeIntervalSince1970 - 981_173_106.789) < 0.000_1)
        #expect(document.entity.cacheDuration == XSDuration(lexical: "PT1H"))
        #expect(document.entity.cacheDuration?.seconds == 3600)
        let sp = try #require(document.entity.roles.first)
        #expect(document.entity.roles.map(\.kind) == [.spSSODescriptor])
        #expect(sp.wantAssertionsSigned == false)
        #expect(
            sp.assertionConsumerServices == [
                Endpoint(
                    binding: SAMLBinding.httpPOST, location: "https://dev.aa.kndr.org/users/auth/saml/callback",
                    index: 0,
                    isDefault: true)
            ])
        #expect(sp.keyDescriptors.isEmpty && sp.certificateProblems.isEmpty)
        let basic = "urn:oasis:names:tc:SAML:2.0:attrname-format:basic"
        #expect(
            sp.attributes == [
                AdvertisedAttribute(
                    source: .requestedAttribute, name: "email", nameFormat: basic, friendlyName: "Email address",
                    isRequired: false),
                AdvertisedAttribute(
                    source: .requestedAttribute, name: "name", nameFormat: basic, friendlyName: "Full name",
                    isRequired: false),
                AdvertisedAttribute(
                    source: .requestedAttribute, name: "first_name", nameFormat: basic, friendlyName: "Given name",
                    isRequired: false),
                AdvertisedAttribute(
                    source: .requestedAttribute, name: "last_name", nameFormat: basic, friendlyName: "Family name",
                    isRequired: false),
            ])
    }

    @Test func spEsiCocoEntityAttributes() throws {
        let entityID = "https://esi-coco.example.edu/saml2/metadata/"
        let document = try Fixture.parse("sp-esi-coco-entity-attributes.xml", entityID: entityID)
        let sp = try #require(document.entity.roles.first)
        #expect(document.entity.roles.map(\.kind) == [.spSSODescriptor])
        #expect(sp.wantAssertionsSigned == true)
        #expect(
            sp.assertionConsumerServices == [
                Endpoint(binding: SAMLBinding.httpPOST, location: "https://esi-coco.example.edu/saml2/acs/", index: 1)
            ])
        #expect(
            pairs(sp.singleLogoutServices) == [[binding("HTTP-Redirect"), "https://esi-coco.example.edu/saml2/ls/"]])
        // encryption then signing, the same certificate; its subject has an emailAddress RDN.
        #expect(sp.keyDescriptors.count == 1)
        #expect(sp.keyDescriptors.first?.uses == [.encryption, .signing])
        #expect(sp.keyDescriptors.first?.certificate.notAfter == (try utc("2023-06-10T11:59:57Z")))
        #expect(sp.keyDescriptors.first?.certificate.subject.contains("E=") == true)
        // The entity-category saml:Attributes in mdattr:EntityAttributes are not role attributes.
        let uri = "urn:oasis:names:tc:SAML:2.0:attrname-format:uri"
        #expect(
            sp.attributes == [
                AdvertisedAttribute(
                    source: .requestedAttribute, name: "urn:oid:1.3.6.1.4.1.25178.1.2.9", nameFormat: uri,
                    friendlyName: "schacHomeOrganization", isRequired: true),
                AdvertisedAttribute(
                    source: .requestedAttribute, name: "urn:oid:1.3.6.1.4.1.5923.1.1.1.9", nameFormat: uri,
                    friendlyName: "eduPersonScopedAffiliation", isRequired: true),
            ])
        #expect(document.warnings.isEmpty)
    }

    @Test func spSigningEncryptionZeroValidUntil() throws {
        let document = try Fixture.parse(
            "sp-signing-encryption-zero-validuntil.xml", entityID: "https://example.com/saml2/metadata")
        #expect(document.entity.validUntil == (try utc("2015-12-03T01:57:09Z")))
        let sp = try #require(document.entity.roles.first)
        // A Go zero time on the role: 0001-01-01T00:00:00Z.
        #expect(sp.validUntil == Date(timeIntervalSince1970: -62_135_596_800))
        #expect(
            sp.assertionConsumerServices == [
                Endpoint(binding: SAMLBinding.httpPOST, location: "https://example.com/saml2/acs", index: 1)
            ])
        #expect(sp.keyDescriptors.count == 1)
        #expect(sp.keyDescriptors.first?.uses == [.signing, .encryption])
        #expect(sp.keyDescriptors.first?.certificate.subject.hasPrefix("CN=localhost") == true)
        #expect(sp.keyDescriptors.first?.certificate.notAfter == (try utc("2014-10-02T00:08:51Z")))
        #expect(document.warnings.isEmpty)
    }

    @Test func entitiesSpAndTwoIdps() throws {
        let foo = "https://foo.example.com/access/saml/idp.xml"
        let bar = "https://bar.example.com/access/saml/idp.xml"
        let biz = "https://biz.example.com/app"
        // Two SAML 2.0 IdPs: the caller must choose.
        let error = try Fixture.error("entities-sp-and-two-idps.xml")
        #expect(error.kind == .ambiguousEntity)
        #expect(error.candidates == [foo, bar])
        #expect(error.message.contains(foo) && error.message.contains(bar))

        let document = try Fixture.parse("entities-sp-and-two-idps.xml", entityID: foo)
        #expect(document.entities.map(\.entityID) == [biz, foo, bar])
        #expect(document.entities.map(\.roleKinds) == [[.spSSODescriptor], [.idpSSODescriptor], [.idpSSODescriptor]])
        let expired = 1_397_757_753.910  // 2014-04-17T18:02:33.910Z
        #expect(
            abs((document.enclosingEntitiesDescriptors.first?.validUntil?.timeIntervalSince1970 ?? 0) - expired)
                < 0.000_1)
        #expect(document.validUntil == document.enclosingEntitiesDescriptors.first?.validUntil)
        let idp = try #require(document.identityProvider)
        #expect(idp.nameIDFormats == [.unspecified, .emailAddress, .persistent])
        #expect(
            pairs(idp.singleSignOnServices) == [
                [binding("HTTP-Redirect"), "https://hello.example.com/access/saml/login"]
            ])
        // Both certificates are base64 of PEM text: problems, not errors.
        #expect(idp.keyDescriptors.isEmpty)
        #expect(idp.certificateProblems.map(\.use) == [.signing, .encryption])
        #expect(idp.certificateProblems.allSatisfy { $0.reason.contains("PEM") })
        #expect(idp.attributes.map(\.name) == ["AuthToken", "SSOStartPage"])

        let other = try Fixture.parse("entities-sp-and-two-idps.xml", entityID: bar)
        #expect(other.identityProvider?.singleSignOnServices == idp.singleSignOnServices)

        // The SP's ACS has lower-case binding/location: skipped, with a warning that says why.
        let sp = try Fixture.parse("entities-sp-and-two-idps.xml", entityID: biz)
        #expect(sp.entity.roles.first?.assertionConsumerServices == [])
        #expect(sp.warnings.count == 1)
        #expect(sp.warnings.first?.line == 6)
        #expect(sp.warnings.first?.message.contains("no Binding attribute") == true)
        #expect(sp.warnings.first?.message.contains("case-sensitive") == true)
    }

    @Test func entitiesTestshibIdpAndSp() throws {
        let document = try Fixture.parse("entities-testshib-idp-and-sp.xml")
        #expect(document.entity.entityID == "https://idp.testshib.org/idp/shibboleth")
        #expect(document.enclosingEntitiesDescriptors.map(\.name) == ["urn:mace:shibboleth:testshib:two"])
        let single = try Fixture.parse("shibboleth-idp-testshib.xml")
        let idp = try #require(document.identityProvider)
        #expect(idp.singleSignOnServices == single.identityProvider?.singleSignOnServices)
        #expect(idp.keyDescriptors.count == 1)
        #expect(idp.keyDescriptors.first?.uses == [.unspecified])
        #expect(idp.keyDescriptors.first?.certificate.subject == "CN=idp.testshib.org")
        #expect(idp.keyDescriptors.first?.certificate.notAfter == (try utc("2036-08-23T21:20:54Z")))
        // The attribute authority has a different certificate, which is not the IdP's.
        let attributeAuthority = try #require(document.entity.roles.first { $0.kind == .attributeAuthorityDescriptor })
        #expect(attributeAuthority.keyDescriptors.first?.certificate.notAfter == (try utc("2016-08-27T21:12:25Z")))
        #expect(
            attributeAuthority.keyDescriptors.first?.certificate.sha256Fingerprint
                != idp.keyDescriptors.first?.certificate.sha256Fingerprint)

        let sp = try #require(
            try Fixture.parse("entities-testshib-idp-and-sp.xml", entityID: "https://sp.testshib.org/shibboleth-sp")
                .entity.roles.first)
        #expect(sp.kind == .spSSODescriptor)
        #expect(sp.assertionConsumerServices.map(\.index) == Array(1...8))
        #expect(
            Set(sp.assertionConsumerServices.map(\.binding)) == [
                binding("HTTP-POST"), binding("HTTP-POST-SimpleSign"), binding("HTTP-Artifact"),
                "urn:oasis:names:tc:SAML:1.0:profiles:browser-post", "urn:oasis:names:tc:SAML:1.0:profiles:artifact-01",
                "http://schemas.xmlsoap.org/ws/2003/07/secext",
            ])
        #expect(sp.singleLogoutServices.count == 4)
        #expect(sp.keyDescriptors.count == 1)
        #expect(sp.keyDescriptors.first?.uses == [.unspecified])
        #expect(sp.keyDescriptors.first?.certificate.notAfter == (try utc("2016-08-27T21:24:39Z")))
    }

    @Test func entitiesSwamidTestAggregate() throws {
        let document = try Fixture.parse("entities-swamid-test-aggregate.xml")
        #expect(document.enclosingEntitiesDescriptors.map(\.name) == ["urn:mace:swami.se:swamid:test-1.0"])
        #expect(document.enclosingEntitiesDescriptors.first?.validUntil == nil)
        #expect(document.entities.count == 58)
        let kinds = document.entities.flatMap(\.roleKinds)
        #expect(kinds.filter { $0 == .spSSODescriptor }.count == 48)
        #expect(kinds.filter { $0 == .idpSSODescriptor }.count == 10)
        #expect(kinds.filter { $0 == .attributeAuthorityDescriptor }.count == 8)
        // The only SAML 2.0 IdP among ten IdPs.
        #expect(document.entities.filter(\.isSAML2IdentityProvider).map(\.entityID) == [document.entity.entityID])
        #expect(document.entity.entityID == "https://idp.umu.se/saml2/idp/metadata.php")
        let idp = try #require(document.identityProvider)
        #expect(
            pairs(idp.singleSignOnServices) == [
                [binding("HTTP-Redirect"), "https://idp.umu.se/saml2/idp/SSOService.php"]
            ])
        #expect(idp.nameIDFormats == [.transient])
        #expect(idp.signingKeys.first?.certificate.notAfter == (try utc("2012-02-05T11:55:56Z")))

        // A SAML 1.1/Shibboleth-only IdP can be read by entityID, but it is not a SAML 2.0 IdP.
        let kth = try Fixture.parse(
            "entities-swamid-test-aggregate.xml", entityID: "https://shibboleth.sys.kth.se/identity")
        #expect(kth.identityProvider == nil)
        let kthIdP = try #require(kth.entity.roles.first { $0.kind == .idpSSODescriptor })
        #expect(!kthIdP.protocolSupportEnumeration.contains(RoleDescriptor.saml2Protocol))
        #expect(kthIdP.singleSignOnServices.first?.binding == "urn:mace:shibboleth:1.0:profiles:AuthnRequest")

        // The one entity written with the md: prefix (and xml:base) reads like the others.
        let cambro = try Fixture.parse(
            "entities-swamid-test-aggregate.xml", entityID: "https://www.cambro.umu.se/shibboleth")
        #expect(cambro.entity.line == 1634)
        #expect(cambro.entity.roles.map(\.kind) == [.spSSODescriptor])

        // 67 KeyDescriptor certificates, one role lists the same one twice: 66 per role after de-duplication.
        // All parse, and all expired between 2006-12-31 and 2018-09-13.
        var certificates: [X509CertificateInfo] = []
        for summary in document.entities {
            let entity = try Fixture.parse("entities-swamid-test-aggregate.xml", entityID: summary.entityID).entity
            certificates += entity.roles.flatMap(\.keyDescriptors).map(\.certificate)
            #expect(entity.roles.allSatisfy { $0.certificateProblems.isEmpty }, "\(summary.entityID)")
        }
        #expect(certificates.count == 66)
        let notAfter = certificates.map(\.notAfter)
        #expect(notAfter.min().map(Calendar.utc.day(of:)) == "2006-12-31")
        #expect(notAfter.max().map(Calendar.utc.day(of:)) == "2018-09-13")
        #expect(notAfter.allSatisfy { $0 < Date() })
    }

    /// Every corpus file is covered by a test above.
    @Test func everyCorpusFileHasATest() throws {
        #expect(try Fixture.corpusFiles().count == 17)
    }
}

extension Calendar {
    static var utc: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }

    /// `YYYY-MM-DD` of `date` in this calendar.
    func day(of date: Date) -> String {
        let parts = dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
