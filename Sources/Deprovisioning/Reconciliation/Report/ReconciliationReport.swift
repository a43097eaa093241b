/// The result of reconciling the identity provider's SAML metadata, the SCIM users and the host app's accounts
/// (ARCHITECTURE §7): what `scimdir reconcile --format json` prints and `serve` keeps in `STATE/reconcile.json`.
///
/// JSON, format version 1 (members are always present unless said otherwise; keys sorted in files):
/// ```json
/// {"formatVersion": 1, "generatedAt": "2026-05-04T09:30:00.000Z",
///  "metadata": {…},                 // MetadataSummary
///  "problems": [{…}],               // MetadataProblem, errors first
///  "nameID": {"source": "email", "format": "urn:…:emailAddress", "basis": "metadata", "explanation": "…"},
///  "users": [{…}],                  // ReconciledUser, by userName (case-insensitive), then id
///  "usersWithoutNameID": ["c3d4…"], // SCIM ids of users whose NameID source is empty
///  "nameIDCollisions": [{…}],       // NameIDCollision, by NameID
///  "directoryProblems": ["users/x.json: line 3: …"],  // user files that could not be loaded
///  "hostAccounts": {…},             // HostAccountReport; left out without an export
///  "summary": {…}}                  // ReconciliationSummary
/// ```
///
/// A reader should ignore members it does not know; a change that breaks readers increments ``formatVersion``.
public struct ReconciliationReport: Sendable, Hashable, Codable {
    /// The version of this format.
    public static let currentFormatVersion = 1

    /// The format version of this report.
    public let formatVersion: Int
    /// When the report was made, `xsd:dateTime` UTC with milliseconds.
    public let generatedAt: String
    /// The metadata's entity, endpoints and certificates.
    public let metadata: MetadataSummary
    /// What is wrong with the metadata, errors first.
    public let problems: [MetadataProblem]
    /// Where each expected NameID comes from.
    public let nameID: NameIDChoice
    /// Every SCIM user with the expected NameID.
    public let users: [ReconciledUser]
    /// The ids of users without an expected NameID, in ``users`` order.
    public let usersWithoutNameID: [String]
    /// NameIDs shared by several users.
    public let nameIDCollisions: [NameIDCollision]
    /// User files that could not be loaded, `path: reason`: those users are missing from ``users``, so their host
    /// accounts may look unmatched. `scimdir reconcile --emit-diff` refuses to run while there are any.
    public let directoryProblems: [String]
    /// The host accounts and what to do with each; `nil` without an export.
    public let hostAccounts: HostAccountReport?
    /// The counts.
    public let summary: ReconciliationSummary

    /// Creates a report; ``summary`` is counted from the parts.
    ///
    /// - Parameter generatedAt: an `xsd:dateTime`.
    public init(
        generatedAt: String, metadata: MetadataSummary, problems: [MetadataProblem], nameID: NameIDChoice,
        users: [ReconciledUser], nameIDCollisions: [NameIDCollision], directoryProblems: [String],
        hostAccounts: HostAccountReport?
    ) {
        formatVersion = Self.currentFormatVersion
        self.generatedAt = generatedAt
        self.metadata = metadata
        self.problems = problems
        self.nameID = nameID
        self.users = users
        usersWithoutNameID = users.filter { $0.nameID == nil }.map(\.id)
        self.nameIDCollisions = nameIDCollisions
        self.directoryProblems = directoryProblems
        self.hostAccounts = hostAccounts
        summary = ReconciliationSummary(
            errors: problems.filter { $0.severity == .error }.count,
            warnings: problems.filter { $0.severity == .warning }.count, users: users.count,
            activeUsers: users.filter(\.active).count, usersWithoutNameID: usersWithoutNameID.count,
            nameIDCollisions: nameIDCollisions.count,
            hostAccounts: hostAccounts.map(ReconciliationSummary.HostAccountCounts.init))
    }

    /// The host accounts to deprovision (action ``ClassifiedAccount/Action/deprovision``), in export order: what
    /// `--emit-diff` writes.
    public var accountsToDeprovision: [ClassifiedAccount] {
        hostAccounts?.accounts(.deprovision) ?? []
    }
}
