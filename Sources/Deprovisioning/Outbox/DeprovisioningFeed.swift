public import DirectoryStore
import Foundation
import HashTreeCollections
public import Logging
import SCIM
import Synchronization

/// Turns change batches into diffs in the outbox (ARCHITECTURE §6): the `DirectoryObserver` that makes the
/// deprovisioning feed.
///
/// It keeps the *emitted state* — the directory as of the last diff written — and, for each batch, compares only the
/// users and groups the batch touched with the batch's snapshot. When that changes access or identity, it writes one
/// diff (after asking the ``DeprovisioningGuard`` whether to hold it); otherwise it only takes the new informational
/// values. Because `directoryDidChange(_:)` runs before the SCIM write is acknowledged, the diff is durable before the
/// client hears of the write.
///
/// ```swift
/// let feed = try DeprovisioningFeed(configuration: .init(files: StateFiles(directory: stateURL)), logger: logger)
/// try feed.catchUp(with: store.snapshot)   // before the store takes any write
/// await store.addObserver(feed)
/// …
/// try feed.writeCheckpoint()               // at shutdown
/// ```
///
/// Nothing is lost across a crash: on open the emitted state is the checkpoint plus the outbox diffs after it, and
/// ``catchUp(with:)`` emits whatever the directory has that no diff recorded (a write whose diff a SIGKILL prevented,
/// edits made while the daemon was stopped) as one diff with origin `startup`. If a diff cannot be written, its
/// resources stay unsettled and go into the next diff.
///
/// Ownership: all mutable state is behind one mutex; batches arrive one at a time on the store's writer thread.
public final class DeprovisioningFeed: DirectoryObserver, Sendable {
    /// How the feed writes and judges diffs.
    public struct Configuration: Sendable {
        /// The state directory's files.
        public var files: StateFiles
        /// The guard's limit (`--deprovision-limit`).
        public var limit: DeprovisionLimit = .standard
        /// The guard's sliding window (`--deprovision-window`); zero turns the window rule off.
        public var window: Duration = .seconds(15 * 60)
        /// Write the checkpoint after at least this many diffs (and at startup when behind, and at shutdown). The
        /// interval also grows with the directory — one diff per 20 users — because a checkpoint costs O(users) on the
        /// writer thread while replaying a diff at startup costs one small file.
        public var checkpointInterval = 1000
        /// Derives each entry's SAML `NameID`; the SAML reconciliation provides it.
        public var nameID: NameIDResolver?
        /// The clock, in seconds since 1970.
        public var now: @Sendable () -> Double = { Date().timeIntervalSince1970 }
        /// Called after each diff is written, with its sequence (``DiffDelivery/wake()``).
        public var onDiffWritten: @Sendable (Int) -> Void = { _ in }

        /// The defaults for a state directory.
        public init(files: StateFiles) {
            self.files = files
        }
    }

    private struct State {
        var emitted: AccessState
        var lastSequence: Int
        var diffsSinceCheckpoint = 0
        var deprovisioningGuard: DeprovisioningGuard
        /// Resources whose last diff could not be written: compared again with the next batch.
        var unsettledUsers: Set<String> = []
        var unsettledGroups: Set<String> = []
        /// A hold may be recorded for a diff that could not be written.
        var staleHoldPossible = false
    }

    private let configuration: Configuration
    private let logger: Logger
    private let outbox: Outbox
    private let state: Mutex<State>

    /// Opens the feed of a state directory: creates `outbox/`, loads the checkpoint, replays the diffs after it, removes
    /// the temporary files of interrupted writes, drops holds whose diff was never written, and counts the recent diffs
    /// into the guard's window.
    ///
    /// - Throws: ``StateFiles/Failure`` when a state file or diff cannot be read or the folders cannot be created.
    public init(configuration: Configuration, logger: Logger) throws {
        let files = configuration.files
        try files.createFolders()
        let outbox = Outbox(files: files)
        let stored = try AccessCheckpoint.read(from: files)
        let checkpoint = stored ?? AccessCheckpoint(sequence: 0, state: AccessState())
        let sequences = outbox.sequences()
        var emitted = checkpoint.state
        var expected = checkpoint.sequence + 1
        for sequence in sequences where sequence > checkpoint.sequence {
            if sequence != expected {
                logger.error(
                    "the outbox has a gap: diffs are missing", metadata: ["missing": "\(expected)...\(sequence - 1)"])
            }
            emitted.apply(try outbox.read(sequence))
            expected = sequence + 1
        }
        let lastSequence = max(checkpoint.sequence, sequences.last ?? 0)
        try files.withLock {
            for path in files.removeTemporaryFiles() {
                logger.notice("removing a temporary file left by an interrupted write", metadata: ["file": "\(path)"])
            }
            var ledger = try HoldLedger.read(from: files)
            if ledger.dropHolds(after: lastSequence) { try ledger.write(to: files) }
        }
        let deprovisioningGuard = try Self.guardCountingRecentDiffs(
            limit: configuration.limit, window: configuration.window, outbox: outbox, now: configuration.now())

        self.configuration = configuration
        self.logger = logger
        self.outbox = outbox
        self.state = Mutex(
            State(
                emitted: emitted, lastSequence: lastSequence,
                diffsSinceCheckpoint: stored == nil ? 1 : lastSequence - checkpoint.sequence,
                deprovisioningGuard: deprovisioningGuard))
        logger.info(
            "deprovisioning feed opened",
            metadata: [
                "checkpoint": "\(checkpoint.sequence)", "lastDiff": "\(lastSequence)",
                "users": "\(emitted.users.count)", "groups": "\(emitted.groups.count)",
            ])
    }

