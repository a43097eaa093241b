extension DeprovisioningFeed {
    /// Writes the host accounts a reconciliation deprovisions as one deprovisioning diff with origin
    /// `reconciliation` (ARCHITECTURE §6, §7): what `scimdir reconcile --emit-diff` does.
    ///
    /// ```swift
    /// let feed = try DeprovisioningFeed(configuration: .init(files: StateFiles(directory: stateURL)), logger: logger)
    /// if let sequence = try feed.emitReconciliation(report) { print("diff \(sequence) written") }
    /// ```
    ///
    /// The entries are ``ReconciliationReport/accountsToDeprovision`` made into ``UserEntry/init(deprovisioning:)``,
    /// ordered like every diff list (by SCIM id, then by the host account's identifier); the summary reads
    /// `Reconciliation of saml/metadata.xml with host-accounts.csv: 1 host account without a SCIM user, 2 host
    /// accounts of an inactive SCIM user`. The guard judges the diff like any other and may hold it.
    ///
    /// - Returns: the diff's sequence, or `nil` when there is nothing to deprovision (no diff is written).
    /// - Throws: ``StateFiles/Failure`` when the diff cannot be written.
    @discardableResult
    public func emitReconciliation(_ report: ReconciliationReport) throws -> Int? {
        let entries = report.accountsToDeprovision.map(UserEntry.init(deprovisioning:)).sorted {
            $0.distinctKey < $1.distinctKey
        }
        let counts = report.summary.hostAccounts
        func accounts(_ count: Int, _ what: String) -> String? {
            count == 0 ? nil : count == 1 ? "1 host account \(what)" : "\(count) host accounts \(what)"
        }
        let parts = [
            accounts(counts?.notProvisioned ?? 0, "without a SCIM user"),
            accounts(counts?.deactivated ?? 0, "of an inactive SCIM user"),
        ].compactMap(\.self)
        let sources = report.metadata.source + (report.hostAccounts?.source.map { " with \($0)" } ?? "")
        return try emitReconciliation(
            entries, summary: "Reconciliation of \(sources): " + parts.joined(separator: ", "))
    }
}
