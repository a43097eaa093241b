/// Writes the host accounts a reconciliation deprovisions as one deprovisioning diff (ARCHITECTURE §6, §7): what
/// `scimdir reconcile --emit-diff` calls.
///
/// ```swift
/// if let sequence = try writer.writeDeprovisioningDiff(for: report) { print("diff \(sequence) written") }
/// ```
///
/// The diff's entries are ``ReconciliationReport/accountsToDeprovision``: reason `notProvisioned` (the account
/// matches no SCIM user) or `deactivated` (it matches an inactive one), each carrying the account's e-mail and NameID,
/// and the matched user's identifiers when there is one. The deprovisioning outbox implements it.
public protocol ReconciliationDiffWriter {
    /// Writes one diff for the report's accounts to deprovision.
    ///
    /// - Returns: the diff's sequence number, or `nil` when there is nothing to deprovision (no diff is written).
    /// - Throws: the outbox's error when the diff cannot be written.
    func writeDeprovisioningDiff(for report: ReconciliationReport) throws -> Int?
}
