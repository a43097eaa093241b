import Foundation
import SCIM
import Testing

/// `scimdir reconcile` on the samples and on broken inputs, run as the real binary (ARCHITECTURE §7).
@Suite struct ReconcileCommandTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let samples = repository.appendingPathComponent("samples")
    static let corpus = repository.appendingPathComponent("Tests/SAMLMetadataTests/Fixtures")

    private func reconcile(_ arguments: [String], state: URL? = nil, environment: [String: String] = [:]) throws -> (
        status: Int32, output: String, errors: String
    ) {
        let stateDirectory =
            state ?? FileManager.default.temporaryDirectory.appendingPathComponent("no-state-\(UUID())")
        return try ScimdirProcess.run(
            [
                "reconcile", "--directory", Self.samples.appendingPathComponent("scim-directory").path,
                "--state-directory", stateDirectory.path,
            ] + arguments, environment: environment)
    }

    @Test func samplesGiveAReportAPersonCanActOn() throws {
        let result = try reconcile(["--host-accounts", Self.samples.appendingPathComponent("host-accounts.csv").path])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.contains("Identity provider  http://www.okta.com/exkexample1234567890\n"))
        #expect(result.output.contains("Problems: none\n"))
        #expect(
            result.output.contains("NameIDs: the metadata lists unspecified, emailAddress; emailAddress is preferred"))
        #expect(result.output.contains("  To deprovision (2):\n"))
        #expect(result.output.contains("line 4  carol@example.com  deactivated: matches carol@example.com (inactive)"))
        #expect(result.output.contains("line 5  dave@example.com   notProvisioned: matches no SCIM user"))
        #expect(result.output.contains("line 6  erin@example.com   matches no SCIM user, sso_source google"))
        #expect(result.output.contains("line 8  grace@example.com  matches no SCIM user, no sso_source"))
        #expect(result.output.contains("line 7  frank@example.com  matches no SCIM user"))
        #expect(result.output.contains("line 3  Bob@Example.com    matches bob@example.com"))
        #expect(result.errors.contains("2 host accounts to deprovision; --emit-diff writes them"))
    }

    @Test func jsonOnTheMetabaseSampleHasTheSameClassification() throws {
        let result = try reconcile([
            "--host-accounts", Self.samples.appendingPathComponent("host-accounts-metabase.json").path, "--format",
            "json",
        ])
        #expect(result.status == 0, "\(result.errors)")
        let report = try JSONParser().parse(result.output)
        let counts = try #require(report["summary"]?["hostAccounts"])
        #expect(
            counts == [
                "total": 7, "keep": 2, "notProvisioned": 1, "deactivated": 1, "alreadyInactive": 1, "notSAML": 2,
            ])
        #expect(report["hostAccounts"]?["format"] == "jsonData")
        #expect(report["metadata"]?["source"]?.stringValue?.hasSuffix("scim-directory/saml/metadata.xml") == true)
    }

    @Test func nameIDOverrideAndAnotherMetadataFileAreHonoured() throws {
        let result = try reconcile([
            "--saml-metadata", Self.corpus.appendingPathComponent("entities-sp-and-two-idps.xml").path,
            "--entity-id", "https://bar.example.com/access/saml/idp.xml", "--name-id", "externalId", "--format", "json",
        ])
        #expect(result.status == 0, "\(result.errors)")
        let report = try JSONParser().parse(result.output)
        #expect(report["metadata"]?["entityID"] == "https://bar.example.com/access/saml/idp.xml")
        #expect(report["nameID"]?["source"] == "externalId")
        #expect(report["users"]?.arrayValue?.compactMap { $0["nameID"]?.stringValue } == ["alice", "bob", "carol"])
    }

    @Test func malformedHostAccountsFailWithTheLine() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reconcile-cli-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("accounts.csv")
        try Data("email,is_active\nalice@example.com,true\n\"bob@example.com,true\n".utf8).write(to: file)
        let result = try reconcile(["--host-accounts", file.path])
        #expect(result.status == 1)
        #expect(result.output.isEmpty)
        #expect(result.errors.contains("accounts.csv: line 3: the quoted field that starts here is never closed"))
    }

    @Test func hostileMetadataFailsWithoutAReport() throws {
        let result = try reconcile([
            "--saml-metadata", Self.corpus.appendingPathComponent("hostile/xxe-file-passwd.xml").path,
        ])
        #expect(result.status == 1)
        #expect(result.output.isEmpty)
        #expect(result.errors.contains("DOCTYPE is not allowed"))
    }

    @Test func aggregateWithSeveralIdentityProvidersAsksForAnEntityID() throws {
        let result = try reconcile([
            "--saml-metadata", Self.corpus.appendingPathComponent("entities-sp-and-two-idps.xml").path,
        ])
        #expect(result.status == 1)
        #expect(result.errors.contains("choose one by entityID"))
    }

    @Test func emitDiffNeedsHostAccounts() throws {
        let result = try reconcile(["--emit-diff"])
        #expect(result.status != 0)
        #expect(result.errors.contains("--emit-diff needs --host-accounts"))
    }

    @Test func emitDiffOnTheSamplesWritesTheExpectedDiff() throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("reconcile-cli-\(UUID())")
        defer { try? FileManager.default.removeItem(at: state) }
        let result = try reconcile(
            ["--host-accounts", Self.samples.appendingPathComponent("host-accounts.csv").path, "--emit-diff"],
            state: state)
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.errors.contains("Deprovisioning diff 1 written to"))
        let diff = try JSONParser().parse(Data(contentsOf: state.appendingPathComponent("outbox/0000000001.json")))
        #expect(diff["origin"] == ["type": "reconciliation"])
        #expect(
            diff["summary"]?.stringValue?.hasSuffix(
                "1 host account without a SCIM user, 1 host account of an inactive SCIM user") == true)
        #expect(diff["accessLoss"]?["usersLosingAccess"] == 2)
        let entries = try #require(diff["deprovisioned"]?.arrayValue)
        #expect(entries.map { $0["reason"] } == ["notProvisioned", "deactivated"])
        #expect(entries[0]["account"] == ["hostId": "4", "email": "dave@example.com"])
        #expect(entries[1]["user"]?["id"] == "c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f")
        #expect(entries[1]["user"]?["nameID"] == "carol@example.com")
        #expect(entries[1]["user"]?["active"] == false)
        #expect(FileManager.default.fileExists(atPath: state.appendingPathComponent("reconcile.json").path))
    }

    @Test func emitDiffSavesTheReportSoTheNextRunNoticesANewEntityID() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reconcile-cli-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = folder.appendingPathComponent("state")
        let kept = folder.appendingPathComponent("kept.csv")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("email\nalice@example.com\n".utf8).write(to: kept)
        let first = try reconcile(["--host-accounts", kept.path, "--emit-diff"], state: state)
        #expect(first.status == 0, "\(first.errors)")
        #expect(first.errors.contains("Nothing to deprovision; no diff written."))
        let saved = try JSONParser().parse(Data(contentsOf: state.appendingPathComponent("reconcile.json")))
        #expect(saved["metadata"]?["entityID"] == "http://www.okta.com/exkexample1234567890")

        let second = try reconcile(
            ["--saml-metadata", Self.corpus.appendingPathComponent("okta-idp.xml").path], state: state)
        #expect(second.status == 0, "\(second.errors)")
        #expect(
            second.output.contains(
                "warning  line 1: the entityID changed from \"http://www.okta.com/exkexample1234567890\""))
    }

    /// Two runs of `--emit-diff` with `--deprovision-limit 3`, two accounts each: 4 accounts lose access within the
    /// default 15-minute window, so the second diff is held, as `serve` would hold it; a window of 0 (the option, or
    /// `SCIMDIR_DEPROVISION_WINDOW`) judges each diff alone.
    @Test(
        arguments: [
            ([], [:], true), (["--deprovision-window", "0"], [:], false),
            ([], ["SCIMDIR_DEPROVISION_WINDOW": "0"], false),
        ] as [([String], [String: String], Bool)])
    func emitDiffJudgesTheWindowLikeServe(options: [String], environment: [String: String], held: Bool) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reconcile-cli-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = folder.appendingPathComponent("state")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for run in 1...2 {
            let accounts = folder.appendingPathComponent("accounts-\(run).csv")
            try Data("email\ngone-\(run)a@example.org\ngone-\(run)b@example.org\n".utf8).write(to: accounts)
            let result = try reconcile(
                ["--host-accounts", accounts.path, "--emit-diff", "--deprovision-limit", "3"] + options, state: state,
                environment: environment)
            #expect(result.status == 0, "\(result.errors)")
            #expect(result.errors.contains("Deprovisioning diff \(run) written"))
        }
        let pending = try ScimdirProcess.run(["diff", "pending", "--state-directory", state.path])
        #expect(pending.errors.contains("diff 2 is held") == held, "\(pending.errors)")
        #expect(pending.output.split(separator: "\n").count == (held ? 1 : 2), "\(pending.output)")
    }

    @Test func aWindowThatIsNoDurationIsAUsageError() throws {
        let result = try reconcile(["--deprovision-window", "soon"])
        #expect(result.status == 64)
        #expect(result.errors.contains("--deprovision-window (env SCIMDIR_DEPROVISION_WINDOW) must be a duration"))
    }
}
