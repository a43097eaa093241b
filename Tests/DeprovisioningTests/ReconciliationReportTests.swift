import Deprovisioning
import Foundation
import SCIM
import Testing

/// The report's JSON format (what `--format json` prints and `STATE/reconcile.json` holds), its text for people, and
/// the state file (ARCHITECTURE §7).
@Suite struct ReconciliationReportTests {
    private func sampleReport() throws -> ReconciliationReport {
        let export = try HostAccountExport(
            text: "email,is_active,sso_source\nalice@example.com,true,saml\ncarol@example.com,true,saml\n"
                + "dave@example.com,true,saml\nerin@example.com,true,google\nfrank@example.com,false,saml\n")
        return try ReconciliationFixture.reconcile(export)
    }

    private func json(_ report: ReconciliationReport) throws -> JSONValue {
        try JSONParser().parse(report.jsonBytes())
    }

    private func keys(_ value: JSONValue?) -> [String] {
        (value?.objectValue?.keys).map { Array($0).sorted() } ?? []
    }

    @Test func jsonHasTheDocumentedMembers() throws {
        let document = try json(sampleReport())
        #expect(
            keys(document) == [
                "directoryProblems", "formatVersion", "generatedAt", "hostAccounts", "metadata", "nameID",
                "nameIDCollisions", "problems", "summary", "users", "usersWithoutNameID",
            ])
        #expect(document["formatVersion"] == 1)
        #expect(document["generatedAt"] == "2026-06-01T00:00:00.000Z")
        #expect(keys(document["nameID"]) == ["basis", "explanation", "format", "source"])
        #expect(
            keys(document["metadata"]) == [
                "entityID", "nameIDFormats", "signingCertificates", "singleSignOnServices", "source",
            ])
        #expect(
            keys(document["metadata"]?["signingCertificates"]?.arrayValue?.first) == [
                "line", "notAfter", "notBefore", "sha256Fingerprint", "subject",
            ])
        #expect(
            keys(document["users"]?.arrayValue?.first) == [
                "active", "emails", "externalId", "id", "nameID", "primaryEmail", "userName",
            ])
        // `source` is left out: this export was not read from a file.
        #expect(keys(document["hostAccounts"]) == ["accounts", "format", "hasSSOSource"])
        let carol = try #require(document["hostAccounts"]?["accounts"]?.arrayValue?[1])
        #expect(keys(carol) == ["account", "action", "match", "matchedBy", "reason", "user"])
        #expect(keys(carol["account"]) == ["active", "email", "line", "record", "ssoSource"])
        #expect(carol["action"] == "deprovision")
        #expect(carol["reason"] == "deactivated")
        #expect(
            keys(document["summary"]) == [
                "activeUsers", "errors", "hostAccounts", "nameIDCollisions", "users", "usersWithoutNameID", "warnings",
            ])
    }

    @Test func jsonProblemsCarryKindSeverityMessageAndLine() throws {
        let report = Reconciler().reconcile(
            try ReconciliationFixture.metadata("adfs-federationmetadata.xml"), metadataSource: "adfs.xml",
            directory: ReconciliationFixture.directory([]), now: ReconciliationFixture.now)
        let problem = try #require(try json(report)["problems"]?.arrayValue?.first)
        #expect(keys(problem) == ["kind", "line", "message", "severity"])
        #expect(problem["kind"] == "signingCertificateExpired")
        #expect(problem["severity"] == "error")
    }

    @Test func jsonIsDeterministicAndDecodesBackToTheSameReport() throws {
        let report = try sampleReport()
        #expect(report.jsonBytes() == (try sampleReport()).jsonBytes())
        #expect(try JSONDecoder().decode(ReconciliationReport.self, from: Data(report.jsonBytes())) == report)
        #expect(report.jsonBytes().last == UInt8(ascii: "\n"))
    }

    @Test func textListsWhatToDoWithEveryAccount() throws {
        let text = try sampleReport().text()
        #expect(text.hasPrefix("SAML reconciliation of okta-idp.xml at 2026-06-01T00:00:00.000Z\n"))
        #expect(text.contains("Identity provider  http://www.okta.com/exkppsa1qwuFV4D7z0h7\n"))
        #expect(text.contains("Problems: none\n"))
        #expect(text.contains("\n  carol@example.com  carol@example.com  (inactive)\n"))
        #expect(text.contains("  To deprovision (2):\n"))
        #expect(text.contains("    line 3  carol@example.com  deactivated: matches carol@example.com (inactive)\n"))
        #expect(text.contains("    line 4  dave@example.com   notProvisioned: matches no SCIM user\n"))
        #expect(
            text.contains(
                "  Not created by SAML, left alone (1):\n    line 5  erin@example.com  matches no SCIM user, sso_source google\n"
            ))
        #expect(text.contains("  Already inactive in the host app (1):\n"))
        #expect(text.contains("  Kept, matching an active SCIM user (1):\n"))
        #expect(text.hasSuffix("keep=1 notProvisioned=1 deactivated=1 alreadyInactive=1 notSAML=1\n"))
    }

    @Test func textShowsProblemsUsersWithoutNameIDAndCollisions() throws {
        let users = [
            ReconciliationFixture.user("x1", userName: "pat", emails: [("pat@example.com", true)]),
            ReconciliationFixture.user("x2", userName: "pat2", emails: [("PAT@example.com", true)]),
            ReconciliationFixture.user("x3", userName: "noemail"),
        ]
        let report = Reconciler().reconcile(
            try ReconciliationFixture.metadata("google-workspace-idp.xml"), metadataSource: "google.xml",
            directory: ReconciliationFixture.directory(users), now: ReconciliationFixture.now)
        let text = report.text()
        #expect(
            text.contains("Problems (2 errors, 0 warnings):\n  error    line 2: the metadata expired on 2021-01-03"))
        #expect(text.contains("Users without a NameID (1): their email is empty\n  noemail (x3)\n"))
        #expect(text.contains("NameID collisions (1):\n  pat@example.com: pat (x1), pat2 (x2)\n"))
    }

    @Test func informationalListsStopAtTheLimit() throws {
        let users = (1...25).map { ReconciliationFixture.user("u\($0)", userName: "user\($0)") }
        let text = try ReconciliationFixture.reconcile(users: users).text(listLimit: 20)
        #expect(text.contains("  … and 5 more (--format json lists all)\n"))
        #expect(text.contains("Users without a NameID (25)"))
    }

    @Test func stateFileIsPrivateAndGivesTheEntityIDBack() throws {
        let temporary = try TemporaryDirectory("reconcile")
        defer { temporary.remove() }
        let folder = temporary.url
        let file = ReconciliationReportFile(stateDirectory: folder)
        #expect(file.url.lastPathComponent == "reconcile.json")
        #expect(file.previousEntityID() == nil)
        let report = try sampleReport()
        try file.write(report)
        #expect(file.previousEntityID() == "http://www.okta.com/exkppsa1qwuFV4D7z0h7")
        let attributes = try FileManager.default.attributesOfItem(atPath: file.url.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try Data(contentsOf: file.url) == Data(report.jsonBytes()))
    }

    @Test func unreadableStateFileMeansNoPreviousEntityID() throws {
        let temporary = try TemporaryDirectory("reconcile")
        defer { temporary.remove() }
        let folder = temporary.url
        let file = ReconciliationReportFile(stateDirectory: folder)
        try Data("{\"metadata\": ".utf8).write(to: file.url)
        #expect(file.previousEntityID() == nil)
    }
}
