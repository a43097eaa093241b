import Foundation
import SCIM
import Testing

/// The directory kept in git: checkouts are reloaded as batches, and `--git-commit` records every SCIM write
/// (issue 4).
@Suite(.serialized) struct GitDirectoryTests {
    static func userJSON(_ id: String, _ userName: String, _ extra: JSONObject = [:]) -> String {
        var object: JSONObject = [
            "id": .string(id), "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": .string(userName),
        ]
        object.merge(extra) { _, new in new }
        return JSONWriter.pretty.string(.object(object))
    }

    static func makeDirectory(_ directory: URL) throws -> (users: URL, groups: URL) {
        let users = directory.appendingPathComponent("users")
        let groups = directory.appendingPathComponent("groups")
        try FileManager.default.createDirectory(at: users, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: groups, withIntermediateDirectories: true)
        return (users, groups)
    }

    @Test func checkingOutACommitThatRemovedThreeUsersRemovesThemAndCheckingOutBackRestoresThem() async throws {
        let folders = try ScimdirProcess.makeFolders()
        defer { try? FileManager.default.removeItem(at: folders.root) }
        let (users, groups) = try Self.makeDirectory(folders.directory)
        let ids = (1...5).map { "user-\($0)" }
        for id in ids {
            try Self.userJSON(id, "\(id)@example.com").write(
                to: users.appendingPathComponent("\(id).json"), atomically: false, encoding: .utf8)
        }
        try JSONWriter.pretty.string([
            "id": "team", "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Team",
            "members": .array(ids.map { ["value": .string($0)] }),
        ]).write(to: groups.appendingPathComponent("team.json"), atomically: false, encoding: .utf8)
        let git = Git(directory: folders.directory)
        try git("init", "--quiet")
        try git("add", "-A")
        try git("commit", "--quiet", "-m", "five users")
        try git("rm", "--quiet", "users/user-1.json", "users/user-2.json", "users/user-3.json")
        try git("commit", "--quiet", "-m", "remove three")
        let removing = try git("rev-parse", "HEAD")
        try git("checkout", "--quiet", "HEAD~1")

        let server = try await ScimdirProcess.start(directory: folders.directory, stateDirectory: folders.state)
        func status(_ id: String) async throws -> Int { try await server.get("/Users/\(id)").status }
        func members() async throws -> Set<String> {
            let group = try await server.get("/Groups/team")
            return Set(group.body?["members"]?.arrayValue?.compactMap { $0["value"]?.stringValue } ?? [])
        }
        #expect(try await members() == Set(ids))

        try git("checkout", "--quiet", removing)
        let removed = try await poll(timeout: .seconds(20)) {
            for id in ids.prefix(3) where try await status(id) != 404 { return false }
            return true
        }
        #expect(removed != nil)
        #expect(try await status("user-4") == 200)
        #expect(try await status("user-5") == 200)
        #expect(try await members() == ["user-4", "user-5"])

        try git("checkout", "--quiet", "HEAD~1")
        let restored = try await poll(timeout: .seconds(20)) {
            for id in ids where try await status(id) != 200 { return false }
            return true
        }
        #expect(restored != nil)
        #expect(try await members() == Set(ids), "group memberships come back with the users")
        #expect(try await server.get("/Users/user-1").body?["groups"]?.arrayValue?.count == 1)
        #expect(try git("status", "--porcelain").isEmpty)
        #expect(await server.stop() == 0)
    }

