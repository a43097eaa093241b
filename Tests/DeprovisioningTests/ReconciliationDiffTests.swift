import Deprovisioning
import Foundation
import Testing

/// `--emit-diff`: the accounts a reconciliation deprovisions become one diff in the outbox, with entries a host app
/// can act on without knowing SCIM ids (ARCHITECTURE §6, §7).
@Suite struct ReconciliationDiffTests {
    private static let export = """
        id,email,is_active,sso_source
        1,alice@example.com,true,saml
        3,carol@example.com,true,saml
        4,dave@example.com,true,saml
        5,erin@example.com,true,google
        6,frank@example.com,false,saml
        7,Zed@Example.com,true,saml
        """

    private func feed(_ state: TemporaryDirectory, limit: DeprovisionLimit = .standard) throws -> DeprovisioningFeed {
        var configuration = DeprovisioningFeed.Configuration(files: StateFiles(directory: state.url))
        configuration.limit = limit
        return try DeprovisioningFeed(configuration: configuration, logger: ReconciliationFixture.quiet)
    }

    @Test func accountsToDeprovisionBecomeOneDiffWithReasonsAndIdentifiers() throws {
        let state = try TemporaryDirectory("reconcile-diff")
        defer { state.remove() }
        let report = try ReconciliationFixture.reconcile(HostAccountExport(text: Self.export))
        let sequence = try feed(state).emitReconciliation(report)
        #expect(sequence == 1)

        let diff = try Outbox(files: StateFiles(directory: state.url)).read(1)
        #expect(diff.origin.type == .reconciliation)
        #expect(
            diff.summary
                == "Reconciliation of okta-idp.xml: 2 host accounts without a SCIM user, 1 host account of an inactive "
                + "SCIM user")
        #expect(diff.accessLoss.usersLosingAccess == 3)
        let entries = diff.entries.deprovisioned
        #expect(entries.map(\.reason) == [.notProvisioned, .notProvisioned, .deactivated])
        #expect(entries.map { $0.account?.email } == ["dave@example.com", "Zed@Example.com", nil])
        #expect(entries.map { $0.account?.hostId } == ["4", "7", nil])
        let carol = try #require(entries.last?.user)
        #expect(carol.record.id == "c3")
        #expect(carol.record.userName == "carol@example.com")
        #expect(carol.record.externalId == "carol")
        #expect(carol.record.emails == ["carol@example.com"])
        #expect(carol.record.active == false)
        #expect(carol.nameID == "carol@example.com")
        #expect(entries.last?.account == nil)
        #expect(diff.entries.provisioned.isEmpty && diff.entries.membershipsRemoved.isEmpty)
    }

    @Test func nameIDOfAHostAccountIsCarriedIntoItsEntry() throws {
        let report = try ReconciliationFixture.reconcile(
            HostAccountExport(text: "name_id,email\n00uGHOST,ghost@example.com\n"), nameID: .externalId)
        let entry = UserEntry(deprovisioning: try #require(report.accountsToDeprovision.first))
        #expect(entry.reason == .notProvisioned)
        #expect(entry.account?.nameID == "00uGHOST")
        #expect(entry.account?.email == "ghost@example.com")
        #expect(entry.user == nil)
    }

    @Test func nothingToDeprovisionWritesNoDiff() throws {
        let state = try TemporaryDirectory("reconcile-diff")
        defer { state.remove() }
        let report = try ReconciliationFixture.reconcile(HostAccountExport(text: "email\nalice@example.com\n"))
        #expect(try feed(state).emitReconciliation(report) == nil)
        #expect(Outbox(files: StateFiles(directory: state.url)).sequences().isEmpty)
    }

    @Test func theGuardHoldsAReconciliationOverTheLimit() throws {
        let state = try TemporaryDirectory("reconcile-diff")
        defer { state.remove() }
        let report = try ReconciliationFixture.reconcile(HostAccountExport(text: Self.export))
        let sequence = try #require(try feed(state, limit: DeprovisionLimit(count: 2)).emitReconciliation(report))
        let hold = try #require(try HoldLedger.read(from: StateFiles(directory: state.url)).hold(of: sequence))
        #expect(hold.usersLosingAccess == 3)
    }

    @Test func theDiffMatchesTheDiffSchema() throws {
        let state = try TemporaryDirectory("reconcile-diff")
        defer { state.remove() }
        let report = try ReconciliationFixture.reconcile(HostAccountExport(text: Self.export))
        try feed(state).emitReconciliation(report)
        let check = """
            import json, sys
            from jsonschema import Draft202012Validator
            errors = list(Draft202012Validator(json.load(open(sys.argv[1]))).iter_errors(json.load(open(sys.argv[2]))))
            print("\\n".join("%s at %s" % (e.message, list(e.absolute_path)) for e in errors))
            sys.exit(1 if errors else 0)
            """
        let output = try runPython(
            check,
            [
                samplesFolder.appendingPathComponent("deprovisioning-diff.schema.json").path,
                Outbox(files: StateFiles(directory: state.url)).url(for: 1).path,
            ])
        #expect(output.status == 0, "\(output.standardOutput)\(output.standardError)")
    }
}
