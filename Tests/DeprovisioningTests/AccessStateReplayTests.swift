import DirectoryStore
import Foundation
import SCIM
import Testing

@testable import Deprovisioning

@Suite struct AccessStateReplayTests {
    /// Diffs from a chain of states, replayed onto the first, give the last — through a JSON round trip, as the
    /// outbox stores them.
    private func replayed(_ states: [AccessState]) throws -> AccessState {
        var replayed = states[0]
        for (old, new) in zip(states, states.dropFirst()) {
            let diff = DeprovisioningDiff(
                sequence: 1, createdAt: 0, origin: DiffOrigin(type: .directoryEdit), summary: "",
                entries: old.entries(toAll: new),
                activeUsersBefore: old.activeUserCount)
            replayed.apply(try DeprovisioningDiff(fileContents: Data(diff.fileContents())))
        }
        return replayed
    }

    @Test func replayingEveryEntryKindReproducesTheState() throws {
        let states = [
            state(),
            state(
                users: [user("alice"), user("bob"), user("carol")], groups: [group("eng", members: ["alice", "bob"])]),
            state(
                users: [
                    user("alice", active: false), user("bob", "robert", email: "robert@example.com"), user("carol"),
                ],
                groups: [group("eng", members: ["bob", "carol"]), group("ops", members: ["alice", "eng"])]),
            state(users: [user("alice"), user("carol")], groups: [group("ops", members: ["alice"])]),
        ]
        #expect(try replayed(states) == states.last)
    }

    @Test func checkpointPlusOutboxEqualsTheEmittedState() async throws {
        let fixture = try await DirectoryFixture()
        defer { fixture.remove() }
        var configuration = fixture.configuration()
        configuration.checkpointInterval = 2
        let feed = try DeprovisioningFeed(configuration: configuration, logger: DirectoryFixture.logger)
        try feed.catchUp(with: fixture.store.snapshot)
        await fixture.store.addObserver(feed)
        let alice = try await fixture.createUser("alice@example.com")
        let bob = try await fixture.createUser("bob@example.com")
        let eng = try await fixture.createGroup("Engineering", members: [alice, bob])
        try await fixture.update(.user, alice) { $0["active"] = false }
        try await fixture.delete(.user, bob)
        try await fixture.update(.group, eng) { $0["displayName"] = "Eng" }  // informational: no diff

        let checkpoint = try #require(try AccessCheckpoint.read(from: fixture.files))
        #expect(checkpoint.sequence == 4)
        let reopened = try DeprovisioningFeed(configuration: configuration, logger: DirectoryFixture.logger)
        #expect(reopened.lastSequence == 5)
        var expected = feed.emittedState
        expected.setGroup(GroupRecord(id: eng, displayName: "Engineering", members: [alice]))
        #expect(reopened.emittedState == expected)
        #expect(try reopened.catchUp(with: fixture.store.snapshot) == nil)
        #expect(reopened.emittedState == feed.emittedState)
    }
}