    /// Checking out a commit without `users/` removes the watched folder itself; checking out back recreates it.
    @Test func aCheckoutThatRemovesAndRestoresTheUsersFolderIsFollowed() async throws {
        let folders = try ScimdirProcess.makeFolders()
        defer { try? FileManager.default.removeItem(at: folders.root) }
        let (users, _) = try Self.makeDirectory(folders.directory)
        for id in ["a", "b"] {
            try Self.userJSON(id, "\(id)@example.com").write(
                to: users.appendingPathComponent("\(id).json"), atomically: false, encoding: .utf8)
        }
        let git = Git(directory: folders.directory)
        try git("init", "--quiet")
        try "".write(to: folders.directory.appendingPathComponent("README"), atomically: false, encoding: .utf8)
        try git("add", "README")
        try git("commit", "--quiet", "-m", "empty directory")
        let empty = try git("rev-parse", "HEAD")
        try git("add", "-A")
        try git("commit", "--quiet", "-m", "two users")
        let server = try await ScimdirProcess.start(directory: folders.directory, stateDirectory: folders.state)
        func count() async throws -> Int? { try await server.get("/Users?count=0").body?["totalResults"]?.integerValue }
        #expect(try await count() == 2)

        try git("checkout", "--quiet", empty)
        #expect(!FileManager.default.fileExists(atPath: users.path))
        #expect(try await poll(timeout: .seconds(20)) { try await count() == 0 } != nil)

        try git("checkout", "--quiet", "main")
        #expect(try await poll(timeout: .seconds(20)) { try await count() == 2 } != nil)
        // The new folder is watched again: a hand edit in it is picked up.
        try Disk.edit(users.appendingPathComponent("a.json")) { $0["title"] = "Back" }
        #expect(
            try await poll(timeout: .seconds(20)) { try await server.get("/Users/a").body?["title"] == "Back" } != nil)
        #expect(await server.stop() == 0)
    }

    @Test func oneCheckoutOfTenThousandFilesIsOneBatch() async throws {
        let folders = try ScimdirProcess.makeFolders()
        defer { try? FileManager.default.removeItem(at: folders.root) }
        let (users, _) = try Self.makeDirectory(folders.directory)
        let count = 10_000
        let git = Git(directory: folders.directory)
        try git("init", "--quiet")
        for generation in ["v1", "v2"] {
            for index in 0..<count {
                let id = String(format: "u%05d", index)
                try Self.userJSON(id, "\(id)@example.com", ["title": .string(generation)])
                    .write(to: users.appendingPathComponent("\(id).json"), atomically: false, encoding: .utf8)
            }
            try git("add", "-A")
            try git("commit", "--quiet", "-m", generation)
        }
        try git("checkout", "--quiet", "HEAD~1")

        let server = try await ScimdirProcess.start(directory: folders.directory, stateDirectory: folders.state)
        func served(_ title: String) async throws -> Int {
            let reply = try await server.get("/Users?count=0&filter=title%20eq%20%22\(title)%22")
            return reply.body?["totalResults"]?.integerValue ?? -1
        }
        #expect(try await served("v1") == count)
        let reloadsBefore = server.reloadLines.count

        let clock = ContinuousClock()
        let checkoutStart = clock.now
        try git("checkout", "--quiet", "main")
        let checkoutEnd = clock.now
        let elapsed = try await poll(timeout: .seconds(30)) {
            try await server.get("/Users/u09999").body?["title"] == "v2"
        }
        let reload = try #require(elapsed, "the checkout was not served within 30 s")
        #expect(try await served("v2") == count)

        let batches = Array(server.reloadLines.dropFirst(reloadsBefore))
        #expect(batches.count == 1, "\(batches)")
        #expect(batches.first?["changes"] == "\(count)", "\(batches)")
        let overflowed = !server.logLines("inotify queue overflowed; rescanning").isEmpty
        print(
            "10,000-file checkout: git checkout took \(checkoutEnd - checkoutStart); served \(reload) after it ended"
                + " (inotify overflow: \(overflowed)); load average \(Self.loadAverage())")
        #expect(await server.stop() == 0)
    }

    /// A checkout slower than the watcher's maximum delay (2 s): git holds `.git/index.lock` while it writes the
    /// working tree, and the files it wrote early must not be served before the ones it writes late.
    @Test func aCheckoutSlowerThanTheMaximumDelayIsStillOneBatch() async throws {
        let folders = try ScimdirProcess.makeFolders()
        defer { try? FileManager.default.removeItem(at: folders.root) }
        let (users, _) = try Self.makeDirectory(folders.directory)
        for index in 0..<60 {
            try Self.userJSON("s\(index)", "s\(index)@example.com").write(
                to: users.appendingPathComponent("s\(index).json"), atomically: false, encoding: .utf8)
        }
        let git = Git(directory: folders.directory)
        try git("init", "--quiet")
        try git("add", "-A")
        try git("commit", "--quiet", "-m", "sixty users")
        let server = try await ScimdirProcess.start(directory: folders.directory, stateDirectory: folders.state)
        let before = server.reloadLines.count

        // As a slow `git checkout` does: take the index lock, write files over 3 s, release the lock.
        let lock = folders.directory.appendingPathComponent(".git/index.lock")
        #expect(FileManager.default.createFile(atPath: lock.path, contents: Data()))
        for index in 0..<60 {
            try Disk.overwriteInPlace(
                users.appendingPathComponent("s\(index).json"),
                Self.userJSON("s\(index)", "s\(index)@example.com", ["title": "new"]))
            try await Task.sleep(for: .milliseconds(50))
        }
        let earlyServed = try await server.get("/Users/s0").body?["title"]
        try FileManager.default.removeItem(at: lock)

        let served = try await poll(timeout: .seconds(20)) {
            try await server.get("/Users/s59").body?["title"] == "new"
        }
        #expect(served != nil)
        #expect(earlyServed == nil, "a file of the checkout was served while git still held the index")
        let batches = Array(server.reloadLines.dropFirst(before))
        #expect(batches.map { $0["changes"] } == ["60"], "\(batches)")
        #expect(await server.stop() == 0)
    }

    @Test func gitCommitMakesOneReadableCommitPerWriteAndLeavesTheTreeClean() async throws {
        let folders = try ScimdirProcess.makeFolders()
        defer { try? FileManager.default.removeItem(at: folders.root) }
        let server = try await ScimdirProcess.start(
            directory: folders.directory, stateDirectory: folders.state, arguments: ["--git-commit"])
        let git = Git(directory: folders.directory)
        func subjects() throws -> [String] {
            try git("log", "--format=%s").split(separator: "\n").map(String.init)
        }
        let alice = try #require(try await server.createUser("alice@example.com", ["active": true])["id"]?.stringValue)
        let patched = try await server.request(
            "PATCH", "/Users/\(alice)",
            body: [
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                "Operations": [["op": "replace", "path": "active", "value": false]],
            ])
        #expect(patched.status == 200)
        #expect(try await server.request("DELETE", "/Users/\(alice)").status == 204)

        let expected = [
            "DELETE User alice@example.com", "PATCH User alice@example.com: active → false",
            "POST User alice@example.com",
            "scimdir: start tracking the user directory",
        ]
        let committed = try await poll(timeout: .seconds(20)) { try subjects().count >= expected.count }
        #expect(committed != nil, "\(server.logLines("git commit failed"))")
        #expect(try subjects() == expected)
        #expect(try git("status", "--porcelain") == "")
        #expect(
            try git("log", "-1", "--format=%an <%ae>|%cn <%ce>")
                == "scimdir <scimdir@localhost>|scimdir <scimdir@localhost>")
        let files = try git("show", "--name-status", "--format=", "HEAD~1")
        #expect(files == "M\tusers/\(alice).json", "\(files)")
        #expect(await server.stop() == 0)
    }

    @Test func gitCommitUsesTheConfiguredAuthorAndLeavesHandEditsUncommitted() async throws {
        let folders = try ScimdirProcess.makeFolders()
        defer { try? FileManager.default.removeItem(at: folders.root) }
        let server = try await ScimdirProcess.start(
            directory: folders.directory, stateDirectory: folders.state,
            arguments: ["--git-commit", "--git-author", "Provisioning Bot <bot@example.com>"])
        let git = Git(directory: folders.directory)
        let alice = try #require(try await server.createUser("alice@example.com")["id"]?.stringValue)
        let bob = try #require(try await server.createUser("bob@example.com")["id"]?.stringValue)
        #expect(try await poll(timeout: .seconds(20)) { try git("rev-list", "--count", "HEAD") == "3" } != nil)

        // A person edits bob; then the identity provider changes alice. Only alice's change is committed.
        try Disk.edit(server.file("users/\(bob).json")) { $0["title"] = "Hand" }
        let patched = try await server.request(
            "PATCH", "/Users/\(alice)",
            body: [
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                "Operations": [["op": "add", "path": "title", "value": "CTO"]],
            ])
        #expect(patched.status == 200)
        #expect(try await poll(timeout: .seconds(20)) { try git("rev-list", "--count", "HEAD") == "4" } != nil)
        #expect(
            try git("log", "-1", "--format=%an <%ae>|%s")
                == "Provisioning Bot <bot@example.com>|PATCH User alice@example.com: title → \"CTO\"")
        #expect(try git("status", "--porcelain") == "M users/\(bob).json")
        #expect(await server.stop() == 0)
    }

    @Test func eachCommitHoldsItsOwnWriteEvenWhenWritesOutrunTheCommitsAndAllLandBeforeExit() async throws {
        let folders = try ScimdirProcess.makeFolders()
        defer { try? FileManager.default.removeItem(at: folders.root) }
        let server = try await ScimdirProcess.start(
            directory: folders.directory, stateDirectory: folders.state, arguments: ["--git-commit"])
        let alice = try #require(try await server.createUser("alice@example.com")["id"]?.stringValue)
        let bob = try #require(try await server.createUser("bob@example.com")["id"]?.stringValue)
        for round in 1...6 {
            let reply = try await server.request(
                "PATCH", "/Users/\(alice)",
                body: [
                    "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                    "Operations": [["op": "add", "path": "title", "value": .string("t\(round)")]],
                ])
            #expect(reply.status == 200)
        }
        #expect(try await server.request("DELETE", "/Users/\(bob)").status == 204)
        #expect(await server.stop() == 0)  // queued commits are flushed on the way out

        let git = Git(directory: folders.directory)
        #expect(try git("rev-list", "--count", "HEAD") == "10")
        for round in 1...6 {
            let file = try git("show", "HEAD~\(7 - round):users/\(alice).json")
            #expect(try JSONParser().parse(file)["title"] == .string("t\(round)"), "commit of PATCH \(round)")
        }
        #expect(
            try git("show", "--name-status", "--format=%s", "HEAD")
                == "DELETE User bob@example.com\n\nD\tusers/\(bob).json")
        #expect(try git("status", "--porcelain") == "")
    }

    @Test func gitCommitInADirectoryInsideALargerRepositoryCommitsThere() async throws {
        let folders = try ScimdirProcess.makeFolders()
        defer { try? FileManager.default.removeItem(at: folders.root) }
        let outer = Git(directory: folders.root)
        try outer("init", "--quiet")
        try "state/\n*.log\n".write(
            to: folders.root.appendingPathComponent(".gitignore"), atomically: false, encoding: .utf8)
        try outer("add", ".gitignore")
        try outer("commit", "--quiet", "-m", "outer")
        let server = try await ScimdirProcess.start(
            directory: folders.directory, stateDirectory: folders.state, arguments: ["--git-commit"])
        let alice = try #require(try await server.createUser("alice@example.com")["id"]?.stringValue)
        #expect(await server.stop() == 0)
        #expect(try outer("log", "-1", "--format=%s") == "POST User alice@example.com")
        #expect(try outer("show", "--name-status", "--format=", "HEAD") == "A\tdirectory/users/\(alice).json")
        #expect(try outer("status", "--porcelain") == "")
    }

    @Test func gitCommitInARepositoryWithNoCommitYetStartsTrackingThenCommitsEveryWrite() async throws {
        let folders = try ScimdirProcess.makeFolders()
        defer { try? FileManager.default.removeItem(at: folders.root) }
        let (users, _) = try Self.makeDirectory(folders.directory)
        try Self.userJSON("bob", "bob@example.com").write(
            to: users.appendingPathComponent("bob.json"), atomically: false, encoding: .utf8)
        let git = Git(directory: folders.directory)
        try git("init", "--quiet")  // as a person would before their first commit
        let server = try await ScimdirProcess.start(
            directory: folders.directory, stateDirectory: folders.state, arguments: ["--git-commit"])
        let alice = try #require(try await server.createUser("alice@example.com")["id"]?.stringValue)
        #expect(await server.stop() == 0)
        #expect(
            try git("log", "--format=%s").split(separator: "\n")
                == ["POST User alice@example.com", "scimdir: start tracking the user directory"])
        #expect(try git("show", "--name-status", "--format=", "HEAD~1") == "A\tusers/bob.json")
        #expect(try git("show", "--name-status", "--format=", "HEAD") == "A\tusers/\(alice).json")
        #expect(try git("status", "--porcelain") == "")
    }

    static func loadAverage() -> String {
        (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?
            .split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
    }
}
