import DirectoryStore
import Foundation
import Testing

@testable import SCIMServer

/// The token comparison (issue 8; ARCHITECTURE §8): a wrong token costs the same as a right one. Timing it would be
/// flaky, so these tests check what makes it so — every token is hashed, and the full digests are always compared.
@Suite struct SecretsTokenVerifierTests {
    /// Bytes that record which positions were read.
    struct RecordingBytes: Collection {
        final class Log: @unchecked Sendable {
            var reads: [Int] = []
        }

        let bytes: [UInt8]
        let log = Log()

        var startIndex: Int { bytes.startIndex }
        var endIndex: Int { bytes.endIndex }
        func index(after index: Int) -> Int { index + 1 }
        subscript(position: Int) -> UInt8 {
            log.reads.append(position)
            return bytes[position]
        }
    }

    @Test(arguments: [0, 15, 31])
    func aDifferenceAnywhereIsFoundAfterReadingEveryByteOfBoth(_ position: Int) {
        let digest = (0..<32).map { UInt8($0 * 7 % 256) }
        var other = digest
        other[position] ^= 0x01
        let expected = RecordingBytes(bytes: digest)
        let presented = RecordingBytes(bytes: other)
        #expect(TokenVerifier.constantTimeEqual(expected, presented) == false)
        #expect(expected.log.reads == Array(0..<32), "the comparison stopped early")
        #expect(presented.log.reads == Array(0..<32), "the comparison stopped early")
    }

    @Test func equalDigestsAreEqualAndDifferentLengthsAreNot() {
        let digest = (0..<32).map { UInt8(255 - $0) }
        #expect(TokenVerifier.constantTimeEqual(digest, digest))
        #expect(!TokenVerifier.constantTimeEqual(digest, Array(digest.prefix(31))))
        #expect(!TokenVerifier.constantTimeEqual(digest, digest + [0]))
        #expect(TokenVerifier.constantTimeEqual([UInt8](), [UInt8]()))
    }

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
