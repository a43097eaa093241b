public import Deprovisioning

extension DiffQueueCounts {
    /// The counts of the outbox `queue` (ARCHITECTURE §6): ``pending`` are the diffs waiting for delivery, including
    /// released ones; ``held`` are those the guard holds.
    ///
    /// - Throws: ``StateFiles/Failure`` when the delivery cursor or the holds cannot be read.
    public init(_ queue: DiffQueue) throws(StateFiles.Failure) {
        let items = try queue.items()
        self.init(
            pending: items.count { $0.status == .pending || $0.status == .released },
            held: items.count { $0.status == .held })
    }
}
