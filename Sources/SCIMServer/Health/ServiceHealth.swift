public import DirectoryStore
import Synchronization

/// The service's phase and the counts behind `/healthz`, `/metrics` and systemd's `STATUS=` (ARCHITECTURE §8, §9).
///
/// `serve` moves the phase forward: ``Phase/starting`` until the directory is loaded and the HTTP socket listens,
/// ``Phase/ok`` while serving, ``Phase/stopping`` once graceful shutdown began (so a load balancer stops sending
/// traffic while requests in flight drain).
///
/// ```swift
/// let health = ServiceHealth(store: store, diffQueue: { try DiffQueueCounts(DiffQueue(files: stateFiles)) })
/// health.markReady()
/// await health.report().summary   // "12 users, 3 groups, 0 invalid files; diffs: 0 pending, 0 held"
/// ```
///
/// Ownership: the phase lives in a mutex; any task may read or advance it.
public final class ServiceHealth: Sendable {
    /// Where the service is in its life.
    public enum Phase: String, Sendable, Equatable {
        /// Loading the directory or binding the socket; `/healthz` answers 503.
        case starting
        /// Serving; `/healthz` answers 200.
        case ok
        /// Draining in-flight requests before exit; `/healthz` answers 503.
        case stopping
    }

    private let store: DirectoryStore
    private let diffQueue: @Sendable () async throws -> DiffQueueCounts
    private let currentPhase = Mutex(Phase.starting)

    /// Creates the health of a service serving `store`.
    ///
    /// - Parameters:
    ///   - store: the directory whose users, groups and invalid files are counted.
    ///   - diffQueue: the outbox's pending and held diffs; none by default. What it throws makes the report
    ///     `degraded`, with the error as its ``HealthReport/problem``.
    public init(
        store: DirectoryStore, diffQueue: @escaping @Sendable () async throws -> DiffQueueCounts = { .empty }
    ) {
        self.store = store
        self.diffQueue = diffQueue
    }

    /// The current phase.
    public var phase: Phase { currentPhase.withLock { $0 } }

    /// The directory is loaded and the socket listens: from now on `/healthz` answers 200.
    public func markReady() {
        currentPhase.withLock { if $0 == .starting { $0 = .ok } }
    }

    /// Graceful shutdown began: from now on `/healthz` answers 503. There is no way back.
    public func markStopping() {
        currentPhase.withLock { $0 = .stopping }
    }

    /// The phase with the counts of the latest snapshot and the outbox.
    public func report() async -> HealthReport {
        let snapshot = store.snapshot
        var report = HealthReport(
            phase: phase, users: snapshot.users.count, groups: snapshot.groups.count,
            invalidFiles: snapshot.problems.count, diffs: nil)
        do {
            report.diffs = try await diffQueue()
        } catch {
            report.problem = "the outbox's state cannot be read: \(error)"
        }
        return report
    }
}
