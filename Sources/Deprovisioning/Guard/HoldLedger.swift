/// The held diffs and their releases: `STATE/held.json`, `{"holds": [Hold…]}` sorted by sequence (ARCHITECTURE §6).
///
/// The feed adds a hold *before* it writes the held diff, so that no crash can leave a held diff unrecorded (and
/// delivered); a hold whose diff was never written is dropped when the feed opens. `scimdir diff release N` sets
/// ``Hold/releasedAt``. Update it under ``StateFiles/withLock(_:)``.
public struct HoldLedger: Sendable, Hashable, Codable {
    /// Every hold, sorted by sequence.
    public private(set) var holds: [Hold] = []

    /// An empty ledger.
    public init() {}

    /// Reads `STATE/held.json`; a missing file is an empty ledger.
    ///
    /// - Throws: ``StateFiles/Failure`` when the file exists but cannot be read.
    public static func read(from files: StateFiles) throws(StateFiles.Failure) -> HoldLedger {
        try files.read(HoldLedger.self, from: files.holds) ?? HoldLedger()
    }

    /// Writes `STATE/held.json` durably.
    ///
    /// - Throws: ``StateFiles/Failure``.
    public func write(to files: StateFiles) throws(StateFiles.Failure) {
        try files.write(self, to: files.holds)
    }

    /// The hold of a diff, if the guard held it.
    public func hold(of sequence: Int) -> Hold? {
        holds.first { $0.sequence == sequence }
    }

    /// The first hold after `sequence` that no one has released: the diff delivery stops before.
    public func firstUnreleased(after sequence: Int) -> Hold? {
        holds.first { $0.sequence > sequence && !$0.isReleased }
    }

    /// Records a hold (replacing any earlier one of the same sequence).
    public mutating func add(_ hold: Hold) {
        holds.removeAll { $0.sequence == hold.sequence }
        holds.append(hold)
        holds.sort { $0.sequence < $1.sequence }
    }

    /// Marks a hold released at `time` (`xsd:dateTime`).
    ///
    /// - Returns: `false` when it was released already (releasing is idempotent).
    /// - Precondition: ``hold(of:)`` is not `nil`.
    public mutating func release(_ sequence: Int, at time: String) -> Bool {
        let index = holds.firstIndex { $0.sequence == sequence }!
        guard holds[index].releasedAt == nil else { return false }
        holds[index].releasedAt = time
        return true
    }

    /// Drops the holds of diffs after `sequence`: a crash between recording a hold and writing its diff.
    ///
    /// - Returns: whether any was dropped.
    public mutating func dropHolds(after sequence: Int) -> Bool {
        let count = holds.count
        holds.removeAll { $0.sequence > sequence }
        return holds.count != count
    }
}