    /// Judges the diffs from now on by `limit` and `window` (`--deprovision-limit` and `--deprovision-window`
    /// changed by a reload; ``Configuration/limit`` and ``Configuration/window`` keep their values at opening). The
    /// window counts the outbox's diffs created within the new `window`, as it would after a restart.
    ///
    /// - Throws: ``StateFiles/Failure`` when a recent diff cannot be read; the guard in force stays.
    public func changeGuard(limit: DeprovisionLimit, window: Duration) throws {
        try state.withLock { state in
            state.deprovisioningGuard = try Self.guardCountingRecentDiffs(
                limit: limit, window: window, outbox: outbox, now: configuration.now())
        }
    }

    /// A guard that has counted the outbox's diffs created within `window` before `now`.
    private static func guardCountingRecentDiffs(
        limit: DeprovisionLimit, window: Duration, outbox: Outbox, now: Double
    ) throws -> DeprovisioningGuard {
        var deprovisioningGuard = DeprovisioningGuard(limit: limit, window: window)
        let windowStart = now - deprovisioningGuard.windowSeconds
        var recent: [DeprovisioningDiff] = []
        for sequence in outbox.sequences().reversed() {
            // A diff's file was written when it was created: an older file cannot be in the window, unread.
            guard let stamp = FileStamp(path: outbox.url(for: sequence).path), stamp.modified > windowStart else {
                break
            }
            let diff = try outbox.read(sequence)
            guard diff.createdAtSeconds > windowStart else { break }
            recent.append(diff)
        }
        for diff in recent.reversed() { deprovisioningGuard.remember(diff) }
        return deprovisioningGuard
    }

    /// The state as of the last diff written (plus informational changes since).
    public var emittedState: AccessState {
        state.withLock { $0.emitted }
    }

    /// The sequence of the last diff written; 0 before the first.
    public var lastSequence: Int {
        state.withLock { $0.lastSequence }
    }

    /// Compares the emitted state with the whole directory and emits any difference as one diff with origin `startup`,
    /// then writes the checkpoint if it is behind. O(directory); call it once, before the store takes writes.
    ///
    /// - Returns: the sequence of the startup diff, or `nil` when the directory matched.
    /// - Throws: ``StateFiles/Failure`` when the diff or the checkpoint cannot be written.
    @discardableResult
    public func catchUp(with snapshot: DirectorySnapshot) throws -> Int? {
        // The whole directory is compared, so its records are derived once, for the comparison and the new state.
        let directory = AccessState(snapshot: snapshot)
        return try state.withLock { state in
            let users = Set(state.emitted.users.keys).union(directory.users.keys)
            let groups = Set(state.emitted.groups.keys).union(directory.groups.keys)
            let entries = state.emitted.entries(
                to: directory, users: users, groups: groups, nameID: configuration.nameID)
            var written: Int?
            if !entries.isEmpty {
                written = try emit(
                    entries, origin: DiffOrigin(type: .startup),
                    summary: "Startup: \(entries.countSummary) since the last diff",
                    state: &state)
            }
            state.emitted = directory
            // Informational drift alone (no diff) need not be saved now: entries always take it from the directory.
            if state.diffsSinceCheckpoint > 0 { try checkpoint(&state) }
            return written
        }
    }

    /// Writes the diff of one change batch, if it changes access or identity (called by the store).
    public func directoryDidChange(_ batch: ChangeBatch) {
        state.withLock { state in
            var users = state.unsettledUsers
            var groups = state.unsettledGroups
            for change in batch.changes {
                if change.kind == .user { users.insert(change.id) } else { groups.insert(change.id) }
            }
            let entries = state.emitted.entries(
                to: batch.snapshot, users: users, groups: groups, nameID: configuration.nameID)
            if !entries.isEmpty {
                do {
                    _ = try emit(entries, origin: DiffOrigin(batch.origin), summary: batch.headline, state: &state)
                } catch {
                    logger.error(
                        "cannot write the deprovisioning diff; its changes will go into the next one",
                        metadata: ["error": "\(error)", "summary": "\(batch.headline)"])
                    state.unsettledUsers = users
                    state.unsettledGroups = groups
                    return
                }
            }
            state.emitted.adopt(batch.snapshot, users: users, groups: groups)
            state.unsettledUsers = []
            state.unsettledGroups = []
            if state.diffsSinceCheckpoint >= max(configuration.checkpointInterval, state.emitted.users.count / 20) {
                do { try checkpoint(&state) } catch {
                    logger.warning("cannot write the checkpoint", metadata: ["error": "\(error)"])
                }
            }
        }
    }

