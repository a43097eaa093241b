import Foundation
import SCIM
import Testing

/// What a SIGKILL in the middle of an atomic write leaves — a hidden, half-written temporary file beside its target —
/// is removed at the next start: in the directory (ARCHITECTURE §4.1) and in the state directory and its outbox
/// (§6), where nothing else would ever remove it.
@Suite struct CrashLeftoverFilesTests {
    @Test func aRestartRemovesTheTemporaryFilesOfInterruptedWrites() async throws {
        let folders = try ScimdirProcess.makeFolders()
        defer { try? FileManager.default.removeItem(at: folders.root) }
        let first = try await ScimdirProcess.start(directory: folders.directory, stateDirectory: folders.state)
        _ = try await first.createUser("alice@example.com")
        await first.kill()

        let half = #"{"formatVersion": 1, "sequence": 2, "entr"#
        let leftovers = [
            "directory/users/.0b8a4f0e-2d9e-4c54-8f5e-1d2c3b4a5f6e.json.tmp-3ofog17dzmcm7",
            "directory/groups/.7c6d5e4f-3a2b-4c1d-9e8f-7a6b5c4d3e2f.json.tmp-14cygr3j4wr7b",
            "state/outbox/.0000000002.json.tmp-1x2y3z", "state/.access-state.json.tmp-4a5b6c",
            "state/.held.json.tmp-7d8e9f", "state/.delivery.json.tmp-0g1h2i",
        ]
        // A token rotation that is writing right now: not the server's to remove.
        let fresh = "state/.token.json.tmp-5j6k7l"
        for path in leftovers + [fresh] {
            try Data(half.utf8).write(to: folders.root.appendingPathComponent(path))
        }

        let server = try await ScimdirProcess.start(directory: folders.directory, stateDirectory: folders.state)
        for path in leftovers {
            #expect(!FileManager.default.fileExists(atPath: folders.root.appendingPathComponent(path).path), "\(path)")
        }
        #expect(FileManager.default.fileExists(atPath: folders.root.appendingPathComponent(fresh).path))
        #expect(
            server.logLines("removing a temporary file left by an interrupted write").count == leftovers.count,
            "\(server.log)")
        // The half-written diff 2 was never a diff: the next one is 2, and every diff reads.
        _ = try await server.createUser("bob@example.com")
        #expect(Disk.names(folders.state.appendingPathComponent("outbox")) == ["0000000001.json", "0000000002.json"])
        let list = try ScimdirProcess.run(["diff", "list", "--state-directory", folders.state.path])
        #expect(list.status == 0, "\(list.errors)")
        #expect(list.output.contains("bob@example.com"))
        #expect(await server.stop() == 0)
    }
}
