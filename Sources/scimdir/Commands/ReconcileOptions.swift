import ArgumentParser
import Deprovisioning
import DirectoryStore
import Foundation
import Logging

/// The SAML reconciliation options shared by `reconcile` and `serve` (ARCHITECTURE §7).
struct ReconcileOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The identity provider's SAML metadata (default: DIR/saml/metadata.xml); serve reconciles it again "
                + "whenever the file changes, and on SIGHUP.",
            valueName: "file"))
    var samlMetadata: String?

    @Option(
        help: ArgumentHelp(
            "The entity to reconcile when the metadata holds several (default: the only SAML 2.0 identity provider).",
            valueName: "id"))
    var entityId: String?

    @Option(
        help: ArgumentHelp(
            "The user attribute each SAML NameID carries, whatever the metadata's NameIDFormat says "
                + "(default: emailAddress → email, then persistent → externalId, then unspecified → userName).",
            valueName: "userName|email|externalId"),
        transform: Self.nameIDSource)
    var nameId: NameIDSource?

    @Option(help: ArgumentHelp("Warn about signing certificates that expire within this many days.", valueName: "days"))
    var expiryWarningDays = 30

    func validate() throws {
        guard expiryWarningDays >= 0 else { throw ValidationError("--expiry-warning-days must be 0 or more") }
    }

    /// Reads `--name-id`.
    static func nameIDSource(_ text: String) throws -> NameIDSource {
        guard let source = NameIDSource(rawValue: text) else {
            throw ValidationError("--name-id must be userName, email or externalId; got \(text)")
        }
        return source
    }

    /// `--saml-metadata`, or ``defaultMetadataURL(directory:)``.
    func metadataURL(directory: URL) -> URL {
        samlMetadata.map { URL(fileURLWithPath: $0) } ?? Self.defaultMetadataURL(directory: directory)
    }

    /// `DIR/saml/metadata.xml`.
    static func defaultMetadataURL(directory: URL) -> URL {
        directory.appendingPathComponent("saml", isDirectory: true).appendingPathComponent("metadata.xml")
    }

    /// Reconciles again whenever `--saml-metadata` changes, when that file is not `DIR/saml/metadata.xml` (which the
    /// ``DirectoryWatcher`` follows); `nil` without `--saml-metadata`.
    func metadataFileWatcher(directory: URL, monitor: ReconciliationMonitor, logger: Logger) -> FileWatcher? {
        let file = metadataURL(directory: directory).standardizedFileURL
        guard file.path != Self.defaultMetadataURL(directory: directory).standardizedFileURL.path else { return nil }
        return FileWatcher(file: file, logger: logger) { await monitor.reconcile() }
    }

    /// The reconciler these options describe.
    var reconciler: Reconciler {
        Reconciler(nameIDOverride: nameId, expiryWarningDays: expiryWarningDays)
    }

    /// The monitor that keeps `STATE/reconcile.json` in step with the metadata while `serve` runs.
    func monitor(store: DirectoryStore, stateDirectory: URL, logger: Logger) -> ReconciliationMonitor {
        let configuration = ReconciliationMonitor.Configuration(
            metadataFile: metadataURL(directory: store.layout.root), entityID: entityId, reconciler: reconciler,
            reportFile: ReconciliationReportFile(stateDirectory: stateDirectory))
        return ReconciliationMonitor(configuration: configuration, snapshot: { store.snapshot }, logger: logger)
    }
}
