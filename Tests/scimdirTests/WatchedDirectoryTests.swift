import Foundation
import SCIM
import Testing

/// Hand edits picked up by the running binary through inotify (issue 4, ARCHITECTURE §4.3–4.5, §5).
///
/// Serialized: several tests bound how long a change takes to be served, and a machine busy with parallel servers
/// would measure the machine, not scimdir.
@Suite(.serialized) struct WatchedDirectoryTests {
    /// A running server with alice, bob and carol, and Engineering holding all three.
    struct Setup {
        let folders: (root: URL, directory: URL, state: URL)
        let server: ScimdirProcess
        let alice: String
        let bob: String
        let carol: String
        let group: String

        static func start(arguments: [String] = [], environment: [String: String] = [:]) async throws -> Setup {
            let folders = try ScimdirProcess.makeFolders()
            let server = try await ScimdirProcess.start(
                directory: folders.directory, stateDirectory: folders.state, arguments: arguments,
                environment: environment)
            let alice = try #require(
                try await server.createUser("alice@example.com", ["active": true])["id"]?.stringValue)
            let bob = try #require(try await server.createUser("bob@example.com")["id"]?.stringValue)
            let carol = try #require(try await server.createUser("carol@example.com")["id"]?.stringValue)
            let group = try await server.request(
                "POST", "/Groups",
                body: [
                    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Engineering",
                    "members": [["value": .string(alice)], ["value": .string(bob)], ["value": .string(carol)]],
                ])
            let groupID = try #require(group.body?["id"]?.stringValue)
            return Setup(folders: folders, server: server, alice: alice, bob: bob, carol: carol, group: groupID)
        }

        func userFile(_ id: String) -> URL { server.file("users/\(id).json") }

        func finish() async {
            #expect(await server.stop() == 0)
            try? FileManager.default.removeItem(at: folders.root)
        }

        /// Hand-edits carol (the sentinel) and waits until the edit is served: every earlier event has then been
        /// delivered too, since events are read in order.
        func settle(_ marker: String) async throws {
            try Disk.edit(userFile(carol)) { $0["title"] = .string(marker) }
            let served = try await poll(timeout: .seconds(20)) {
                try await server.get("/Users/\(carol)").body?["title"]?.stringValue == marker
            }
            try #require(served != nil, "the sentinel edit \(marker) was never served")
        }

