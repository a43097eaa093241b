import SCIMServer
import Testing

/// Every identity-provider transcript in `Transcripts/` (copied from `../shared/idp-transcripts/`) replays against a
/// fresh server on an empty directory, as the transcripts' README prescribes.
@Suite struct TranscriptReplayTests {
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
