import Foundation
import SCIM
import Testing

/// The real binary serves, creates files and stops cleanly.
@Suite struct ServeSmokeTests {
    @Test func createdUserAppearsAsAFileAndSurvivesRestart() async throws {
        let folders = try ScimdirProcess.makeFolders()
        defer { try? FileManager.default.removeItem(at: folders.root) }
        let server = try await ScimdirProcess.start(directory: folders.directory, stateDirectory: folders.state)
        let created = try await server.request("POST", "/Users", body: ["userName": "alice@example.com"])
        #expect(created.status == 201)
        let id = try #require(created.body?["id"]?.stringValue)
        #expect(FileManager.default.fileExists(atPath: folders.directory.appendingPathComponent("users/\(id).json").path))
        #expect(await server.stop() == 0)

        let restarted = try await ScimdirProcess.start(directory: folders.directory, stateDirectory: folders.state)
        let read = try await restarted.request("GET", "/Users/\(id)")
        #expect(read.body?["userName"] == "alice@example.com")
        #expect(await restarted.stop() == 0)
    }
}
