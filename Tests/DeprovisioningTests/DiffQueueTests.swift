import Foundation
import Testing

@testable import Deprovisioning

@Suite struct DiffQueueTests {
    private let root: TemporaryDirectory
    private let files: StateFiles
    private let queue: DiffQueue

    init() throws {
        root = try TemporaryDirectory()
        files = StateFiles(directory: root.url)
        try files.createFolders()
        queue = DiffQueue(files: files)
    }

    /// Writes diffs 1...count; the ones in `held` are recorded as held.
    private func writeDiffs(_ count: Int, held: Set<Int> = []) throws {
        for sequence in 1...count {
            var entries = DiffEntries()
            entries.provisioned = [UserEntry(reason: .provisioned, user: EntryUser(user("u\(sequence)")))]
            let diff = DeprovisioningDiff(
                sequence: sequence, createdAt: 0, origin: DiffOrigin(type: .startup), summary: "s", entries: entries,
                activeUsersBefore: 0)
            try queue.outbox.write(diff)
            if held.contains(sequence) {
                var ledger = try HoldLedger.read(from: files)
                ledger.add(
                    Hold(
                        sequence: sequence, heldAt: diff.createdAt, rule: .batch, usersLosingAccess: 11,
                        windowUsersLosingAccess: 11, activeUsers: 20, limit: "10", windowSeconds: 900))
                try ledger.write(to: files)
            }
        }
    }

    @Test func cursorStartsAtZeroAndOnlyMovesForward() throws {
        defer { root.remove() }
        try writeDiffs(3)
        #expect(try DeliveryCursor.read(from: files).acknowledged == 0)
        #expect(try queue.acknowledge(2))
        #expect(try !queue.acknowledge(2))
        #expect(try !queue.acknowledge(1))
        #expect(try DeliveryCursor.read(from: files).acknowledged == 2)
        #expect(try queue.deliverable() == [3])
    }

    @Test func acknowledgingBeyondTheNewestDiffIsRefused() throws {
        defer { root.remove() }
        try writeDiffs(2)
        #expect(throws: DiffQueue.Refusal.self) { try queue.acknowledge(3) }
    }

    @Test func heldDiffStopsDeliveryAndAcknowledgementUntilReleased() throws {
        defer { root.remove() }
        try writeDiffs(4, held: [2])
        #expect(try queue.deliverable() == [1])
        #expect(try queue.acknowledge(1))
        let refusal = #expect(throws: DiffQueue.Refusal.self) { try queue.acknowledge(3) }
        #expect(refusal?.description.contains("scimdir diff release 2") == true)
        #expect(try queue.items().map(\.status) == [.delivered, .held, .pending, .pending])

        #expect(try queue.release(2, at: "2026-01-01T00:00:00Z"))
        #expect(try !queue.release(2, at: "2026-01-01T00:00:01Z"))
        #expect(try queue.items().map(\.status) == [.delivered, .released, .pending, .pending])
        #expect(try queue.deliverable() == [2, 3, 4])
        #expect(try queue.acknowledge(4))
        #expect(try queue.items().map(\.status) == [.delivered, .delivered, .delivered, .delivered])
    }

    @Test func releasingADiffThatIsNotHeldIsRefused() throws {
        defer { root.remove() }
        try writeDiffs(1)
        #expect(throws: DiffQueue.Refusal.self) { try queue.release(1, at: "2026-01-01T00:00:00Z") }
    }

    @Test func deliveryStopsAtAMissingDiff() throws {
        defer { root.remove() }
        try writeDiffs(3)
        try FileManager.default.removeItem(at: queue.outbox.url(for: 2))
        #expect(try queue.deliverable() == [1])
    }

    @Test func stateFilesAreWrittenWithMode0600() throws {
        defer { root.remove() }
        try writeDiffs(1, held: [1])
        try queue.release(1, at: "2026-01-01T00:00:00Z")
        try queue.acknowledge(1)
        for url in [files.deliveryCursor, files.holds, queue.outbox.url(for: 1)] {
            let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600, "\(url.lastPathComponent)")
        }
        let folder = try FileManager.default.attributesOfItem(atPath: files.outbox.path)
        #expect((folder[.posixPermissions] as? NSNumber)?.intValue == 0o700)
    }
}
