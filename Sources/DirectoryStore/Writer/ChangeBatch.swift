/// One resource before and after a change; `before` is `nil` for a creation, `after` for a deletion.
public struct ResourceChange: Sendable {
    /// User or Group.
    public var kind: ResourceKind
    /// The resource id.
    public var id: String
    /// The resource before the change, as it was served.
    public var before: StoredResource?
    /// The resource after the change, as it is served.
    public var after: StoredResource?

    /// Creates a change record.
    public init(kind: ResourceKind, id: String, before: StoredResource?, after: StoredResource?) {
        self.kind = kind
        self.id = id
        self.before = before
        self.after = after
    }
}

/// Everything one write, reload or reconciliation changed, delivered to ``DirectoryObserver``s as a unit
/// (ARCHITECTURE §5, §6: each batch yields at most one deprovisioning diff and one git commit).
public struct ChangeBatch: Sendable {
    /// What caused the batch.
    public enum Origin: Sendable, Hashable {
        /// A SCIM request: the HTTP method (`POST`, `PUT`, `PATCH`, `DELETE`) and the request id.
        case scim(method: String, requestID: String?)
        /// Files changed on disk (hand edits, `git pull`), picked up by the watcher or a rescan.
        case directoryEdit
        /// Differences found when the daemon started.
        case startup
        /// A SAML reconciliation run.
        case reconciliation
    }

    /// What caused the batch.
    public var origin: Origin
    /// The changed resources, in the order they were written.
    public var changes: [ResourceChange]
    /// The directory after the batch.
    public var snapshot: DirectorySnapshot

    /// Creates a batch.
    public init(origin: Origin, changes: [ResourceChange], snapshot: DirectorySnapshot) {
        self.origin = origin
        self.changes = changes
        self.snapshot = snapshot
    }
}

/// Something that must learn of every committed change before it is acknowledged: the deprovisioning outbox, git
/// commits.
///
/// `directoryDidChange(_:)` runs on the store's writer thread, after the files are durable and before the write is
/// acknowledged to the client, so it sees batches one at a time and in order. It must not call back into the store.
public protocol DirectoryObserver: Sendable {
    /// Called once per committed batch, in commit order.
    func directoryDidChange(_ batch: ChangeBatch)
}
