/// The outbox as the host sees it (ARCHITECTURE §6): which diffs are delivered, pending or held, which may be delivered
/// now, and the acknowledgement and release rules. `scimdir diff` and ``DiffDelivery`` both work through it.
///
/// Delivery is ordered: the deliverable diffs are those after the cursor, up to (not including) the first hold no one
/// has released, and up to the first missing file (none is ever skipped).
///
/// ```swift
/// let queue = DiffQueue(files: StateFiles(directory: stateURL))
/// for sequence in try queue.deliverable() { try apply(queue.outbox.url(for: sequence)); try queue.acknowledge(sequence) }
/// ```
public struct DiffQueue: Sendable {
    /// The state directory's files.
    public let files: StateFiles
    /// The diffs.
    public let outbox: Outbox

    /// The queue of a state directory.
    public init(files: StateFiles) {
        self.files = files
        self.outbox = Outbox(files: files)
    }

    /// Where a diff stands.
    public enum Status: String, Sendable, Hashable, CaseIterable {
        /// Acknowledged by the host.
        case delivered
        /// Waiting for delivery (possibly behind a held diff).
        case pending
        /// Held by the guard: not delivered, and blocking later diffs, until released.
        case held
        /// Held by the guard, then released by a person; waiting for delivery.
        case released
    }

    /// One diff and its status.
    public struct Item: Sendable, Hashable {
        /// The diff's sequence.
        public var sequence: Int
        /// Where it stands.
        public var status: Status
        /// Why the guard held it, if it did.
        public var hold: Hold?
    }

    /// A request the delivery rules refuse.
    public enum Refusal: Error, CustomStringConvertible {
        /// There is no diff with this sequence in the outbox.
        case noSuchDiff(Int)
        /// Acknowledging this sequence would pass a diff the guard holds.
        case held(requested: Int, hold: Hold)
        /// The diff was not held, so there is nothing to release.
        case notHeld(Int)

        /// A message for the person at the terminal, with the command that helps.
        public var description: String {
            switch self {
            case .noSuchDiff(let sequence):
                return "there is no diff \(sequence) in the outbox"
            case .held(let requested, let hold):
                return
                    "cannot acknowledge \(requested): diff \(hold.sequence) is held (\(hold.explanation)) and has not "
                    + "been delivered. Review it with `scimdir diff show \(hold.sequence)`, release it with "
                    + "`scimdir diff release \(hold.sequence)`, then deliver it before acknowledging"
            case .notHeld(let sequence):
                return "diff \(sequence) is not held; there is nothing to release"
            }
        }
    }

    /// Every diff in the outbox with its status, ascending.
    ///
    /// - Throws: ``StateFiles/Failure`` when the cursor or the holds cannot be read.
    public func items() throws(StateFiles.Failure) -> [Item] {
        let acknowledged = try DeliveryCursor.read(from: files).acknowledged
        let ledger = try HoldLedger.read(from: files)
        return outbox.sequences().map { sequence in
            let hold = ledger.hold(of: sequence)
            let status: Status
            if sequence <= acknowledged {
                status = .delivered
            } else if let hold {
                status = hold.isReleased ? .released : .held
            } else {
                status = .pending
            }
            return Item(sequence: sequence, status: status, hold: hold)
        }
    }

    /// The diffs that may be delivered now, in order.
    ///
    /// - Throws: ``StateFiles/Failure`` when the cursor or the holds cannot be read.
    public func deliverable() throws(StateFiles.Failure) -> [Int] {
        let acknowledged = try DeliveryCursor.read(from: files).acknowledged
        let stop = try HoldLedger.read(from: files).firstUnreleased(after: acknowledged)?.sequence ?? Int.max
        var next = acknowledged + 1
        var result: [Int] = []
        for sequence in outbox.sequences() where sequence > acknowledged {
            guard sequence == next, sequence < stop else { break }
            result.append(sequence)
            next += 1
        }
        return result
    }

    /// The hold that stops delivery now, if any.
    ///
    /// - Throws: ``StateFiles/Failure`` when the cursor or the holds cannot be read.
    public func blockingHold() throws(StateFiles.Failure) -> Hold? {
        try HoldLedger.read(from: files).firstUnreleased(after: DeliveryCursor.read(from: files).acknowledged)
    }

    /// Acknowledges every diff up to `sequence` (idempotent: an older or equal sequence changes nothing).
    ///
    /// - Returns: whether the cursor moved.
    /// - Throws: ``Refusal/noSuchDiff(_:)`` past the newest diff, ``Refusal/held(requested:hold:)`` when an unreleased
    ///   hold lies at or before `sequence`; ``StateFiles/Failure`` when a file cannot be read or written.
    @discardableResult
    public func acknowledge(_ sequence: Int) throws -> Bool {
        try files.withLock {
            var cursor = try DeliveryCursor.read(from: files)
            guard sequence > cursor.acknowledged else { return false }
            guard sequence <= outbox.latestSequence else { throw Refusal.noSuchDiff(sequence) }
            if let hold = try HoldLedger.read(from: files).firstUnreleased(after: cursor.acknowledged),
                hold.sequence <= sequence
            {
                throw Refusal.held(requested: sequence, hold: hold)
            }
            return try cursor.advance(to: sequence, in: files)
        }
    }

    /// Releases a held diff, so that it and the diffs behind it are delivered (idempotent).
    ///
    /// - Parameter time: the release time (`xsd:dateTime`), recorded in the hold.
    /// - Returns: whether it was held until now (`false`: released already).
    /// - Throws: ``Refusal/notHeld(_:)``; ``StateFiles/Failure`` when the holds cannot be read or written.
    @discardableResult
    public func release(_ sequence: Int, at time: String) throws -> Bool {
        try files.withLock {
            var ledger = try HoldLedger.read(from: files)
            guard ledger.hold(of: sequence) != nil else { throw Refusal.notHeld(sequence) }
            guard ledger.release(sequence, at: time) else { return false }
            try ledger.write(to: files)
            return true
        }
    }
}
