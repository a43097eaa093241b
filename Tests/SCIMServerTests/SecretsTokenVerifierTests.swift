import DirectoryStore
import Foundation
import Testing

@testable import SCIMServer

/// The token comparison (issue 8; ARCHITECTURE §8): a wrong token costs the same as a right one. Timing it would be
/// flaky, so this checks what makes it so: every presented token is hashed to a full digest, which swift-crypto
/// compares in constant time.
@Suite struct SecretsTokenVerifierTests {
    @Test func aPrefixOfTheTokenOrTheTokenWithMoreIsRejectedAndDigestsAreAlwaysFullLength() throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent(
            "scimdir-secrets-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: state) }
        let tokens = TokenStore(stateDirectory: state)
        let token = try tokens.rotate()
        let verifier = TokenVerifier(store: tokens)
        #expect(verifier.verify(token))
        for wrong in [String(token.dropLast()), String(token.prefix(9)), token + "x", "", token.uppercased()] {
            #expect(!verifier.verify(wrong), "\(wrong)")
            // Whatever is presented is hashed to a full 32-byte digest before the comparison.
            #expect(TokenStore.digest(of: wrong).count == 32)
        }
    }
}
