/// How many deprovisioning diffs wait in the outbox (ARCHITECTURE §6), as `/healthz`, `/metrics` and the systemd
/// `STATUS=` line show them.
///
/// `serve` supplies them through ``ServiceHealth``'s `diffQueue` closure; without an outbox both are zero.
public struct DiffQueueCounts: Sendable, Equatable {
    /// Diffs written and not yet acknowledged by the host (`scimdir diff ack`, or an `--on-diff` command that exited 0).
    public var pending: Int
    /// Diffs held by the mass-deprovisioning guard until a person releases them.
    public var held: Int

    /// No diffs waiting.
    public static let empty = DiffQueueCounts(pending: 0, held: 0)

    /// Creates counts.
    public init(pending: Int, held: Int) {
        self.pending = pending
        self.held = held
    }
}
