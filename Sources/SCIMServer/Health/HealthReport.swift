public import SCIM

/// What `/healthz` answers and systemd's `STATUS=` line shows (ARCHITECTURE §8, §9): the service's phase and the size
/// of what it serves.
///
/// ```json
/// {"groups":3,"heldDiffs":0,"invalidFiles":1,"pendingDiffs":2,"status":"ok","users":12}
/// ```
///
/// When the outbox's state cannot be read, the diff counts are `null`, `status` is `degraded` and `problem` says why:
/// the service still answers SCIM, but the host may not be getting its deprovisionings.
public struct HealthReport: Sendable, Equatable {
    /// `starting`, `ok` or `stopping`.
    public var phase: ServiceHealth.Phase
    /// Users being served.
    public var users: Int
    /// Groups being served.
    public var groups: Int
    /// Files in the directory that could not be loaded (their last good version, if any, is still served).
    public var invalidFiles: Int
    /// Deprovisioning diffs waiting for the host, or `nil` when the outbox's state cannot be read.
    public var diffs: DiffQueueCounts?
    /// Why the outbox's state cannot be read, if it cannot.
    public var problem: String?

    /// Creates a report.
    public init(
        phase: ServiceHealth.Phase, users: Int, groups: Int, invalidFiles: Int, diffs: DiffQueueCounts?,
        problem: String? = nil
    ) {
        self.phase = phase
        self.users = users
        self.groups = groups
        self.invalidFiles = invalidFiles
        self.diffs = diffs
        self.problem = problem
    }

    /// Whether `/healthz` answers 200: serving (``ServiceHealth/Phase/ok``) with a readable outbox.
    public var isHealthy: Bool { phase == .ok && problem == nil }

    /// `starting`, `ok`, `degraded` (serving, with a ``problem``) or `stopping`.
    public var status: String { phase == .ok && problem != nil ? "degraded" : phase.rawValue }

    /// The `/healthz` body: `status`, `users`, `groups`, `invalidFiles`, `pendingDiffs`, `heldDiffs`, and `problem`
    /// when there is one.
    public var jsonValue: JSONValue {
        var body: JSONObject = [
            "status": .string(status), "users": .integer(users), "groups": .integer(groups),
            "invalidFiles": .integer(invalidFiles), "pendingDiffs": diffs.map { .integer($0.pending) } ?? .null,
            "heldDiffs": diffs.map { .integer($0.held) } ?? .null,
        ]
        if let problem { body["problem"] = .string(problem) }
        return .object(body)
    }

    /// One line for `systemctl status`: `12 users, 3 groups, 1 invalid file; diffs: 2 pending, 0 held`.
    public var summary: String {
        func counted(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
        let diffs = self.diffs.map { "\($0.pending) pending, \($0.held) held" } ?? "unreadable (\(problem ?? ""))"
        return "\(counted(users, "user")), \(counted(groups, "group")), \(counted(invalidFiles, "invalid file")); "
            + "diffs: \(diffs)"
    }
}
