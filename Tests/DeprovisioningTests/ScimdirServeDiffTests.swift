import Foundation
import SCIM
import Testing

@testable import Deprovisioning

/// The deprovisioning feed end to end, with the real `scimdir serve` (issue 5, "Done when").
@Suite(.serialized) struct ScimdirServeDiffTests {
    private let root: TemporaryDirectory
    private var directory: URL { root.appending("directory") }
    private var state: URL { root.appending("state") }
    private var outbox: Outbox { Outbox(files: StateFiles(directory: state)) }

    init() throws {
        root = try TemporaryDirectory("scimdir-serve")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
    }

    private func start(_ arguments: [String] = []) async throws -> ScimdirServer {
        try await ScimdirServer.start(directory: directory, state: state, arguments: arguments)
    }

    private func diffs() throws -> [DeprovisioningDiff] {
        try outbox.sequences().map { try outbox.read($0) }
    }

    private func diff(_ arguments: String...) throws -> Scimdir.Output {
        try Scimdir.run(["diff"] + arguments + ["--state-directory", state.path])
    }

    private var git: Git { Git(folder: directory) }

    /// Makes the directory a git repository: a commit with users u1…u5 and Team holding u1 and u4, then one that
    /// removes u1, u2 and u3. Leaves the first checked out and returns the second's hash.
    private func makeRepositoryWithACommitRemovingThreeUsers() throws -> String {
        try git("init", "--quiet")
        for number in 1...5 {
            try git.write("users/u\(number).json", ResourceFiles.user("u\(number)", "u\(number)@example.com"))
        }
        try git.write("groups/team.json", ResourceFiles.group("team", "Team", members: ["u1", "u4"]))
        try git("add", "-A")
        try git("commit", "--quiet", "-m", "five users")
        try git("rm", "--quiet", "users/u1.json", "users/u2.json", "users/u3.json")
        try git("commit", "--quiet", "-m", "remove three")
        let removing = try git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
        try git("checkout", "--quiet", "HEAD~1")
        return removing
    }

