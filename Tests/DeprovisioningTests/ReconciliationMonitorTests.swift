import Deprovisioning
import Foundation
import SCIM
import Testing

/// The monitor `serve` runs whenever the metadata changes: it writes `STATE/reconcile.json`, and a missing, hostile or
/// broken file leaves the last report in place (ARCHITECTURE §7).
@Suite struct ReconciliationMonitorTests {
    private struct Setup {
        let folder: TemporaryDirectory
        let metadata: URL
        let monitor: ReconciliationMonitor
        let reportFile: ReconciliationReportFile

        init() throws {
            folder = try TemporaryDirectory("reconcile")
            metadata = folder.appending("metadata.xml")
            reportFile = ReconciliationReportFile(stateDirectory: folder.url)
            var configuration = ReconciliationMonitor.Configuration(metadataFile: metadata, reportFile: reportFile)
            configuration.now = { ReconciliationFixture.now }
            let directory = ReconciliationFixture.directory(ReconciliationFixture.sampleUsers)
            monitor = ReconciliationMonitor(
                configuration: configuration, snapshot: { directory }, logger: ReconciliationFixture.quiet)
        }

        func install(_ corpusFile: String) throws {
            try? FileManager.default.removeItem(at: metadata)
            try FileManager.default.copyItem(
                at: ReconciliationFixture.corpus.appendingPathComponent(corpusFile), to: metadata)
        }

        func reportOnDisk() throws -> Data {
            try Data(contentsOf: reportFile.url)
        }
    }

    @Test func writesTheReportOfTheMetadata() async throws {
        let setup = try Setup()
        defer { setup.folder.remove() }
        try setup.install("okta-idp.xml")
        let report = try #require(await setup.monitor.reconcile())
        #expect(report.users.count == 3)
        #expect(report.hostAccounts == nil)
        #expect(try setup.reportOnDisk() == Data(report.jsonBytes()))
    }

    @Test func noMetadataWritesNothing() async throws {
        let setup = try Setup()
        defer { setup.folder.remove() }
        #expect(await setup.monitor.reconcile() == nil)
        #expect(!FileManager.default.fileExists(atPath: setup.reportFile.url.path))
    }

    @Test func hostileOrBrokenMetadataKeepsTheLastReport() async throws {
        let setup = try Setup()
        defer { setup.folder.remove() }
        try setup.install("okta-idp.xml")
        await setup.monitor.reconcile()
        let last = try setup.reportOnDisk()
        for hostile in ["hostile/billion-laughs.xml", "hostile/xxe-file-passwd.xml", "hostile/truncated-okta.xml"] {
            try setup.install(hostile)
            #expect(await setup.monitor.reconcile() == nil, "\(hostile)")
            #expect(try setup.reportOnDisk() == last, "\(hostile)")
        }
        try FileManager.default.removeItem(at: setup.metadata)
        #expect(await setup.monitor.reconcile() == nil)
        #expect(try setup.reportOnDisk() == last)
    }

    @Test func aNewEntityIDIsReportedAgainstTheLastReport() async throws {
        let setup = try Setup()
        defer { setup.folder.remove() }
        try setup.install("okta-idp.xml")
        await setup.monitor.reconcile()
        try setup.install("keycloak-idp.xml")
        let report = try #require(await setup.monitor.reconcile())
        #expect(report.problems.map(\.kind) == [.entityIDChanged])
        #expect(report.problems.first?.message.contains("\"http://www.okta.com/exkppsa1qwuFV4D7z0h7\"") == true)
        let again = try #require(await setup.monitor.reconcile())
        #expect(again.problems.isEmpty)
    }
}
