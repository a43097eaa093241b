import Foundation
import Testing

@testable import Deprovisioning

@Suite struct OutboxTests {
    @Test func fileNamesAreTenDigitSequences() {
        #expect(Outbox.fileName(for: 42) == "0000000042.json")
        #expect(Outbox.sequence(fromFileName: "0000000042.json") == 42)
        #expect(Outbox.sequence(fromFileName: ".0000000042.json.tmp-x") == nil)
        #expect(Outbox.sequence(fromFileName: "42.json") == nil)
        #expect(Outbox.sequence(fromFileName: "00000000x2.json") == nil)
    }

    @Test func aDiffIsNeverOverwritten() throws {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        let files = StateFiles(directory: root.url)
        try files.createFolders()
        let outbox = Outbox(files: files)
        let diff = DeprovisioningDiff(
            sequence: 1, createdAt: 0, origin: DiffOrigin(type: .startup), summary: "first", entries: DiffEntries(),
            activeUsersBefore: 0)
        try outbox.write(diff)
        var second = diff
        second.summary = "second"
        #expect(throws: StateFiles.Failure.self) { try outbox.write(second) }
        #expect(try outbox.read(1).summary == "first")
        #expect(outbox.sequences() == [1])
    }
}
