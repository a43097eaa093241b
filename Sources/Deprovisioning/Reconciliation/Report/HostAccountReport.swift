/// The host accounts part of a report: where the export came from and every account's classification
/// (ARCHITECTURE §7).
///
/// JSON (``ReconciliationReport/hostAccounts``, left out when no export was given):
/// ```json
/// {"source": "samples/host-accounts.csv", "format": "csv", "hasSSOSource": true, "accounts": [ … ]}
/// ```
public struct HostAccountReport: Sendable, Hashable, Codable {
    /// Where the export was read from, as given; `nil` (left out) when it was not read from a file.
    public let source: String?
    /// The shape of the export.
    public let format: HostAccountExport.Format
    /// Whether the export has `sso_source`, so that only `saml` accounts may be deprovisioned.
    public let hasSSOSource: Bool
    /// Every account, in export order.
    public let accounts: [ClassifiedAccount]

    /// Creates the section for an export whose accounts are classified.
    public init(_ export: HostAccountExport, accounts: [ClassifiedAccount]) {
        source = export.source
        format = export.format
        hasSSOSource = export.hasSSOSource
        self.accounts = accounts
    }

    /// The accounts with one action, in export order.
    public func accounts(_ action: ClassifiedAccount.Action) -> [ClassifiedAccount] {
        accounts.filter { $0.action == action }
    }
}
