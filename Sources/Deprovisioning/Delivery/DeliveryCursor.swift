/// How far the host has acknowledged the outbox (ARCHITECTURE §6): `STATE/delivery.json`, `{"acknowledged": 41}`.
///
/// Acknowledgements are idempotent and only move forward: acknowledging 40 after 41 changes nothing. Delivery is
/// ordered, so every diff up to ``acknowledged`` counts as delivered.
public struct DeliveryCursor: Sendable, Hashable, Codable {
    /// The highest acknowledged sequence; 0 before the first acknowledgement.
    public var acknowledged: Int

    /// A cursor at `acknowledged`.
    public init(acknowledged: Int = 0) {
        self.acknowledged = acknowledged
    }

    /// Reads `STATE/delivery.json`; a missing file is a cursor at 0.
    ///
    /// - Throws: ``StateFiles/Failure`` when the file exists but cannot be read.
    public static func read(from files: StateFiles) throws(StateFiles.Failure) -> DeliveryCursor {
        try files.read(DeliveryCursor.self, from: files.deliveryCursor) ?? DeliveryCursor()
    }

    /// Moves the cursor to `sequence` if that is forward, and writes it durably.
    ///
    /// Call it under ``StateFiles/withLock(_:)`` after reading the cursor in the same lock.
    ///
    /// - Returns: whether the cursor moved.
    /// - Throws: ``StateFiles/Failure`` when the file cannot be written.
    @discardableResult
    public mutating func advance(to sequence: Int, in files: StateFiles) throws(StateFiles.Failure) -> Bool {
        guard sequence > acknowledged else { return false }
        var moved = self
        moved.acknowledged = sequence
        try files.write(moved, to: files.deliveryCursor)
        self = moved
        return true
    }
}
