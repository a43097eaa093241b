public import DirectoryStore
public import Foundation
import SCIM

/// `STATE/reconcile.json`: the latest ``ReconciliationReport`` (ARCHITECTURE §7), and the entityID the next
/// reconciliation compares with.
///
/// ```swift
/// let file = ReconciliationReportFile(stateDirectory: stateURL)
/// let report = reconciler.reconcile(…, previousEntityID: file.previousEntityID(), now: Date())
/// try file.write(report)
/// ```
///
/// The file is replaced atomically and durably (``AtomicFile``) with mode 0600, like every state file: it names
/// users and host accounts.
public struct ReconciliationReportFile: Sendable {
    /// `STATE/reconcile.json`.
    public let url: URL

    /// The report file of a state directory.
    public init(stateDirectory: URL) {
        url = stateDirectory.appendingPathComponent("reconcile.json")
    }

    /// `metadata.entityID` of the report in the file; `nil` when there is no file or it is not a report (a file
    /// that cannot be read means no comparison, never a failed reconciliation).
    public func previousEntityID() -> String? {
        guard let bytes = FileManager.default.contents(atPath: url.path),
            let document = try? JSONParser().parse(bytes)
        else { return nil }
        return document["metadata"]?["entityID"]?.stringValue
    }

    /// Replaces the file with `report`.
    ///
    /// - Throws: ``AtomicFile/Failure``; the previous report is then unchanged.
    public func write(_ report: ReconciliationReport) throws(AtomicFile.Failure) {
        try AtomicFile.write(report.jsonBytes(), to: url, permissions: 0o600)
    }
}
