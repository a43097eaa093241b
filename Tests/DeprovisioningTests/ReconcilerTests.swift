import Deprovisioning
import DirectoryStore
import Foundation
import Logging
import SCIM
import Testing

/// The report as a whole: every user's NameID, users without one, collisions, unloadable user files and the counts
/// (ARCHITECTURE §7).
@Suite struct ReconcilerTests {
    @Test func everyUserGetsTheExpectedNameIDInUserNameOrder() throws {
        let report = try ReconciliationFixture.reconcile()
        #expect(report.users.map(\.userName) == ["alice@example.com", "bob@example.com", "carol@example.com"])
        #expect(report.users.map(\.nameID) == ["alice@example.com", "bob@example.com", "carol@example.com"])
        #expect(report.nameID.source == .email)
        #expect(report.metadata.entityID == "http://www.okta.com/exkppsa1qwuFV4D7z0h7")
    }

    @Test func usersWithoutTheSourceAttributeAreListedWithoutNameID() throws {
        let users = ReconciliationFixture.sampleUsers + [ReconciliationFixture.user("d4", userName: "dave")]
        let report = try ReconciliationFixture.reconcile(users: users)
        #expect(report.usersWithoutNameID == ["d4"])
        #expect(report.summary.usersWithoutNameID == 1)
        #expect(report.users.first { $0.id == "d4" }?.nameID == nil)
        let byExternalId = try ReconciliationFixture.reconcile(users: users, nameID: .externalId)
        #expect(byExternalId.usersWithoutNameID == ["d4"])
        #expect(try ReconciliationFixture.reconcile(users: users, nameID: .userName).usersWithoutNameID.isEmpty)
    }

    @Test func emailNameIDsCollideCaseInsensitively() throws {
        let users = [
            ReconciliationFixture.user("x1", userName: "pat", emails: [("Pat@Example.com", true)]),
            ReconciliationFixture.user("x2", userName: "pat2", emails: [("pat@example.COM", true)]),
            ReconciliationFixture.user("x3", userName: "lee", emails: [("lee@example.com", true)]),
        ]
        let report = try ReconciliationFixture.reconcile(users: users)
        #expect(report.nameIDCollisions == [NameIDCollision(nameID: "Pat@Example.com", userIds: ["x1", "x2"])])
        #expect(report.summary.nameIDCollisions == 1)
    }

    @Test func externalIdNameIDsDifferingOnlyInCaseDoNotCollide() throws {
        let users = [
            ReconciliationFixture.user("x1", userName: "a", externalId: "00uA"),
            ReconciliationFixture.user("x2", userName: "b", externalId: "00ua"),
        ]
        #expect(try ReconciliationFixture.reconcile(users: users, nameID: .externalId).nameIDCollisions.isEmpty)
    }

    @Test func userFilesThatCannotBeLoadedAreListed() throws {
        let temporary = try TemporaryDirectory("reconcile")
        defer { temporary.remove() }
        let folder = temporary.url
        let layout = DirectoryLayout(root: folder)
        try layout.createFolders()
        try Data("{\"userName\": ".utf8).write(to: layout.file(for: .user, id: "broken"))
        let snapshot = DirectoryLoader(layout: layout, logger: ReconciliationFixture.quiet).load(registry: .standard)
            .snapshot
        let report = Reconciler().reconcile(
            try ReconciliationFixture.metadata("okta-idp.xml"), metadataSource: "okta-idp.xml", directory: snapshot,
            now: ReconciliationFixture.now)
        #expect(report.directoryProblems.count == 1)
        #expect(report.directoryProblems.first?.hasPrefix("users/broken.json: ") == true)
    }

    @Test func summaryCountsEveryAction() throws {
        let export = try HostAccountExport(
            text: "email,is_active,sso_source\nalice@example.com,true,saml\ncarol@example.com,true,saml\n"
                + "dave@example.com,true,saml\nerin@example.com,true,google\nfrank@example.com,false,saml\n")
        let summary = try ReconciliationFixture.reconcile(export).summary
        #expect(summary.users == 3)
        #expect(summary.activeUsers == 2)
        let counts = try #require(summary.hostAccounts)
        let values: [Int] = [
            counts.total, counts.keep, counts.deactivated, counts.notProvisioned, counts.notSAML,
            counts.alreadyInactive,
        ]
        #expect(values == [5, 1, 1, 1, 1, 1])
        #expect(summary.fields.map(\.key).last == "notSAML")
    }

    @Test func withoutAnExportThereIsNoHostAccountSection() throws {
        let report = try ReconciliationFixture.reconcile()
        #expect(report.hostAccounts == nil)
        #expect(report.summary.hostAccounts == nil)
        #expect(report.accountsToDeprovision.isEmpty)
        #expect(!report.summary.fields.contains { $0.key == "hostAccounts" })
    }
}