    @Test(arguments: [
        ("Okta", #"{"op": "replace", "value": {"active": false}}"#),
        ("Entra ID", #"{"op": "Replace", "path": "active", "value": "False"}"#),
    ])
    func patchingActiveFalseYieldsOneDeactivatedDiffWithCompleteIdentifiers(provider: String, operation: String)
        async throws
    {
        defer { root.remove() }
        let server = try await start()
        defer { server.stop() }
        let alice = try server.create("Users", SCIMBodies.user("alice@example.com", externalId: "ext-alice"))
        let patch = try JSONParser().parse(
            #"{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [\#(operation)]}"#)
        #expect([200, 204].contains(try server.request("PATCH", "/Users/\(alice)", patch).status), "\(provider)")

        #expect(outbox.sequences() == [1, 2])
        let diff = try outbox.read(2)
        #expect(diff.origin.type == .scim && diff.origin.method == "PATCH")
        #expect(diff.entries.deprovisioned.count == 1)
        let entry = try #require(diff.entries.deprovisioned.first)
        #expect(entry.reason == .deactivated)
        #expect(
            entry.user?.record
                == UserRecord(
                    id: alice, userName: "alice@example.com", externalId: "ext-alice", emails: ["alice@example.com"],
                    primaryEmail: "alice@example.com", active: false))
        #expect(diff.entries.provisioned.isEmpty && diff.entries.identityChanged.isEmpty)
    }

    @Test func deletingAUserInTwoGroupsIsDeletedWithBothMembershipsRemoved() async throws {
        defer { root.remove() }
        let server = try await start()
        defer { server.stop() }
        let bob = try server.create("Users", SCIMBodies.user("bob@example.com", externalId: "00u-bob"))
        let eng = try server.create("Groups", SCIMBodies.group("Engineering", members: [bob]))
        let ops = try server.create("Groups", SCIMBodies.group("Operations", members: [bob]))
        #expect(try server.request("DELETE", "/Users/\(bob)").status == 204)

        let diff = try #require(try diffs().last)
        #expect(diff.sequence == 4)
        #expect(diff.origin.type == .scim && diff.origin.method == "DELETE" && diff.origin.requestId != nil)
        let entry = try #require(diff.entries.deprovisioned.first)
        #expect(entry.reason == .deleted)
        #expect(
            entry.user?.record
                == UserRecord(
                    id: bob, userName: "bob@example.com", externalId: "00u-bob", emails: ["bob@example.com"],
                    primaryEmail: "bob@example.com", active: true))
        #expect(diff.entries.membershipsRemoved.map(\.group.id).sorted() == [eng, ops].sorted())
        #expect(diff.entries.membershipsRemoved.allSatisfy { $0.reason == .memberDeleted && $0.user?.record.id == bob })
    }

    @Test func aHandEditThatDeactivatesYieldsADiffAndAnInvalidOneDoesNot() async throws {
        defer { root.remove() }
        let server = try await start()
        defer { server.stop() }
        let alice = try server.create("Users", SCIMBodies.user("alice@example.com"))
        let file = directory.appendingPathComponent("users/\(alice).json")
        let original = try String(contentsOf: file, encoding: .utf8)

        try (original.replacingOccurrences(of: "\"active\": true", with: "\"active\": fals")).write(
            to: file, atomically: true, encoding: .utf8)
        try await eventually("the invalid file to be reported") { server.log.contains("invalid file") }
        try await Task.sleep(for: .milliseconds(500))
        #expect(outbox.sequences() == [1])

        try original.replacingOccurrences(of: "\"active\": true", with: "\"active\": false").write(
            to: file, atomically: true, encoding: .utf8)
        try await eventually("the hand edit's diff") { outbox.sequences() == [1, 2] }
        let diff = try outbox.read(2)
        #expect(diff.origin.type == .directoryEdit)
        #expect(diff.entries.deprovisioned.map(\.reason) == [.deactivated])
        #expect(diff.entries.deprovisioned.first?.user?.record.primaryEmail == "alice@example.com")
    }

    @Test func aDiffLostToSIGKILLBeforeAcknowledgementIsDeliveredAfterRestart() async throws {
        defer { root.remove() }
        let failing = try HookScript(in: root.url, failures: 1000)
        var server = try await start(["--on-diff", failing.script.path, "--on-diff-retry-delay", "10s"])
        let alice = try server.create("Users", SCIMBodies.user("alice@example.com"))
        #expect(try server.request("DELETE", "/Users/\(alice)").status == 204)
        try await eventually("the first delivery attempt") { !failing.runs.isEmpty }
        server.kill()
        #expect(try DeliveryCursor.read(from: StateFiles(directory: state)).acknowledged == 0)

        let hook = try HookScript(in: root.url)
        server = try await start(["--on-diff", hook.script.path])
        defer { server.stop() }
        try await eventually("redelivery") { hook.delivered == [1, 2] }
        #expect(outbox.sequences() == [1, 2])
        // The hook records a diff before it exits; serve acknowledges it after.
        try await eventually("the acknowledgement") {
            try DeliveryCursor.read(from: StateFiles(directory: state)).acknowledged == 2
        }
        let bob = try server.create("Users", SCIMBodies.user("bob@example.com"))
        try await eventually("the next diff") { hook.delivered == [1, 2, 3] }
        #expect(try outbox.read(3).entries.provisioned.first?.user?.record.id == bob)
    }

    @Test func aWriteWhoseDiffIsMissingIsEmittedAtStartup() async throws {
        defer { root.remove() }
        var server = try await start()
        let alice = try server.create("Users", SCIMBodies.user("alice@example.com"))
        server.stop()
        // While the daemon is stopped (as if killed between the write and its diff): alice is deactivated on disk and
        // a new user file appears.
        let file = directory.appendingPathComponent("users/\(alice).json")
        try (try String(contentsOf: file, encoding: .utf8)).replacingOccurrences(
            of: "\"active\": true", with: "\"active\": false"
        )
        .write(to: file, atomically: true, encoding: .utf8)
        let carol = "c0ffee00-0000-4000-8000-000000000001"
        try """
        {"id": "\(carol)", "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "carol@example.com"}
        """.write(to: directory.appendingPathComponent("users/\(carol).json"), atomically: true, encoding: .utf8)

        server = try await start()
        defer { server.stop() }
        #expect(outbox.sequences() == [1, 2])
        let diff = try outbox.read(2)
        #expect(diff.origin.type == .startup)
        #expect(diff.entries.deprovisioned.map { $0.user?.record.id } == [alice])
        #expect(diff.entries.provisioned.map { $0.user?.record.id } == [carol])
    }

    @Test func anOnDiffCommandThatFailsThreeTimesIsRetriedAndBlocksLaterDiffs() async throws {
        defer { root.remove() }
        let hook = try HookScript(in: root.url, failures: 3)
        let server = try await start(["--on-diff", hook.script.path, "--on-diff-retry-delay", "200ms"])
        defer { server.stop() }
        _ = try server.create("Users", SCIMBodies.user("alice@example.com"))
        _ = try server.create("Users", SCIMBodies.user("bob@example.com"))
        try await eventually("delivery") { hook.delivered == [1, 2] }
        #expect(hook.runs.map(\.sequence) == [1, 1, 1, 1, 2])
        #expect(hook.runs.map(\.ok) == [false, false, false, true, true])
        // The hook records a diff before it exits; serve acknowledges it after.
        try await eventually("the acknowledgement") {
            try DeliveryCursor.read(from: StateFiles(directory: state)).acknowledged == 2
        }
        #expect(server.log.contains("the --on-diff command failed"))
    }

    @Test func theDiffThatCrossesTheWindowLimitIsHeldUntilReleased() async throws {
        defer { root.remove() }
        let hook = try HookScript(in: root.url)
        let server = try await start(["--on-diff", hook.script.path, "--deprovision-limit", "2"])
        defer { server.stop() }
        let ids = try (1...5).map { try server.create("Users", SCIMBodies.user("u\($0)@example.com")) }
        try await eventually("the provisioning diffs") { hook.delivered == [1, 2, 3, 4, 5] }
        for id in ids.prefix(4) { #expect(try server.request("DELETE", "/Users/\(id)").status == 204) }

        try await eventually("diffs 6 and 7") { hook.delivered == [1, 2, 3, 4, 5, 6, 7] }
        try await eventually("the hold to be logged") { server.log.contains("scimdir diff release 8") }
        try await Task.sleep(for: .milliseconds(1500))
        #expect(hook.delivered.last == 7)
        #expect(server.log.contains("level=error"))
        #expect(try diff("pending").standardOutput.isEmpty)
        let refused = try diff("ack", "9")
        #expect(refused.status != 0)
        #expect(refused.standardError.contains("diff 8 is held"))
        let list = try diff("list").standardOutput
        #expect(list.contains("held") && list.contains("scimdir diff release 8"))

        #expect(try diff("release", "8").status == 0)
        try await eventually("delivery after the release") { hook.delivered == Array(1...9) }
        #expect(
            try diff("list").standardOutput.split(separator: "\n").dropFirst().allSatisfy { $0.contains("delivered") })
    }

    @Test func aBatchOverTheLimitIsHeldAndLaterDiffsWaitBehindIt() async throws {
        defer { root.remove() }
        let hook = try HookScript(in: root.url)
        let server = try await start(["--on-diff", hook.script.path, "--deprovision-limit", "2"])
        defer { server.stop() }
        let ids = try (1...3).map { try server.create("Users", SCIMBodies.user("u\($0)@example.com")) }
        let group = try server.create("Groups", SCIMBodies.group("Everyone", members: ids))
        try await eventually("the provisioning diffs") { hook.delivered == [1, 2, 3, 4] }
        #expect(try server.request("DELETE", "/Groups/\(group)").status == 204)
        _ = try server.create("Users", SCIMBodies.user("late@example.com"))
        try await eventually("the later diff") { outbox.sequences().count == 6 }
        try await Task.sleep(for: .milliseconds(1500))
        #expect(hook.delivered == [1, 2, 3, 4])
        let held = try outbox.read(5)
        #expect(held.entries.groupsDeleted.map(\.group.id) == [group])
        #expect(held.accessLoss.usersLosingAccess == 3)
        #expect(try diff("pending").standardError.contains("diff 5 is held"))

        #expect(try diff("release", "5").status == 0)
        try await eventually("delivery after the release") { hook.delivered == [1, 2, 3, 4, 5, 6] }
    }

    @Test func aCheckoutThatRemovesThreeUsersIsExactlyOneDiff() async throws {
        defer { root.remove() }
        let removing = try makeRepositoryWithACommitRemovingThreeUsers()
        let server = try await start()
        defer { server.stop() }
        #expect(outbox.sequences() == [1], "the startup diff provisions the five users")

        try git("checkout", "--quiet", removing)
        try await eventually("the checkout's diff") { outbox.sequences().count > 1 }
        // Longer than the watcher's quiet period and its longest delay: a batch split in two would show by now.
        try await Task.sleep(for: .seconds(3))
        #expect(outbox.sequences() == [1, 2])
        let diff = try outbox.read(2)
        #expect(diff.origin.type == .directoryEdit)
        #expect(diff.entries.deprovisioned.map { $0.user?.record.id } == ["u1", "u2", "u3"])
        #expect(diff.entries.deprovisioned.allSatisfy { $0.reason == .deleted })
        #expect(diff.entries.membershipsRemoved.map { "\($0.group.id) \($0.user?.record.id ?? "-")" } == ["team u1"])
        #expect(diff.entries.membershipsRemoved.first?.reason == .memberDeleted)
        #expect(diff.accessLoss.usersLosingAccess == 3)
    }

    @Test func theSameCheckoutOverTheLimitIsHeldAndALaterDiffWaitsBehindIt() async throws {
        defer { root.remove() }
        let removing = try makeRepositoryWithACommitRemovingThreeUsers()
        let hook = try HookScript(in: root.url)
        let server = try await start(["--on-diff", hook.script.path, "--deprovision-limit", "2"])
        defer { server.stop() }
        try await eventually("the startup diff") { hook.delivered == [1] }

        try git("checkout", "--quiet", removing)
        try await eventually("the hold to be logged") { server.log.contains("scimdir diff release 2") }
        let late = try server.create("Users", SCIMBodies.user("late@example.com"))
        #expect(outbox.sequences() == [1, 2, 3])
        try await Task.sleep(for: .milliseconds(1500))
        #expect(hook.delivered == [1])
        #expect(try outbox.read(2).entries.deprovisioned.map(\.reason) == [.deleted, .deleted, .deleted])
        #expect(try outbox.read(3).entries.provisioned.map { $0.user?.record.id } == [late])
        #expect(try diff("pending").standardError.contains("diff 2 is held"))

        #expect(try diff("release", "2").status == 0)
        try await eventually("delivery after the release") { hook.delivered == [1, 2, 3] }
    }

    @Test func aDiffCarriesTheNameIDThatTheDirectorysSAMLMetadataDerives() async throws {
        defer { root.remove() }
        // The samples' identity provider lists NameIDFormat emailAddress: the NameID is the primary e-mail.
        let saml = directory.appendingPathComponent("saml")
        try FileManager.default.createDirectory(at: saml, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: samplesFolder.appendingPathComponent("scim-directory/saml/metadata.xml"),
            to: saml.appendingPathComponent("metadata.xml"))
        let server = try await start()
        defer { server.stop() }
        let alice = try server.create(
            "Users",
            [
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "asmith",
                "externalId": "00u-asmith", "active": true,
                "emails": [
                    ["value": "a.smith@old.example.com", "type": "home"],
                    ["value": "alice@example.com", "type": "work", "primary": true],
                ],
            ])
        let patch: JSONValue = [
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [["op": "replace", "value": ["active": false]]],
        ]
        #expect([200, 204].contains(try server.request("PATCH", "/Users/\(alice)", patch).status))

        let diff = try #require(try diffs().last)
        let entry = try #require(diff.entries.deprovisioned.first)
        #expect(entry.reason == .deactivated && entry.user?.record.id == alice)
        #expect(entry.user?.nameID == "alice@example.com")
        let file = try JSONParser().parse(Data(contentsOf: outbox.url(for: try #require(diff.sequence))))
        #expect(file["deprovisioned"]?.arrayValue?.first?["user"]?["nameID"] == "alice@example.com")
    }

    @Test func acknowledgingByHandIsIdempotentAndPendingListsPaths() async throws {
        defer { root.remove() }
        let server = try await start()
        _ = try server.create("Users", SCIMBodies.user("alice@example.com"))
        _ = try server.create("Users", SCIMBodies.user("bob@example.com"))
        server.stop()
        #expect(try diff("pending").standardOutput == outbox.url(for: 1).path + "\n" + outbox.url(for: 2).path + "\n")
        #expect(try diff("ack", "1").status == 0)
        #expect(try diff("ack", "1").standardError.contains("already acknowledged"))
        #expect(try diff("pending").standardOutput == outbox.url(for: 2).path + "\n")
        let shown = try diff("show", "2").standardOutput
        #expect(try DeprovisioningDiff(fileContents: Data(shown.utf8)).sequence == 2)
        #expect(try diff("show", "9").status != 0)
    }
}
