import DirectoryStore
import Foundation
import SCIM
import Testing

@testable import Deprovisioning

@Suite struct DeprovisioningFeedTests {
    @Test func eachAccessChangingWriteYieldsOneContiguousDiff() async throws {
        let fixture = try await DirectoryFixture()
        defer { fixture.remove() }
        try await fixture.attachFeed()
        let alice = try await fixture.createUser("alice@example.com", externalId: "00u1")
        try await fixture.update(.user, alice) { $0["active"] = false }

        let diffs = try fixture.diffs()
        #expect(diffs.map(\.sequence) == [1, 2])
        #expect(diffs[0].entries.provisioned.map(\.reason) == [.provisioned])
        #expect(diffs[1].origin == DiffOrigin(.scim(method: "PUT", requestID: "r-put")))
        #expect(diffs[1].summary == "PUT User alice@example.com: active → false")
        let entry = try #require(diffs[1].entries.deprovisioned.first)
        #expect(entry.reason == .deactivated)
        #expect(
            entry.user?.record
                == UserRecord(
                    id: alice, userName: "alice@example.com", externalId: "00u1", emails: ["alice@example.com"],
                    primaryEmail: "alice@example.com", active: false))
        #expect(diffs[1].accessLoss == AccessLoss(usersLosingAccess: 1, activeUsersBefore: 1))
    }

    @Test func aWriteThatChangesNoAccessOrIdentityYieldsNoDiff() async throws {
        let fixture = try await DirectoryFixture()
        defer { fixture.remove() }
        let feed = try await fixture.attachFeed()
        let alice = try await fixture.createUser("alice@example.com")
        try await fixture.update(.user, alice) {
            $0["title"] = "CTO"; $0["externalId"] = "00u9"
        }
        try await fixture.createGroup("Empty")

        #expect(try fixture.diffs().count == 1)
        #expect(feed.emittedState.users[alice]?.externalId == "00u9")
    }

    @Test func deletingAUserInTwoGroupsListsBothMembershipsRemoved() async throws {
        let fixture = try await DirectoryFixture()
        defer { fixture.remove() }
        try await fixture.attachFeed()
        let bob = try await fixture.createUser("bob@example.com")
        let eng = try await fixture.createGroup("Engineering", members: [bob])
        let ops = try await fixture.createGroup("Operations", members: [bob])
        try await fixture.delete(.user, bob)

        let diff = try #require(try fixture.diffs().last)
        #expect(diff.entries.deprovisioned.map(\.reason) == [.deleted])
        #expect(diff.entries.deprovisioned.first?.user?.record.userName == "bob@example.com")
        #expect(Set(diff.entries.membershipsRemoved.map(\.group.id)) == [eng, ops])
        #expect(diff.entries.membershipsRemoved.allSatisfy { $0.reason == .memberDeleted && $0.user?.record.id == bob })
        #expect(diff.accessLoss.usersLosingAccess == 1)
    }

    @Test func startupEmitsWhatTheDirectoryHasThatNoDiffRecorded() async throws {
        let fixture = try await DirectoryFixture()
        defer { fixture.remove() }
        let alice = try await fixture.createUser("alice@example.com")  // before any feed: a write whose diff is missing
        let feed = try await fixture.attachFeed()
        let diff = try #require(try fixture.diffs().first)
        #expect(diff.origin == DiffOrigin(type: .startup))
        #expect(diff.entries.provisioned.map { $0.user?.record.id } == [alice])
        #expect(feed.lastSequence == 1)
        #expect(try AccessCheckpoint.read(from: fixture.files)?.sequence == 1)
    }

    @Test func reopeningAfterACrashContinuesTheSequence() async throws {
        let fixture = try await DirectoryFixture()
        defer { fixture.remove() }
        try await fixture.attachFeed()
        let alice = try await fixture.createUser("alice@example.com")
        // A crash: no checkpoint at shutdown. The next daemon (a new store on the same directory) replays diff 1 and
        // finds nothing new.
        let restarted = try await DirectoryStore.open(
            layout: DirectoryLayout(root: fixture.directory), logger: DirectoryFixture.logger)
        let reopened = try DeprovisioningFeed(configuration: fixture.configuration(), logger: DirectoryFixture.logger)
        #expect(try reopened.catchUp(with: restarted.snapshot) == nil)
        await restarted.addObserver(reopened)
        try await restarted.delete(.user, id: alice, ifMatch: nil, origin: .scim(method: "DELETE", requestID: nil))
        #expect(fixture.outbox.sequences() == [1, 2])
    }

    @Test func aDiffThatCannotBeWrittenGoesIntoTheNextOne() async throws {
        let fixture = try await DirectoryFixture()
        defer { fixture.remove() }
        try await fixture.attachFeed()
        let outbox = fixture.files.outbox
        try FileManager.default.removeItem(at: outbox)
        try Data().write(to: outbox)  // a file where the folder should be: writes fail
        let alice = try await fixture.createUser("alice@example.com")
        try FileManager.default.removeItem(at: outbox)
        try fixture.files.createFolders()
        let bob = try await fixture.createUser("bob@example.com")

        let diffs = try fixture.diffs()
        #expect(diffs.map(\.sequence) == [1])
        #expect(Set(diffs[0].entries.provisioned.compactMap { $0.user?.record.id }) == [alice, bob])
    }

    @Test func heldDiffIsRecordedBeforeItIsWrittenAndLoggedWithItsRelease() async throws {
        let fixture = try await DirectoryFixture()
        defer { fixture.remove() }
        var ids: [String] = []
        for index in 1...3 { ids.append(try await fixture.createUser("u\(index)@example.com")) }
        let group = try await fixture.createGroup("All", members: ids)
        try await fixture.attachFeed(limit: DeprovisionLimit(count: 2))
        try await fixture.delete(.group, group)

        let hold = try #require(try HoldLedger.read(from: fixture.files).hold(of: 2))
        #expect(hold.rule == .batch)
        #expect(hold.usersLosingAccess == 3)
        #expect(try DiffQueue(files: fixture.files).deliverable() == [1])
    }

    @Test func holdsWhoseDiffWasNeverWrittenAreDroppedOnOpen() async throws {
        let fixture = try await DirectoryFixture()
        defer { fixture.remove() }
        try fixture.files.createFolders()
        var ledger = HoldLedger()
        ledger.add(
            Hold(
                sequence: 1, heldAt: "2026-01-01T00:00:00.000Z", rule: .batch, usersLosingAccess: 20,
                windowUsersLosingAccess: 20, activeUsers: 20, limit: "10", windowSeconds: 900))
        try ledger.write(to: fixture.files)
        try await fixture.createUser("alice@example.com")
        try await fixture.attachFeed()
        #expect(try HoldLedger.read(from: fixture.files).holds.isEmpty)
        #expect(try DiffQueue(files: fixture.files).deliverable() == [1])
    }

    @Test func theWindowSurvivesARestart() async throws {
        let fixture = try await DirectoryFixture()
        defer { fixture.remove() }
        var ids: [String] = []
        for index in 1...4 { ids.append(try await fixture.createUser("u\(index)@example.com")) }
        try await fixture.attachFeed(limit: DeprovisionLimit(count: 2))
        try await fixture.delete(.user, ids[0])
        try await fixture.delete(.user, ids[1])
        fixture.clock.advance(by: 60)
        let reopened = try DeprovisioningFeed(
            configuration: fixture.configuration(limit: DeprovisionLimit(count: 2)), logger: DirectoryFixture.logger)
        try reopened.catchUp(with: fixture.store.snapshot)
        await fixture.store.addObserver(reopened)
        try await fixture.delete(.user, ids[2])
        #expect(try HoldLedger.read(from: fixture.files).holds.map(\.sequence) == [4])
    }

    @Test func reconciliationDiffListsHostAccountsAndLeavesTheStateAlone() async throws {
        let fixture = try await DirectoryFixture()
        defer { fixture.remove() }
        let feed = try await fixture.attachFeed()
        let before = feed.emittedState
        let sequence = try feed.emitReconciliation(
            [UserEntry(notProvisioned: HostAccount(email: "ghost@example.com"))],
            summary: "Reconciliation: 1 host account without a SCIM user")
        let diff = try fixture.outbox.read(try #require(sequence))
        #expect(diff.origin == DiffOrigin(type: .reconciliation))
        #expect(diff.entries.deprovisioned.first?.account?.email == "ghost@example.com")
        #expect(diff.accessLoss.usersLosingAccess == 1)
        #expect(feed.emittedState == before)
        #expect(try feed.emitReconciliation([], summary: "nothing") == nil)
    }

    @Test func aDiffAnotherProcessWroteIsAdoptedAndTheSequenceStaysContiguous() async throws {
        let fixture = try await DirectoryFixture()
        defer { fixture.remove() }
        let daemon = try await fixture.attachFeed()
        let alice = try await fixture.createUser("alice@example.com")
        // `scimdir reconcile --emit-diff` while serve runs: a second feed on the same state directory.
        let command = try DeprovisioningFeed(configuration: fixture.configuration(), logger: DirectoryFixture.logger)
        #expect(
            try command.emitReconciliation(
                [UserEntry(notProvisioned: HostAccount(email: "ghost@example.com"))], summary: "Reconciliation") == 2)
        try await fixture.update(.user, alice) { $0["active"] = false }

        #expect(try fixture.diffs().map(\.sequence) == [1, 2, 3])
        #expect(daemon.lastSequence == 3)
        #expect(try fixture.diffs().last?.entries.deprovisioned.map(\.reason) == [.deactivated])
    }
}
