/// The counts of a report, for the last line of the text output and the one log line of `serve`
/// (ARCHITECTURE §7, §9).
///
/// JSON (``ReconciliationReport/summary``):
/// ```json
/// {"errors": 0, "warnings": 1, "users": 3, "activeUsers": 2, "usersWithoutNameID": 0, "nameIDCollisions": 0,
///  "hostAccounts": {"total": 6, "keep": 2, "notProvisioned": 1, "deactivated": 1, "alreadyInactive": 1, "notSAML": 1}}
/// ```
/// `hostAccounts` is left out when no export was given.
public struct ReconciliationSummary: Sendable, Hashable, Codable {
    /// How many host accounts got each action; `notProvisioned` and `deactivated` together are the deprovisioned.
    public struct HostAccountCounts: Sendable, Hashable, Codable {
        /// Accounts in the export.
        public let total: Int
        /// ``ClassifiedAccount/Action/keep``.
        public let keep: Int
        /// ``ClassifiedAccount/Action/deprovision`` for ``ClassifiedAccount/Reason/notProvisioned``.
        public let notProvisioned: Int
        /// ``ClassifiedAccount/Action/deprovision`` for ``ClassifiedAccount/Reason/deactivated``.
        public let deactivated: Int
        /// ``ClassifiedAccount/Action/alreadyInactive``.
        public let alreadyInactive: Int
        /// ``ClassifiedAccount/Action/notSAML``.
        public let notSAML: Int

        /// Counts the accounts of a host-account section.
        public init(_ report: HostAccountReport) {
            let deprovisioned = report.accounts(.deprovision)
            total = report.accounts.count
            keep = report.accounts(.keep).count
            notProvisioned = deprovisioned.filter { $0.reason == .notProvisioned }.count
            deactivated = deprovisioned.filter { $0.reason == .deactivated }.count
            alreadyInactive = report.accounts(.alreadyInactive).count
            notSAML = report.accounts(.notSAML).count
        }
    }

    /// Metadata problems of severity error.
    public let errors: Int
    /// Metadata problems of severity warning.
    public let warnings: Int
    /// SCIM users.
    public let users: Int
    /// SCIM users who are active.
    public let activeUsers: Int
    /// Users without an expected NameID.
    public let usersWithoutNameID: Int
    /// NameIDs shared by several users.
    public let nameIDCollisions: Int
    /// The host accounts by action; `nil` without an export.
    public let hostAccounts: HostAccountCounts?

    /// Creates a summary from its counts.
    public init(
        errors: Int, warnings: Int, users: Int, activeUsers: Int, usersWithoutNameID: Int, nameIDCollisions: Int,
        hostAccounts: HostAccountCounts?
    ) {
        self.errors = errors
        self.warnings = warnings
        self.users = users
        self.activeUsers = activeUsers
        self.usersWithoutNameID = usersWithoutNameID
        self.nameIDCollisions = nameIDCollisions
        self.hostAccounts = hostAccounts
    }

    /// The counts as ordered `key=value` fields, e.g. `errors=0 warnings=1 users=3 …`; the host-account counts only
    /// with an export.
    public var fields: [(key: String, value: Int)] {
        var fields: [(key: String, value: Int)] = [
            ("errors", errors), ("warnings", warnings), ("users", users), ("activeUsers", activeUsers),
            ("usersWithoutNameID", usersWithoutNameID), ("nameIDCollisions", nameIDCollisions),
        ]
        if let hostAccounts {
            fields += [
                ("hostAccounts", hostAccounts.total), ("keep", hostAccounts.keep),
                ("notProvisioned", hostAccounts.notProvisioned), ("deactivated", hostAccounts.deactivated),
                ("alreadyInactive", hostAccounts.alreadyInactive), ("notSAML", hostAccounts.notSAML),
            ]
        }
        return fields
    }
}
