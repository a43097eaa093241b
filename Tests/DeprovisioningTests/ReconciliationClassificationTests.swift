import Deprovisioning
import Foundation
import Testing

/// Matching host accounts with SCIM users and deciding what to do with each, including the `sso_source` rule
/// (ARCHITECTURE §7).
@Suite struct ReconciliationClassificationTests {
    private func classify(_ export: String, nameID: NameIDSource? = nil) throws -> [ClassifiedAccount] {
        try #require(try ReconciliationFixture.reconcile(HostAccountExport(text: export), nameID: nameID).hostAccounts)
            .accounts
    }

    @Test func accountOfAnActiveUserIsKept() throws {
        let account = try #require(try classify("email\nalice@example.com\n").first)
        #expect(account.match == .activeUser)
        #expect(account.user?.id == "a1")
        #expect(account.action == .keep)
        #expect(account.reason == nil)
    }

    @Test func accountOfAnInactiveUserIsDeprovisionedAsDeactivated() throws {
        let account = try #require(try classify("email\ncarol@example.com\n").first)
        #expect(account.match == .inactiveUser)
        #expect(account.user?.id == "c3")
        #expect(account.action == .deprovision)
        #expect(account.reason == .deactivated)
    }

    @Test func accountOfNoUserIsDeprovisionedAsNotProvisioned() throws {
        let account = try #require(try classify("email\ndave@example.com\n").first)
        #expect(account.match == .noUser)
        #expect(account.user == nil)
        #expect(account.action == .deprovision)
        #expect(account.reason == .notProvisioned)
    }

    @Test func emailsMatchCaseInsensitivelyAndIncludeSecondaryAddresses() throws {
        let users = [
            ReconciliationFixture.user(
                "a1", userName: "alice", emails: [("alice@example.com", true), ("a.anderson@example.com", false)])
        ]
        let report = try ReconciliationFixture.reconcile(
            HostAccountExport(text: "email\nALICE@Example.com\na.anderson@EXAMPLE.com\n"), users: users)
        #expect(report.hostAccounts?.accounts.map(\.action) == [.keep, .keep])
        #expect(report.hostAccounts?.accounts.map(\.matchedBy) == [.email, .email])
    }

    @Test func nameIDColumnIsMatchedAgainstTheExpectedNameIDNotTheEmails() throws {
        let accounts = try classify("email,name_id\nwhatever@example.com,bob\nbob@example.com,\n", nameID: .externalId)
        #expect(accounts.map(\.matchedBy) == [.nameID, .email])
        #expect(accounts.map(\.match) == [.activeUser, .activeUser])
        let exact = try classify("name_id\nBOB\n", nameID: .externalId)
        #expect(exact.first?.match == .noUser, "externalId NameIDs compare exactly")
    }

    @Test func withSSOSourceOnlySAMLAccountsMayBeDeprovisioned() throws {
        let accounts = try classify(
            "email,sso_source\ncarol@example.com,google\ndave@example.com,\nerin@example.com,SAML\nalice@example.com,jwt\n"
        )
        #expect(accounts.map(\.action) == [.notSAML, .notSAML, .deprovision, .keep])
        #expect(accounts.map(\.match) == [.inactiveUser, .noUser, .noUser, .activeUser])
    }

    @Test func jsonExportWithSSOSourceOnSomeRecordsTreatsTheOthersAsNotSAML() throws {
        let report = try ReconciliationFixture.reconcile(
            HostAccountExport(
                text: #"[{"email": "dave@example.com", "sso_source": "saml"}, {"email": "erin@example.com"}]"#))
        #expect(report.hostAccounts?.accounts.map(\.action) == [.deprovision, .notSAML])
    }

    @Test func withoutSSOSourceEveryAccountMayBeDeprovisioned() throws {
        let accounts = try classify("email\ncarol@example.com\ndave@example.com\n")
        #expect(accounts.map(\.action) == [.deprovision, .deprovision])
    }

    @Test func accountsAlreadyInactiveInTheHostAreNotDeprovisionedAgain() throws {
        let accounts = try classify(
            "email,is_active\ncarol@example.com,false\ndave@example.com,false\nalice@example.com,false\n")
        #expect(accounts.map(\.action) == [.alreadyInactive, .alreadyInactive, .keep])
    }

    @Test func anAccountMatchingSeveralUsersIsKeptWhenAnyOfThemIsActive() throws {
        let users = [
            ReconciliationFixture.user("old", userName: "sam.old", emails: [("sam@example.com", true)], active: false),
            ReconciliationFixture.user("new", userName: "sam.new", emails: [("sam@example.com", true)]),
        ]
        let report = try ReconciliationFixture.reconcile(
            HostAccountExport(text: "email\nsam@example.com\n"), users: users)
        let account = try #require(report.hostAccounts?.accounts.first)
        #expect(account.action == .keep)
        #expect(account.user?.id == "new")
    }

    @Test func samplesShowEveryClassification() throws {
        let export = try HostAccountExport(
            contentsOf: samplesFolder.appendingPathComponent("host-accounts.csv"))
        let report = try ReconciliationFixture.reconcile(export)
        let byEmail = Dictionary(
            uniqueKeysWithValues: try #require(report.hostAccounts).accounts.map { ($0.account.email ?? "", $0) })
        #expect(byEmail["alice@example.com"]?.action == .keep)
        #expect(byEmail["Bob@Example.com"]?.action == .keep)
        #expect(byEmail["carol@example.com"]?.reason == .deactivated)
        #expect(byEmail["dave@example.com"]?.reason == .notProvisioned)
        #expect(byEmail["erin@example.com"]?.action == .notSAML)
        #expect(byEmail["frank@example.com"]?.action == .alreadyInactive)
        #expect(byEmail["grace@example.com"]?.action == .notSAML)
        #expect(report.accountsToDeprovision.map(\.account.email) == ["carol@example.com", "dave@example.com"])
    }
}
