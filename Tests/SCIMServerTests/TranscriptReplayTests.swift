import Foundation
import SCIMServer
import Testing

/// Every identity-provider transcript in `Transcripts/` (copied from `../shared/idp-transcripts/`) replays against a
/// fresh server on an empty directory, as the transcripts' README prescribes.
@Suite struct TranscriptReplayTests {
    /// How many transcripts `../shared/idp-transcripts/` holds (its `.json` files); raise it when copying new ones.
    static let sharedTranscriptCount = 11

    /// `Transcript.allNames` reads the test bundle and gives `[]` when it cannot list it, which would make ``replay(_:)``
    /// pass with no cases at all: every copy in the source tree must be found, and none may be missing.
    @Test func everyTranscriptCopyIsFoundInTheBundle() throws {
        let copies = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Transcripts")
        let names = try FileManager.default.contentsOfDirectory(atPath: copies.path)
            .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
        #expect(names.count == Self.sharedTranscriptCount, "\(names)")
        #expect(Transcript.allNames == names)
    }

    @Test(arguments: Transcript.allNames)
    func replay(_ name: String) async throws {
        let transcript = try Transcript(named: name)
        let server = try await TestServer.make()
        let failure = try await server.test { client in
            var replayer = TranscriptReplayer(basePath: server.configuration.basePath, token: server.token)
            return try await replayer.replay(transcript, with: client)
        }
        #expect(failure == nil, "\(failure ?? "")")
    }
}