        /// Sets `title` in `id`'s file through a hard link outside the watched folders: the file changes without an
        /// inotify event there, so only a rescan can find the change.
        func editUnseen(_ id: String, title: String) throws {
            let outside = folders.root.appendingPathComponent("\(id)-link.json")
            try FileManager.default.linkItem(at: userFile(id), to: outside)
            try Disk.edit(outside) { $0["title"] = .string(title) }
        }
    }

    @Test func settingActiveFalseByHandIsServedWithinOneSecond() async throws {
        let setup = try await Setup.start()
        let before = try await setup.server.get("/Users/\(setup.alice)")
        try Disk.edit(setup.userFile(setup.alice)) { $0["active"] = false }
        let elapsed = try await poll(timeout: .seconds(1)) {
            try await setup.server.get("/Users/\(setup.alice)").body?["active"] == false
        }
        #expect(elapsed != nil, "not served within 1 s")
        let after = try await setup.server.get("/Users/\(setup.alice)")
        #expect(after.headers["etag"] != before.headers["etag"])
        #expect(after.body?["meta"]?["version"]?.stringValue == after.headers["etag"])
        await setup.finish()
    }

    @Test func invalidJSONKeepsTheLastGoodVersionLogsFileAndPositionAndTheFixIsServed() async throws {
        let setup = try await Setup.start()
        let good = try await setup.server.get("/Users/\(setup.alice)")
        let path = "users/\(setup.alice).json"
        try Disk.overwriteInPlace(
            setup.userFile(setup.alice), "{\n  \"id\": \"\(setup.alice)\",\n  \"active\": fals\n}\n")

        let line = await setup.server.awaitLogLine("invalid file in the directory") { $0["path"] == path }
        let reason = try #require(line?["reason"])
        #expect(reason.contains("line 3, column"), "\(reason)")
        #expect(reason.contains("invalid JSON"))
        let served = try await setup.server.get("/Users/\(setup.alice)")
        #expect(served.status == 200)
        #expect(served.headers["etag"] == good.headers["etag"])
        #expect(served.body?["active"] == true)
        #expect(try await setup.server.healthz()?["invalidFiles"] == 1)

        try Disk.overwriteInPlace(
            setup.userFile(setup.alice),
            JSONWriter.pretty.string([
                "id": .string(setup.alice), "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                "userName": "alice@example.com", "active": false,
            ]))
        let fixed = try await poll(timeout: .seconds(20)) {
            try await setup.server.get("/Users/\(setup.alice)").body?["active"] == false
        }
        #expect(fixed != nil)
        #expect(try await setup.server.healthz()?["invalidFiles"] == 0)
        await setup.finish()
    }

    @Test func editorDroppingsAreIgnoredAndAVimStyleSaveIsOneModification() async throws {
        let setup = try await Setup.start()
        let users = setup.folders.directory.appendingPathComponent("users")
        let name = "\(setup.alice).json"
        try await setup.settle("before-droppings")
        let before = setup.server.reloadLines.count
        for dropping in [".\(name).swp", "\(setup.bob).json~", ".#\(name)", "4913", ".\(name).swx", "notes.txt"] {
            try Disk.overwriteInPlace(users.appendingPathComponent(dropping), "{ not json")
        }
        try FileManager.default.removeItem(at: users.appendingPathComponent("4913"))
        // vim's save: back up by renaming, write anew, remove the backup.
        let original = try Disk.json(setup.userFile(setup.alice))
        try FileManager.default.moveItem(at: setup.userFile(setup.alice), to: users.appendingPathComponent("\(name)~"))
        var edited = try #require(original.objectValue)
        edited["title"] = "Saved by vim"
        try Disk.overwriteInPlace(setup.userFile(setup.alice), JSONWriter.pretty.string(.object(edited)))
        try FileManager.default.removeItem(at: users.appendingPathComponent("\(name)~"))

        let served = try await poll(timeout: .seconds(20)) {
            try await setup.server.get("/Users/\(setup.alice)").body?["title"] == "Saved by vim"
        }
        #expect(served != nil)
        try await setup.settle("after-vim")
        #expect(setup.server.logLines("invalid file in the directory").isEmpty, "\(setup.server.log)")
        // alice once (a removal and a creation would also change the group twice) and the sentinel, whether or not
        // they shared a batch.
        let reloads = setup.server.reloadLines.dropFirst(before)
        #expect(reloads.map { Int($0["changes"] ?? "") ?? 0 }.reduce(0, +) == 2, "\(reloads)")
        #expect(reloads.map { Int($0["files"] ?? "") ?? 0 }.reduce(0, +) == 2, "\(reloads)")
        // Alice was never deleted on the way: her group membership is intact.
        let group = try await setup.server.get("/Groups/\(setup.group)")
        #expect(group.body?["members"]?.arrayValue?.count == 3)
        await setup.finish()
    }

    @Test func aFileDeletedAndRecreatedWithinTheQuietPeriodIsOneModification() async throws {
        let setup = try await Setup.start()
        try await setup.settle("before-recreate")
        let before = setup.server.reloadLines.count
        var object = try #require(try Disk.json(setup.userFile(setup.alice)).objectValue)
        object["title"] = "Recreated"
        try FileManager.default.removeItem(at: setup.userFile(setup.alice))
        try Disk.overwriteInPlace(setup.userFile(setup.alice), JSONWriter.pretty.string(.object(object)))
        try await setup.settle("after-recreate")
        #expect(try await setup.server.get("/Users/\(setup.alice)").body?["title"] == "Recreated")
        // alice as one modification, and the sentinel; a removal and a creation would also change the group twice.
        let reloads = setup.server.reloadLines.dropFirst(before)
        #expect(reloads.map { Int($0["changes"] ?? "") ?? 0 }.reduce(0, +) == 2, "\(reloads)")
        #expect(try await setup.server.get("/Groups/\(setup.group)").body?["members"]?.arrayValue?.count == 3)
        await setup.finish()
    }

    @Test func theDaemonsOwnWritesAreNotReprocessed() async throws {
        let setup = try await Setup.start()
        try await setup.settle("before-own-writes")
        let before = setup.server.reloadLines.count
        for title in ["a", "b", "c"] {
            let reply = try await setup.server.request(
                "PATCH", "/Users/\(setup.alice)",
                body: [
                    "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                    "Operations": [["op": "replace", "path": "title", "value": .string(title)]],
                ])
            #expect(reply.status == 200)
        }
        #expect(try await setup.server.request("DELETE", "/Users/\(setup.bob)").status == 204)
        try await setup.settle("after-own-writes")
        let reloads = Array(setup.server.reloadLines.dropFirst(before))
        #expect(reloads.map { $0["changes"] } == ["1"], "\(reloads)")
        #expect(reloads.map { $0["files"] } == ["1"], "\(reloads)")
        await setup.finish()
    }

    @Test func aStaleIfMatchFailsRightAfterAHandEditTheWatcherHasNotDelivered() async throws {
        let setup = try await Setup.start()
        let before = try #require(try await setup.server.get("/Users/\(setup.alice)").headers["etag"])
        try Disk.edit(setup.userFile(setup.alice)) { $0["title"] = "Hand" }
        let reply = try await setup.server.request(
            "PATCH", "/Users/\(setup.alice)",
            body: [
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                "Operations": [["op": "replace", "path": "active", "value": false]],
            ],
            headers: ["If-Match": before])
        #expect(reply.status == 412)
        #expect(try Disk.json(setup.userFile(setup.alice))["active"] == true)
        await setup.finish()
    }

    @Test func aPatchRightAfterAHandEditKeepsTheHandEdit() async throws {
        let setup = try await Setup.start()
        try Disk.edit(setup.userFile(setup.alice)) {
            $0["title"] = "Hand"; $0["nickName"] = "Al"
        }
        let reply = try await setup.server.request(
            "PATCH", "/Users/\(setup.alice)",
            body: [
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                "Operations": [["op": "replace", "path": "active", "value": false]],
            ])
        #expect(reply.status == 200)
        #expect(reply.body?["title"] == "Hand")
        let file = try Disk.json(setup.userFile(setup.alice))
        #expect(file["title"] == "Hand" && file["nickName"] == "Al" && file["active"] == false)
        await setup.finish()
    }

    @Test func aUniquenessConflictFromAHandEditIsReportedAndTheLastGoodVersionKept() async throws {
        let setup = try await Setup.start()
        try Disk.edit(setup.userFile(setup.bob)) { $0["userName"] = "ALICE@example.com" }
        let line = await setup.server.awaitLogLine("invalid file in the directory") {
            $0["path"] == "users/\(setup.bob).json"
        }
        #expect(line?["reason"]?.contains("uniqueness") == true)
        #expect(try await setup.server.get("/Users/\(setup.bob)").body?["userName"] == "bob@example.com")
        #expect(try await setup.server.get("/Users/\(setup.alice)").body?["userName"] == "alice@example.com")
        await setup.finish()
    }

    @Test func aHandDeletedUserIsGoneAndLeavesTheGroupsServedMembers() async throws {
        let setup = try await Setup.start()
        try FileManager.default.removeItem(at: setup.userFile(setup.bob))
        let gone = try await poll(timeout: .seconds(20)) {
            try await setup.server.get("/Users/\(setup.bob)").status == 404
        }
        #expect(gone != nil)
        let members = try await setup.server.get("/Groups/\(setup.group)").body?["members"]?.arrayValue ?? []
        #expect(Set(members.compactMap { $0["value"]?.stringValue }) == [setup.alice, setup.carol])
        let filtered = try await setup.server.get("/Groups?filter=members%5Bvalue%20eq%20%22\(setup.bob)%22%5D")
        #expect(filtered.body?["totalResults"] == 0)
        await setup.finish()
    }

    @Test func sighupRescansAndFindsAChangeInotifyCannotSee() async throws {
        let setup = try await Setup.start()
        try await setup.settle("before-link")
        try setup.editUnseen(setup.alice, title: "Seen only by a rescan")
        try await setup.settle("before-hup")
        try #require(try await setup.server.get("/Users/\(setup.alice)").body?["title"] == nil, "inotify saw the link")

        kill(setup.server.process.processIdentifier, SIGHUP)
        let seen = try await poll(timeout: .seconds(20)) {
            try await setup.server.get("/Users/\(setup.alice)").body?["title"] == "Seen only by a rescan"
        }
        #expect(seen != nil)
        #expect(setup.server.logLines("SIGHUP received; reloading").count == 1)
        #expect(setup.server.process.isRunning)
        await setup.finish()
    }

    @Test func theSafetyTimerRescansAtTheIntervalGivenAndFindsAChangeInotifyCannotSee() async throws {
        let setup = try await Setup.start(arguments: ["--rescan-interval", "1"])
        try await setup.settle("before-link")
        try setup.editUnseen(setup.alice, title: "Seen only by a rescan")

        // The default interval (5 minutes) would not rescan within the 20 seconds; neither SIGHUP nor an event is sent.
        let seen = try await poll(timeout: .seconds(20)) {
            try await setup.server.get("/Users/\(setup.alice)").body?["title"] == "Seen only by a rescan"
        }
        #expect(seen != nil)
        #expect(!setup.server.logLines("rescanning the directory").isEmpty)
        #expect(setup.server.logLines("SIGHUP received; reloading").isEmpty)
        await setup.finish()
    }

    /// `fs.inotify.max_queued_events`: how many events the kernel queues for one inotify instance before it drops the
    /// rest and queues an overflow.
    static let maximumQueuedEvents =
        (try? String(contentsOfFile: "/proc/sys/fs/inotify/max_queued_events", encoding: .utf8))
        .flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }

    @Test(.enabled(if: (maximumQueuedEvents ?? .max) <= 1 << 20, "a burst beyond the queue takes a moment"))
    func aQueueOverflowRescansAndPicksUpTheChangesWhoseEventsWereDropped() async throws {
        let setup = try await Setup.start()
        let limit = try #require(Self.maximumQueuedEvents)
        try await setup.settle("before-overflow")
        let users = setup.folders.directory.appendingPathComponent("users")

        // Stopped, scimdir reads no events: the burst fills its queue, and the edits after it are dropped.
        setup.server.send(SIGSTOP)
        do {
            defer { setup.server.send(SIGCONT) }
            // SIGSTOP takes effect in each thread when it next enters the kernel: until then one may still read events.
            let tasks = "/proc/\(setup.server.process.processIdentifier)/task"
            let stopped = await poll(timeout: .seconds(10)) {
                let threads = (try? FileManager.default.contentsOfDirectory(atPath: tasks)) ?? []
                return !threads.isEmpty
                    && threads.allSatisfy { thread in
                        let stat = (try? String(contentsOfFile: "\(tasks)/\(thread)/stat", encoding: .utf8)) ?? ""
                        return stat.split(separator: ")").last?.hasPrefix(" T") == true
                    }
            }
            try #require(stopped != nil, "scimdir did not stop")
            // Two hidden names in turn (the watcher ignores them; the kernel merges an event identical to the last).
            for index in 0..<(limit + 64) {
                try Disk.overwriteInPlace(users.appendingPathComponent(".filler-\(index % 2)"), "")
            }
            try Disk.edit(setup.userFile(setup.alice)) { $0["title"] = "After the overflow" }
            try FileManager.default.removeItem(at: setup.userFile(setup.bob))
        }

        #expect(await setup.server.awaitLogLine("inotify queue overflowed; rescanning") != nil)
        let caughtUp = try await poll(timeout: .seconds(20)) {
            let alice = try await setup.server.get("/Users/\(setup.alice)")
            let bob = try await setup.server.get("/Users/\(setup.bob)")
            return alice.body?["title"] == "After the overflow" && bob.status == 404
        }
        #expect(caughtUp != nil, "the rescan did not pick up the edit and the removal")
        #expect(!setup.server.logLines("rescanning the directory").isEmpty)
        await setup.finish()
    }

    @Test func aQuietPeriodFromTheEnvironmentHoldsTheReloadBackThatLong() async throws {
        let setup = try await Setup.start(environment: ["SCIMDIR_WATCH_QUIET_PERIOD": "1.5"])
        // Nothing pending: the edit below starts a batch of its own.
        try await setup.settle("before-edit")
        let clock = ContinuousClock()
        let start = clock.now
        try Disk.edit(setup.userFile(setup.alice)) { $0["title"] = "After the quiet period" }

        let served = try await poll(timeout: .seconds(20)) {
            try await setup.server.get("/Users/\(setup.alice)").body?["title"] == "After the quiet period"
        }
        #expect(served != nil)
        // A lower bound, whatever the machine's speed: the batch waits 1.5 s after the event, which follows `start`.
        #expect(clock.now - start >= .milliseconds(1500), "served after \(clock.now - start)")
        await setup.finish()
    }

    /// Hand edits that turn a served user's valid file into an invalid one, and what the reason names.
    enum InvalidEdit: String, CaseIterable, Sendable {
        case schemaViolation
        case idOtherThanTheFileName

        func apply(to object: inout JSONObject) {
            switch self {
            case .schemaViolation: object["active"] = "maybe"
            case .idOtherThanTheFileName: object["id"] = "someone-else"
            }
        }

        /// What the logged reason says, for the file `<id>.json`.
        func reason(fileID: String) -> String {
            switch self {
            case .schemaViolation: "active must be a boolean"
            case .idOtherThanTheFileName: "\"id\" is \"someone-else\" but the file is named \(fileID).json"
            }
        }
    }

    @Test(arguments: InvalidEdit.allCases)
    func anInvalidEditOfAServedFileKeepsTheLastGoodVersionIsReportedAndTheFixIsServed(_ edit: InvalidEdit)
        async throws
    {
        let setup = try await Setup.start()
        let good = try await setup.server.get("/Users/\(setup.alice)")
        let goodFile = try #require(try Disk.json(setup.userFile(setup.alice)).objectValue)
        let path = "users/\(setup.alice).json"
        try Disk.edit(setup.userFile(setup.alice)) { edit.apply(to: &$0) }

        let line = await setup.server.awaitLogLine("invalid file in the directory") { $0["path"] == path }
        #expect(line?["reason"]?.contains(edit.reason(fileID: setup.alice)) == true, "\(String(describing: line))")
        let served = try await setup.server.get("/Users/\(setup.alice)")
        #expect(served.status == 200)
        #expect(served.headers["etag"] == good.headers["etag"])
        #expect(served.body?["active"] == true)
        #expect(try await setup.server.get("/Users/someone-else").status == 404)
        #expect(try await setup.server.healthz()?["invalidFiles"] == 1)
        let check = try ScimdirProcess.run(["check", "--directory", setup.folders.directory.path])
        #expect(check.output.contains("\(path): \(edit.reason(fileID: setup.alice))"), "\(check.output)")

        var fixed = goodFile
        fixed["title"] = "Fixed"
        try Disk.overwriteInPlace(setup.userFile(setup.alice), JSONWriter.pretty.string(.object(fixed)))
        let fixServed = try await poll(timeout: .seconds(20)) {
            try await setup.server.get("/Users/\(setup.alice)").body?["title"] == "Fixed"
        }
        #expect(fixServed != nil)
        #expect(try await setup.server.healthz()?["invalidFiles"] == 0)
        await setup.finish()
    }
}
