import Foundation
import SAMLMetadata
import Testing

/// Inputs on which the SAML metadata fuzzer (`Tests/Fuzz/run.sh saml`) crashed the parser, minimized by libFuzzer.
/// Each must now parse, or fail with a `SAMLMetadataError`, like any other document.
@Suite("SAML metadata fuzz regressions")
struct SAMLMetadataFuzzRegressionTests {
    /// Entra ID's signing certificate with one bit of its RSA modulus flipped, so that the modulus is even.
    /// BoringSSL refuses such a key; swift-crypto 3.12.3 then freed the half-built key twice when
    /// swift-certificates asked it for the certificate's public key (a heap use-after-free: a crash or a corrupted
    /// heap). The certificate's fields are still readable, so it is kept, with the refusal as its problem.
    /// (Without AddressSanitizer the second free usually goes unnoticed; `swift test --sanitize=address` catches it.)
    @Test func certificateWithEvenRSAModulusIsReadNotFreedTwice() throws {
        let document = try SAMLMetadataParser().parse(Data(Self.evenModulusMetadata.utf8))
        let certificate = try #require(document.identityProvider?.keyDescriptors.first?.certificate)
        #expect(certificate.subject == "CN=accounts.accesscontrol.windows.net")
        #expect(certificate.strictParsingProblem != nil)
    }

    /// The same document, parsed again, gave another problem text: it quoted BoringSSL's error code, which
    /// swift-crypto takes from a per-thread queue that the previous failure had left filled.
    @Test func certificateProblemDoesNotDependOnEarlierParses() throws {
        let data = Data(Self.evenModulusMetadata.utf8)
        let first = try SAMLMetadataParser().parse(data)
        let second = try SAMLMetadataParser().parse(data)
        #expect(first == second)
    }

    /// The minimized document, with line breaks between attributes and in the base64 (as published metadata has).
    private static let evenModulusMetadata = """
        <EntityDescriptor entityID="n/" xmlns="urn:oasis:names:tc:SAML:2.0:metadata">r<IDPSSODescriptor
            protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><KeyDescriptor ><KeyInfo
            xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data><X509Certificate>
        MIIC/jCCAeagAwIBAgIJAMLPOsrVIp5bMA0GCSqGSIb3DQEBCwUAMC0xKzApBgNVBAMTImFjY291bnRzLmFjY2Vzc2NvbnRyb2wu
        d2luZG93cy5uZXQwHhcNMjYwMTEwMTgwNDQyWhcNMzEwMTEwMTgwNDQyWjAtMSswKQYDVQQDEyJhY2NvdW50cy5hY2Nlc3Njb250
        cm9sLndpbmRvd3MubmV0MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAk09X5r+SbXStrinDLVPvl1aZ8zHk8uIiyZK5
        x2zvP7sCsYFfYHzL6zYP4D6+xOTT3EowLRcjH5rIkNYpuTT2ZqIoTOrXs2b9OKh9+Zj4qVmxJVU830D/ARoWXVWoqbn8Mknogsbk
        JgxFhS5H0vbTtn9lUvztOGN7oxieEoHJlZSlzNtBuGwctSxsVgyUHr/N2bzOkGVwCrAx+eEAO6B7HlgvNaRi2P0ZGau3wspgFnPT
        dMzi3a7aF4EzXnX272iqYziTkkKJLcJ0OPiJyq0YDKunhd0Eo14AmBF2FvMTxeNcvgNvetck4FL2qiUkQL8RYKEbdBuVz6fsMTHb
        9dDGGAIDAQABoyEwHzAdBgNVHQ4EFgQUe2VCRpDlY2js1I1RImw8UluJQMowDQYJKoZIhvcNAQELBQADggEBAIki+/svGlH6WOsv
        VP4I/PUAHSbaQE3rQ5d6EfKJ5+BTWMV/LQFYp9mlL0t30xaXFrQiHONATgogk5RszWS4f/G+3DidbCN8omlv6cgovAlSInNcHiAq
        QbLWNZx4GOPQi2UJHOE9dPy7D3GzA8JmrdQRh7n4Uq5kew3SD9ztO1KzCieR1wPlOhWYoWMc/pAj+0/yVS99g0Hi0nJVaL30+dGJ
        ocDUhmQZeJFGKO6wvZRWOAq3jR2KNTn+B8WCmlMb3IxZMSKblk0fsEaWMaGvoSm+78MHTeS90W7fOIVcAImijgDExcjSFu0yQ9CM
        J0fZrhBq6tIWHjxls9Z6fGaHdBA=
        </X509Certificate></X509Data></KeyInfo></KeyDescriptor></IDPSSODescriptor></EntityDescriptor>
        """
}
