import Deprovisioning
import Foundation

/// The ``ReconciliationDiffWriter`` of `scimdir reconcile --emit-diff`: the deprovisioning outbox of a state
/// directory (ARCHITECTURE §6).
///
/// The outbox (branch `deprovisioning`) is not in this build yet, so writing fails with a message saying so; the
/// report itself is complete without it.
struct ReconciliationDiffOutbox: ReconciliationDiffWriter {
    /// Why no diff can be written.
    struct Unavailable: Error, CustomStringConvertible {
        var description: String {
            "the deprovisioning outbox is not part of this build yet; the report above lists the accounts"
        }
    }

    /// The state directory whose `outbox/` receives the diff.
    let stateDirectory: URL

    func writeDeprovisioningDiff(for report: ReconciliationReport) throws -> Int? {
        guard !report.accountsToDeprovision.isEmpty else { return nil }
        throw Unavailable()
    }
}
