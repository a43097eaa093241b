import Foundation
import Testing

@testable import SAMLMetadata

@Suite("Certificates")
struct X509CertificateInfoTests {
    @Test func fieldsMatchOpenSSL() throws {
        // openssl x509 -noout -fingerprint -sha256 -serial -subject -dates on keycloak-idp.xml's certificate.
        let info = try X509CertificateInfo.decode(base64: MetadataReaderTests.keycloakCertificate).get()
        #expect(
            info.sha256Fingerprint
                == "46:FF:7B:82:D3:EF:89:A8:A8:91:68:96:40:B4:A4:51:8E:D0:6E:E7:E6:1C:7E:35:FB:9D:92:73:3A:D9:C0:15")
        #expect(info.serialNumber == "01:83:D7:C6:54:F1")
        #expect(info.subject == "CN=firezone")
        #expect(info.issuer == "CN=firezone")
        #expect(info.notBefore == (try utc("2022-10-14T18:32:22Z")))
        #expect(info.notAfter == (try utc("2032-10-14T18:34:02Z")))
        #expect(info.base64DER == MetadataReaderTests.keycloakCertificate)
        #expect(info.strictParsingProblem == nil)
    }

    @Test func whitespaceInsideTheBase64IsIgnored() throws {
        let spaced = MetadataReaderTests.keycloakCertificate.enumerated()
            .map { $0.offset % 64 == 63 ? "\($0.element)\r\n\t " : String($0.element) }.joined()
        #expect(
            try X509CertificateInfo.decode(base64: spaced).get()
                == X509CertificateInfo.decode(base64: MetadataReaderTests.keycloakCertificate).get())
    }

    @Test func base64OfPEMIsExplained() throws {
        let pem = "-----BEGIN CERTIFICATE-----\n\(MetadataReaderTests.keycloakCertificate)\n-----END CERTIFICATE-----\n"
        let result = X509CertificateInfo.decode(base64: Data(pem.utf8).base64EncodedString())
        #expect(throws: X509CertificateInfo.DecodingFailure.self) { try result.get() }
        guard case .failure(let failure) = result else { return }
        #expect(failure.reason.contains("base64-encoded twice"))
    }

    @Test func validityWindowIsInclusive() throws {
        let info = try X509CertificateInfo.decode(base64: MetadataReaderTests.keycloakCertificate).get()
        #expect(info.isValid(at: info.notBefore))
        #expect(info.isValid(at: info.notAfter))
        #expect(!info.isValid(at: info.notAfter.addingTimeInterval(1)))
        #expect(!info.isValid(at: info.notBefore.addingTimeInterval(-1)))
    }
}
