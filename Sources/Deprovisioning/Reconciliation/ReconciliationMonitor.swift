public import DirectoryStore
public import Foundation
public import Logging
import SAMLMetadata
import Synchronization

/// Keeps `STATE/reconcile.json` in step with the identity provider's metadata while `scimdir serve` runs
/// (ARCHITECTURE §7): ``reconcile()`` runs at start, whenever the metadata file changes (`DIR/saml/metadata.xml`: the
/// `DirectoryWatcher`'s `onSAMLMetadataChange`; `--saml-metadata` elsewhere: a `FileWatcher`) and on SIGHUP.
///
/// ```swift
/// let monitor = ReconciliationMonitor(
///     configuration: .init(metadataFile: layout.samlFolder.appending(path: "metadata.xml"),
///                          reportFile: ReconciliationReportFile(stateDirectory: stateURL)),
///     snapshot: { store.snapshot }, logger: logger)
/// await monitor.reconcile()
/// ```
///
/// Each run writes the report and logs one line, `msg="SAML reconciliation" entityID=… errors=… warnings=… users=…`
/// (at warning level when the metadata has errors). A missing file, or one that cannot be parsed — malformed,
/// hostile, too large — is logged and leaves the last report in place; nothing is thrown. No host accounts are read
/// and no diff is written: that is `scimdir reconcile --host-accounts … --emit-diff`.
///
/// Ownership: an actor, so runs triggered by the watcher, SIGHUP and startup never overlap.
public actor ReconciliationMonitor {
    /// What to reconcile and where the report goes.
    public struct Configuration: Sendable {
        /// The metadata file: `DIR/saml/metadata.xml`, or `--saml-metadata`.
        public var metadataFile: URL
        /// `--entity-id`: the entity to choose in an aggregate.
        public var entityID: String?
        /// The NameID override and certificate warning window.
        public var reconciler: Reconciler
        /// `STATE/reconcile.json`.
        public var reportFile: ReconciliationReportFile
        /// The clock.
        public var now: @Sendable () -> Date = { Date() }

        /// A configuration with the default reconciler.
        public init(
            metadataFile: URL, entityID: String? = nil, reconciler: Reconciler = Reconciler(),
            reportFile: ReconciliationReportFile
        ) {
            self.metadataFile = metadataFile
            self.entityID = entityID
            self.reconciler = reconciler
            self.reportFile = reportFile
        }
    }

    private let configuration: Configuration
    private let snapshot: @Sendable () -> DirectorySnapshot
    private let logger: Logger
    private var sawMetadata = false
    private let nameIDSource = CurrentNameIDSource()

    /// The NameID of a user as the last successful reconciliation derives it, for the entries of every diff
    /// (ARCHITECTURE §6: "the SAML NameID where known"); `nil` before any metadata was reconciled.
    public nonisolated var nameIDResolver: NameIDResolver {
        { [nameIDSource] record in nameIDSource.value.withLock { $0 }?.value(of: record) }
    }

    /// The source chosen by the last reconciliation, read from the writer thread while diffs are computed.
    private final class CurrentNameIDSource: Sendable {
        let value = Mutex<NameIDSource?>(nil)
    }

    /// Creates a monitor.
    ///
    /// - Parameter snapshot: the directory as it is now (`{ store.snapshot }`).
    public init(configuration: Configuration, snapshot: @escaping @Sendable () -> DirectorySnapshot, logger: Logger) {
        self.configuration = configuration
        self.snapshot = snapshot
        self.logger = logger
    }

    /// Reads the metadata, reconciles it with the directory, writes the report and logs its summary.
    ///
    /// - Returns: the report written, or `nil` when there is no metadata, it was refused, or the report could not be
    ///   written (each logged).
    @discardableResult
    public func reconcile() -> ReconciliationReport? {
        let path = configuration.metadataFile.path
        guard FileManager.default.fileExists(atPath: path) else {
            if sawMetadata {
                logger.warning(
                    "SAML metadata is gone; keeping the last reconciliation report", metadata: ["path": "\(path)"])
            } else {
                logger.info("no SAML metadata; reconciliation waits for the file", metadata: ["path": "\(path)"])
            }
            sawMetadata = false
            return nil
        }
        sawMetadata = true
        let document: MetadataDocument
        do {
            document = try SAMLMetadataParser().parse(
                contentsOf: configuration.metadataFile, entityID: configuration.entityID)
        } catch {
            logger.error(
                "SAML metadata refused; keeping the last reconciliation report",
                metadata: ["path": "\(path)", "kind": "\(error.kind.rawValue)", "error": "\(error)"])
            return nil
        }
        let reportFile = configuration.reportFile
        let report = configuration.reconciler.reconcile(
            document, metadataSource: path, directory: snapshot(), previousEntityID: reportFile.previousEntityID(),
            now: configuration.now())
        do {
            try reportFile.write(report)
        } catch {
            logger.error("cannot write the reconciliation report", metadata: ["error": "\(error)"])
            return nil
        }
        nameIDSource.value.withLock { $0 = report.nameID.source }
        var metadata: Logger.Metadata = [
            "entityID": "\(report.metadata.entityID)", "nameID": "\(report.nameID.source)",
            "report": "\(reportFile.url.path)",
        ]
        for field in report.summary.fields { metadata[field.key] = "\(field.value)" }
        logger.log(level: report.summary.errors > 0 ? .warning : .info, "SAML reconciliation", metadata: metadata)
        return report
    }
}
