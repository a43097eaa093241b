import Foundation
import Testing

@testable import SAMLMetadata

@Suite("NameIDFormat")
struct NameIDFormatTests {
    @Test(arguments: [
        ("urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress", NameIDFormat.Kind.emailAddress),
        ("urn:oasis:names:tc:SAML:2.0:nameid-format:emailAddress", .emailAddress),
        ("urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified", .unspecified),
        ("urn:oasis:names:tc:SAML:2.0:nameid-format:unspecified", .unspecified),
        ("urn:oasis:names:tc:SAML:2.0:nameid-format:persistent", .persistent),
        ("urn:oasis:names:tc:SAML:2.0:nameid-format:transient", .transient),
        ("urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName", .other),
        ("urn:mace:shibboleth:1.0:nameIdentifier", .other),
        ("urn:oasis:names:tc:SAML:1.1:nameid-format:emailaddress", .other),  // URIs are case-sensitive
    ])
    func classification(uri: String, kind: NameIDFormat.Kind) {
        let format = NameIDFormat(rawValue: uri)
        #expect(format.kind == kind)
        #expect(format.identifiesAccounts == (kind != .transient))
        #expect(format.description == uri)
    }

    @Test func constantsAreTheStandardURIs() {
        #expect(NameIDFormat.emailAddress.kind == .emailAddress)
        #expect(NameIDFormat.unspecified.kind == .unspecified)
        #expect(NameIDFormat.persistent.kind == .persistent)
        #expect(NameIDFormat.transient.kind == .transient)
        #expect(!NameIDFormat.transient.identifiesAccounts)
    }

    @Test func encodesAsAPlainString() throws {
        let encoded = try JSONEncoder().encode([NameIDFormat.persistent])
        #expect(
            String(decoding: encoded, as: UTF8.self) == #"["urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"]"#)
        #expect(try JSONDecoder().decode([NameIDFormat].self, from: encoded) == [.persistent])
    }
}
