public import SCIM

/// What `/healthz` answers and systemd's `STATUS=` line shows (ARCHITECTURE §8, §9): the service's phase and the size
/// of what it serves.
///
/// ```json
/// {"groups":3,"heldDiffs":0,"invalidFiles":1,"pendingDiffs":2,"status":"ok","users":12}
/// ```
public struct HealthReport: Sendable, Equatable {
    /// `starting`, `ok` or `stopping`; only `ok` is healthy (HTTP 200).
    public var status: ServiceHealth.Phase
    /// Users being served.
    public var users: Int
    /// Groups being served.
    public var groups: Int
    /// Files in the directory that could not be loaded (their last good version, if any, is still served).
    public var invalidFiles: Int
    /// Deprovisioning diffs waiting for the host.
    public var diffs: DiffQueueCounts

    /// Creates a report.
    public init(status: ServiceHealth.Phase, users: Int, groups: Int, invalidFiles: Int, diffs: DiffQueueCounts) {
        self.status = status
        self.users = users
        self.groups = groups
        self.invalidFiles = invalidFiles
        self.diffs = diffs
    }

    /// The `/healthz` body: `status`, `users`, `groups`, `invalidFiles`, `pendingDiffs` and `heldDiffs`.
    public var jsonValue: JSONValue {
        [
            "status": .string(status.rawValue), "users": .integer(users), "groups": .integer(groups),
            "invalidFiles": .integer(invalidFiles), "pendingDiffs": .integer(diffs.pending),
            "heldDiffs": .integer(diffs.held),
        ]
    }

    /// One line for `systemctl status`: `12 users, 3 groups, 1 invalid file; diffs: 2 pending, 0 held`.
    public var summary: String {
        func counted(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
        return "\(counted(users, "user")), \(counted(groups, "group")), \(counted(invalidFiles, "invalid file")); "
            + "diffs: \(diffs.pending) pending, \(diffs.held) held"
    }
}
