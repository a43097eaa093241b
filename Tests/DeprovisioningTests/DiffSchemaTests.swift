import DirectoryStore
import Foundation
import SCIM
import Testing

@testable import Deprovisioning

/// `samples/deprovisioning-diff.schema.json` describes the files the outbox really holds.
@Suite struct DiffSchemaTests {
    private static let validator = """
        import json, sys
        from jsonschema import Draft202012Validator
        schema = json.load(open(sys.argv[1]))
        Draft202012Validator.check_schema(schema)
        validator = Draft202012Validator(schema)
        failed = 0
        for path in sys.argv[2:]:
            for error in validator.iter_errors(json.load(open(path))):
                failed += 1
                print("%s: %s at %s" % (path, error.message, list(error.absolute_path)))
        sys.exit(1 if failed else 0)
        """

    private func validate(_ files: [URL]) throws {
        let schema = samplesFolder.appendingPathComponent("deprovisioning-diff.schema.json")
        let output = try runPython(Self.validator, [schema.path] + files.map(\.path))
        #expect(output.status == 0, "\(output.standardOutput)\(output.standardError)")
    }

    @Test func everyKindOfOutboxFileMatchesTheSchema() async throws {
        let fixture = try await DirectoryFixture()
        defer { fixture.remove() }
        let feed = try await fixture.attachFeed(limit: DeprovisionLimit(count: 100))
        let alice = try await fixture.createUser("alice@example.com", externalId: "00u1")
        let bob = try await fixture.createUser("bob@example.com")
        let eng = try await fixture.createGroup("Engineering", members: [alice, bob])
        try await fixture.createGroup("Everyone", members: [eng])  // a nested group
        try await fixture.update(.user, alice) {
            $0["active"] = false; $0["userName"] = "asmith@example.com"
        }
        try await fixture.update(.user, alice) { $0["active"] = true }
        try await fixture.update(.group, eng) { $0["members"] = [["value": .string(alice)]] }
        try await fixture.delete(.user, bob)
        try await fixture.delete(.group, eng)
        try feed.emitReconciliation(
            [UserEntry(notProvisioned: HostAccount(hostId: "7", email: "ghost@example.com"))], summary: "Reconciliation"
        )

        let files = fixture.outbox.sequences().map { fixture.outbox.url(for: $0) }
        let all = try fixture.diffs().map(\.entries)
        #expect(
            Set(all.flatMap(\.deprovisioned).map(\.reason))
                == Set(UserEntry.Reason.allCases).subtracting([.provisioned, .reactivated]))
        #expect(Set(all.flatMap(\.provisioned).map(\.reason)) == [.provisioned, .reactivated])
        #expect(Set(all.flatMap(\.membershipsRemoved).map(\.reason)) == [.removed, .memberDeleted, .groupDeleted])
        #expect(!all.flatMap(\.identityChanged).isEmpty && !all.flatMap(\.groupsDeleted).isEmpty)
        try validate(files)
    }

    @Test func diffBetweenRevisionsMatchesTheSchema() throws {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        let git = Git(folder: root.url)
        try git("init", "--quiet")
        try git.write("users/alice.json", ResourceFiles.user("alice", "alice@example.com"))
        try git("add", "-A")
        try git("commit", "--quiet", "-m", "one")
        try git.write("users/alice.json", ResourceFiles.user("alice", "alice@example.com", active: false))
        try git("commit", "--quiet", "-am", "two")
        let output = try Scimdir.run(["diff", "between", "HEAD~1", "HEAD", "--directory", root.url.path])
        let file = root.appending("between.json")
        try output.standardOutput.write(to: file, atomically: true, encoding: .utf8)
        try validate([file])
    }
}
