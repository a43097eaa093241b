import Foundation
import SCIM
import Testing

/// The commands a newcomer and an admin run: the quick start, `token`, `check` (issue 3).
@Suite struct CommandLineTests {
    @Test func quickStartServePrintsTheURLAndATokenThatCreatesAUserFile() async throws {
        let folders = try ScimdirProcess.makeFolders()
        defer { try? FileManager.default.removeItem(at: folders.root) }
        let server = try await ScimdirProcess.startFresh(in: folders.root)

        #expect(server.announcement.contains("serving SCIM 2.0 at http://127.0.0.1:"))
        #expect(server.baseURL.hasSuffix("/api/ee/scim/v2"))
        #expect(server.token.hasPrefix("scimdir_") && server.token.count == 51, "\(server.announcement)")
        #expect(server.announcement.contains("cannot be shown again"))
        #expect(!server.log.contains(server.token), "the token must never reach the log")

        // As `curl -H "Authorization: Bearer …" -H "Content-Type: application/scim+json" -d '{…}'` would.
        let created = try await server.request(
            "POST", "/Users",
            body: ["schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "alice@example.com"])
        #expect(created.status == 201)
        let id = try #require(created.body?["id"]?.stringValue)
        let file = folders.root.appendingPathComponent("scim-directory/users/\(id).json")
        #expect(try Disk.json(file)["userName"] == "alice@example.com")
        #expect(await server.stop() == 0)
        #expect(!server.log.contains(server.token))

        // The second start has a token already and does not print one.
        let again = try await ScimdirProcess.startFresh(in: folders.root)
        #expect(!again.announcement.contains("scimdir_"))
        #expect(await again.stop() == 0)
    }

    @Test func tokenRotateWhileServingRejectsTheOldTokenAtOnce() async throws {
        let folders = try ScimdirProcess.makeFolders()
        defer { try? FileManager.default.removeItem(at: folders.root) }
        let server = try await ScimdirProcess.start(directory: folders.directory, stateDirectory: folders.state)
        #expect(try await server.get("/Users").status == 200)

        let rotated = try ScimdirProcess.run(["token", "rotate", "--state-directory", folders.state.path])
        #expect(rotated.status == 0)
        let newToken = rotated.output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(rotated.output == newToken + "\n", "the token alone on standard output")
        #expect(newToken.hasPrefix("scimdir_") && newToken != server.token)
        #expect(!rotated.errors.contains(newToken))

        let old = try await server.get("/Users")
        #expect(old.status == 401)
        #expect(old.headers["www-authenticate"]?.hasPrefix("Bearer") == true)
        let new = try await server.request("GET", "/Users", headers: ["Authorization": "Bearer \(newToken)"])
        #expect(new.status == 200)
        #expect(await server.stop() == 0)
        #expect(!server.log.contains(newToken) && !server.log.contains(server.token))
    }

    @Test func tokenStatusSaysWhetherATokenExistsAndSinceWhen() throws {
        let folders = try ScimdirProcess.makeFolders()
        defer { try? FileManager.default.removeItem(at: folders.root) }
        let none = try ScimdirProcess.run(["token", "status", "--state-directory", folders.state.path])
        #expect(none.status == 1)
        #expect(none.output.contains("No bearer token"))

        try ScimdirProcess.run(["token", "rotate", "--state-directory", folders.state.path])
        let some = try ScimdirProcess.run(["token", "status", "--state-directory", folders.state.path])
        #expect(some.status == 0)
        let year = String(Calendar(identifier: .gregorian).component(.year, from: Date()))
        #expect(some.output.contains("created \(year)-"), "\(some.output)")
        let attributes = try FileManager.default.attributesOfItem(
            atPath: folders.state.appendingPathComponent("token.json").path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    @Test func environmentVariablesChooseTheFolders() throws {
        let folders = try ScimdirProcess.makeFolders()
        defer { try? FileManager.default.removeItem(at: folders.root) }
        try ScimdirProcess.run(["token", "rotate"], environment: ["SCIMDIR_STATE_DIRECTORY": folders.state.path])
        #expect(FileManager.default.fileExists(atPath: folders.state.appendingPathComponent("token.json").path))
        let check = try ScimdirProcess.run(["check"], environment: ["SCIMDIR_DIRECTORY": folders.directory.path])
        #expect(check.status == 0, "\(check.errors)")
    }

    @Test func checkIsCleanOnAValidDirectory() async throws {
        let folders = try ScimdirProcess.makeFolders()
        defer { try? FileManager.default.removeItem(at: folders.root) }
        let server = try await ScimdirProcess.start(directory: folders.directory, stateDirectory: folders.state)
        let alice = try await server.createUser("alice@example.com")
        _ = try await server.request(
            "POST", "/Groups",
            body: [
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Engineering",
                "members": [["value": alice["id"]!]],
            ])
        #expect(await server.stop() == 0)
        let check = try ScimdirProcess.run(["check", "--directory", folders.directory.path])
        #expect(check.status == 0)
        #expect(check.output.isEmpty)
        #expect(check.errors.contains("1 users, 1 groups, 0 problems"))
    }

    @Test func checkReportsInvalidJSONAMismatchedIdAndADuplicateUserName() throws {
        let folders = try ScimdirProcess.makeFolders()
        defer { try? FileManager.default.removeItem(at: folders.root) }
        let users = folders.directory.appendingPathComponent("users")
        try FileManager.default.createDirectory(at: users, withIntermediateDirectories: true)
        func user(_ id: String, _ userName: String) -> String {
            JSONWriter.pretty.string([
                "id": .string(id), "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                "userName": .string(userName),
            ])
        }
        try user("a", "alice@example.com").write(
            to: users.appendingPathComponent("a.json"), atomically: false, encoding: .utf8)
        try user("b", "ALICE@example.com").write(
            to: users.appendingPathComponent("b.json"), atomically: false, encoding: .utf8)
        try user("other", "carol").write(to: users.appendingPathComponent("c.json"), atomically: false, encoding: .utf8)
        try "{\n  \"id\": \"d\",\n  \"userName\": \"dave\"\n  \"active\": true\n}\n"
            .write(to: users.appendingPathComponent("d.json"), atomically: false, encoding: .utf8)

        let check = try ScimdirProcess.run(["check", "--directory", folders.directory.path])
        #expect(check.status == 1)
        let lines = check.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(check.output)")
        #expect(
            lines.contains { $0.hasPrefix("users/b.json: ") && $0.contains("userName") && $0.contains("uniqueness") })
        #expect(lines.contains { $0.hasPrefix("users/c.json: ") && $0.contains("other") })
        #expect(lines.contains { $0.hasPrefix("users/d.json: line 4, column 3: ") }, "\(check.output)")
        #expect(check.errors.contains("3 problems"))
    }

    @Test func checkReportsJSONFilesWhoseNameIsNoIdButNotEditorDroppings() throws {
        let folders = try ScimdirProcess.makeFolders()
        defer { try? FileManager.default.removeItem(at: folders.root) }
        let users = folders.directory.appendingPathComponent("users")
        try FileManager.default.createDirectory(at: users, withIntermediateDirectories: true)
        for name in ["Alice Smith.json", ".alice.json.swp", "alice.json~", "4913", ".#alice.json", "notes.txt"] {
            try "{}".write(to: users.appendingPathComponent(name), atomically: false, encoding: .utf8)
        }
        let check = try ScimdirProcess.run(["check", "--directory", folders.directory.path])
        #expect(check.status == 1)
        #expect(
            check.output.split(separator: "\n").map(String.init) == [
                "users/Alice Smith.json: the name is not <id>.json with an id of 1–128 characters [A-Za-z0-9._-]; the file is ignored"
            ])
    }

    @Test func checkOfAMissingDirectoryFails() throws {
        let check = try ScimdirProcess.run(["check", "--directory", "/nonexistent/scimdir-\(UUID().uuidString)"])
        #expect(check.status == 64, "as the README says")
        #expect(check.errors.contains("does not exist"))
    }
}