    /// Writes a diff for a reconciliation (ARCHITECTURE §7): host accounts SCIM does not keep, as
    /// ``UserEntry/Reason/notProvisioned`` entries (``UserEntry/init(notProvisioned:matching:)``). The guard judges it
    /// like any other diff.
    ///
    /// - Parameters:
    ///   - deprovisioned: the entries; the emitted state does not change, since host accounts are not SCIM users.
    ///   - summary: one line, e.g. `Reconciliation: 3 host accounts without a SCIM user`.
    /// - Returns: the sequence written, or `nil` when `deprovisioned` is empty.
    /// - Throws: ``StateFiles/Failure`` when the diff cannot be written.
    @discardableResult
    public func emitReconciliation(_ deprovisioned: [UserEntry], summary: String) throws -> Int? {
        guard !deprovisioned.isEmpty else { return nil }
        var entries = DiffEntries()
        entries.deprovisioned = deprovisioned
        return try state.withLock { state in
            try emit(entries, origin: DiffOrigin(type: .reconciliation), summary: summary, state: &state)
        }
    }

    /// Writes the checkpoint now (at shutdown).
    ///
    /// - Throws: ``StateFiles/Failure``.
    public func writeCheckpoint() throws {
        try state.withLock { state in try checkpoint(&state) }
    }

    /// Writes the checkpoint, under the state directory's lock like every state file.
    private func checkpoint(_ state: inout State) throws {
        let checkpoint = AccessCheckpoint(sequence: state.lastSequence, state: state.emitted)
        try configuration.files.withLock { try checkpoint.write(to: configuration.files) }
        state.diffsSinceCheckpoint = 0
    }

    /// Judges, records the hold if any, writes the diff, and advances the sequence — all under the state directory's
    /// lock, after adopting any diff another process (`scimdir reconcile --emit-diff`) wrote meanwhile, so two writers
    /// never claim the same sequence number.
    private func emit(_ entries: DiffEntries, origin: DiffOrigin, summary: String, state: inout State) throws -> Int {
        let files = configuration.files
        let (diff, hold, url) = try files.withLock {
            try adoptForeignDiffs(&state)
            let sequence = state.lastSequence + 1
            let diff = DeprovisioningDiff(
                sequence: sequence, createdAt: configuration.now(), origin: origin, summary: summary, entries: entries,
                activeUsersBefore: state.emitted.activeUserCount)
            var deprovisioningGuard = state.deprovisioningGuard
            let hold = deprovisioningGuard.evaluate(diff)
            if hold != nil || state.staleHoldPossible {
                var ledger = try HoldLedger.read(from: files)
                let dropped = ledger.dropHolds(after: state.lastSequence)
                if let hold { ledger.add(hold) }
                if dropped || hold != nil { try ledger.write(to: files) }
                state.staleHoldPossible = hold != nil
            }
            let url = try outbox.write(diff)
            state.deprovisioningGuard = deprovisioningGuard
            return (diff, hold, url)
        }
        let sequence = diff.sequence!
        state.staleHoldPossible = false
        state.lastSequence = sequence
        state.diffsSinceCheckpoint += 1
        var metadata: Logger.Metadata = [
            "sequence": "\(sequence)", "origin": "\(origin.type.rawValue)", "summary": "\(summary)",
            "path": "\(url.path)", "usersLosingAccess": "\(diff.accessLoss.usersLosingAccess)",
        ]
        for (name, count) in entries.counts where count > 0 { metadata[name] = "\(count)" }
        logger.info("deprovisioning diff written", metadata: metadata)
        if let hold {
            let release = "scimdir diff release \(sequence) --state-directory \(files.directory.path)"
            let message =
                "deprovisioning diff \(sequence) HELD by the guard: \(hold.explanation). It is in the outbox "
                + "but will not be delivered, and later diffs wait behind it. Review it with `scimdir diff show "
                + "\(sequence)`; if it is intended, run: \(release)"
            logger.error(
                "\(message)",
                metadata: [
                    "sequence": "\(sequence)", "rule": "\(hold.rule.rawValue)",
                    "usersLosingAccess": "\(hold.usersLosingAccess)",
                    "windowUsersLosingAccess": "\(hold.windowUsersLosingAccess)", "activeUsers": "\(hold.activeUsers)",
                    "limit": "\(hold.limit)", "release": "\(release)",
                ])
        }
        configuration.onDiffWritten(sequence)
        return sequence
    }

    /// Applies diffs written by another process since this feed's last one (in order, without gaps) to the emitted
    /// state, so that the next diff is computed against what the host will have received. Call under the lock.
    private func adoptForeignDiffs(_ state: inout State) throws {
        while FileManager.default.fileExists(atPath: outbox.url(for: state.lastSequence + 1).path) {
            let foreign = try outbox.read(state.lastSequence + 1)
            state.emitted.apply(foreign)
            state.deprovisioningGuard.remember(foreign)
            state.lastSequence += 1
            logger.notice("adopted a diff another scimdir process wrote", metadata: ["sequence": "\(state.lastSequence)"])
        }
    }
}
