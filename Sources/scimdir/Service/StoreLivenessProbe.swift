import DirectoryStore
import Synchronization

/// Proves, for the watchdog, that the directory store's single writer (ARCHITECTURE §4.2) still answers.
///
/// Each ``answeredSinceLastCheck()`` reports whether the round trip started by the previous check has come back, and
/// starts the next one. At most one round trip is ever outstanding, so a wedged writer costs one waiting task, not one
/// per tick, and the watchdog pings stop until it answers again.
///
/// ```swift
/// let probe = StoreLivenessProbe { await store.answer() }
/// if probe.answeredSinceLastCheck() { socket.send(.watchdog) }
/// ```
///
/// Ownership: the "round trip outstanding" flag lives in a mutex; the round trip runs in its own task.
final class StoreLivenessProbe: Sendable {
    private let roundTrip: @Sendable () async -> Void
    private let outstanding = Mutex(false)

    /// Creates a probe that measures `roundTrip`, e.g. `{ await store.answer() }`.
    init(roundTrip: @escaping @Sendable () async -> Void) {
        self.roundTrip = roundTrip
    }

    /// Whether the previous round trip completed (always `true` the first time); when it did, a new one is started.
    func answeredSinceLastCheck() -> Bool {
        let answered = outstanding.withLock { outstanding in
            defer { outstanding = true }
            return !outstanding
        }
        if answered {
            Task { [self] in
                await roundTrip()
                outstanding.withLock { $0 = false }
            }
        }
        return answered
    }
}

extension DirectoryStore {
    /// Does nothing, on the store's writer: awaiting it proves the writer is not wedged.
    func answer() {}
}
