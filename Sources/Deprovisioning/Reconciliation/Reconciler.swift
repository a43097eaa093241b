public import DirectoryStore
public import Foundation
public import SAMLMetadata

/// Reconciles the identity provider's SAML metadata, the SCIM users and the host app's accounts into a
/// ``ReconciliationReport`` (ARCHITECTURE §7). Pure: it reads nothing and writes nothing.
///
/// ```swift
/// let reconciler = Reconciler(nameIDOverride: nil, expiryWarningDays: 30)
/// let report = reconciler.reconcile(
///     document, metadataSource: "saml/metadata.xml", directory: store.snapshot, hostAccounts: export,
///     previousEntityID: "http://www.okta.com/exk1", now: Date())
/// report.accountsToDeprovision   // what --emit-diff writes
/// ```
///
/// Steps:
/// 1. ``MetadataInspector`` finds the metadata's problems.
/// 2. ``NameIDChoice`` picks the user attribute each NameID comes from, and every user gets its expected NameID;
///    users whose attribute is empty have none, and users whose NameIDs compare equal collide.
/// 3. Each host account is looked up by its `name_id` among the expected NameIDs, or, when it has none, by its
///    `email` among all e-mails of all users (case-insensitively), and classified (``ClassifiedAccount``). An account
///    that matches several users counts as matching the active one if any: it is deprovisioned only when no active
///    user claims it.
public struct Reconciler: Sendable {
    /// `--name-id`: the attribute NameIDs come from, whatever the metadata lists.
    public var nameIDOverride: NameIDSource?
    /// The signing-certificate warning window, in days.
    public var expiryWarningDays: Int

    /// Creates a reconciler.
    public init(nameIDOverride: NameIDSource? = nil, expiryWarningDays: Int = 30) {
        self.nameIDOverride = nameIDOverride
        self.expiryWarningDays = expiryWarningDays
    }

    /// Makes the report.
    ///
    /// - Parameters:
    ///   - metadata: the parsed metadata, and `metadataSource` where it was read from (as shown in the report).
    ///   - directory: the SCIM users (and the files that could not be loaded).
    ///   - hostAccounts: the host app's export, if any.
    ///   - previousEntityID: the entityID of the previous report, to notice a change.
    ///   - now: the instant certificates and `validUntil` are judged at.
    public func reconcile(
        _ metadata: MetadataDocument, metadataSource: String, directory: DirectorySnapshot,
        hostAccounts: HostAccountExport? = nil, previousEntityID: String? = nil, now: Date
    ) -> ReconciliationReport {
        let problems = MetadataInspector(now: now, expiryWarningDays: expiryWarningDays)
            .problems(in: metadata, previousEntityID: previousEntityID)
        let choice = NameIDChoice(formats: metadata.identityProvider?.nameIDFormats ?? [], override: nameIDOverride)
        let users = directory.candidates(.user, narrowedBy: nil).map { ReconciledUser($0, nameIDFrom: choice.source) }
            .sorted { ($0.userName.lowercased(), $0.id) < ($1.userName.lowercased(), $1.id) }
        var byNameID: [String: [ReconciledUser]] = [:]
        for user in users {
            if let nameID = user.nameID { byNameID[choice.source.matchingKey(nameID), default: []].append(user) }
        }
        let collisions = byNameID.values.filter { $0.count > 1 }
            .map { NameIDCollision(nameID: $0[0].nameID ?? "", userIds: $0.map(\.id)) }
            .sorted { ($0.nameID.lowercased(), $0.nameID) < ($1.nameID.lowercased(), $1.nameID) }
        let directoryProblems = directory.problems.filter { $0.key.hasPrefix("users/") }
            .map { "\($0.key): \($0.value)" }.sorted()
        let hostReport = hostAccounts.map { export in
            HostAccountReport(
                export, accounts: classify(export, users: users, byNameID: byNameID, source: choice.source))
        }
        return ReconciliationReport(
            generatedAt: ReportDate.dateTime(now), metadata: MetadataSummary(metadata, source: metadataSource),
            problems: problems, nameID: choice, users: users, nameIDCollisions: collisions,
            directoryProblems: directoryProblems, hostAccounts: hostReport)
    }

    private func classify(
        _ export: HostAccountExport, users: [ReconciledUser], byNameID: [String: [ReconciledUser]], source: NameIDSource
    ) -> [ClassifiedAccount] {
        var byEmail: [String: [ReconciledUser]] = [:]
        for user in users {
            for email in Set(user.emails.map { $0.lowercased() }) { byEmail[email, default: []].append(user) }
        }
        return export.accounts.map { account in
            let mayDeprovision = export.mayDeprovision(account)
            if let nameID = account.nameID {
                return ClassifiedAccount(
                    account, matchedBy: .nameID, matches: byNameID[source.matchingKey(nameID)] ?? [],
                    mayDeprovision: mayDeprovision)
            }
            return ClassifiedAccount(
                account, matchedBy: .email, matches: byEmail[account.email?.lowercased() ?? ""] ?? [],
                mayDeprovision: mayDeprovision)
        }
    }
}
