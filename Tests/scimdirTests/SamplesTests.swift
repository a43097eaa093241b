import Foundation
import SCIM
import Testing

/// `samples/` as the README's quick start uses it: the sample directory is clean, and `okta-provisioning.sh`
/// provisions a user into a served copy of it (issue 3, item 9).
@Suite struct SamplesTests {
    static let samples = repositoryRoot.appendingPathComponent("samples")

    static func tool(_ name: String) -> URL? {
        ["/usr/bin/\(name)", "/bin/\(name)"].first { FileManager.default.isExecutableFile(atPath: $0) }
            .map { URL(fileURLWithPath: $0) }
    }

    @Test func theSampleDirectoryChecksClean() throws {
        let check = try ScimdirProcess.run(
            ["check", "--directory", Self.samples.appendingPathComponent("scim-directory").path])
        #expect(check.status == 0, "\(check.output)\(check.errors)")
        #expect(check.output.isEmpty)
        #expect(check.errors.contains("3 users, 2 groups, 0 problems"), "\(check.errors)")
    }

    @Test(.enabled(if: tool("curl") != nil && tool("bash") != nil, "needs bash and curl (apt-get install curl)"))
    func oktaProvisioningScriptCreatesAUserFileInACopyOfTheSamples() async throws {
        let folders = try ScimdirProcess.makeFolders()
        defer { try? FileManager.default.removeItem(at: folders.root) }
        try FileManager.default.removeItem(at: folders.directory)
        try FileManager.default.copyItem(
            at: Self.samples.appendingPathComponent("scim-directory"), to: folders.directory)
        let users = folders.directory.appendingPathComponent("users")
        let before = Disk.names(users)
        let server = try await ScimdirProcess.start(directory: folders.directory, stateDirectory: folders.state)

        func runScript() throws -> (status: Int32, output: String, errors: String) {
            try ScimdirProcess.run(
                [Self.samples.appendingPathComponent("okta-provisioning.sh").path],
                environment: ["SCIMDIR_URL": server.baseURL, "SCIMDIR_TOKEN": server.token],
                program: try #require(Self.tool("bash")))
        }
        let run = try runScript()
        #expect(run.status == 0, "\(run.errors)")

        let added = Set(Disk.names(users)).subtracting(before)
        try #require(added.count == 1, "\(added)")
        let file = try #require(added.first)
        #expect(run.errors.contains("== Done: users/\(file)"), "\(run.errors)")
        let user = try Disk.json(users.appendingPathComponent(file))
        #expect(user["userName"] == "dana@example.com")
        #expect(user["externalId"] == "00u1dana")
        #expect(user["active"] == false, "the script's last step deactivates the user")
        #expect(user["password"] == nil)

        // As the script and the README say, a second run on the same directory stops at 409 (uniqueness).
        let again = try runScript()
        #expect(again.status == 1)
        #expect(again.errors.contains("expected 201, got 409"), "\(again.errors)")
        #expect(await server.stop() == 0)
        #expect(!server.log.contains(server.token))
    }
}
