public import DirectoryStore
import HashTreeCollections

/// Anything that can name the ``UserRecord`` and ``GroupRecord`` of an id: an ``AccessState``, or a
/// `DirectorySnapshot`, whose records are derived on demand so that comparing a few ids with a large directory costs
/// O(ids) (ARCHITECTURE §6: never an O(n) pass per write).
public protocol AccessRecordSource {
    /// The record of the user `id`, or `nil` when there is none.
    func user(_ id: String) -> UserRecord?
    /// The record of the group `id`, or `nil` when there is none.
    func group(_ id: String) -> GroupRecord?
}

extension AccessState: AccessRecordSource {
    /// The record of the user `id`, or `nil` when there is none.
    public func user(_ id: String) -> UserRecord? { users[id] }
    /// The record of the group `id`, or `nil` when there is none.
    public func group(_ id: String) -> GroupRecord? { groups[id] }
}

extension DirectorySnapshot: AccessRecordSource {
    /// The record of the user `id`, derived from its stored resource, or `nil` when there is none.
    public func user(_ id: String) -> UserRecord? { users[id].map(UserRecord.init) }
    /// The record of the group `id`, derived from its stored resource, or `nil` when there is none.
    public func group(_ id: String) -> GroupRecord? { groups[id].map(GroupRecord.init) }
}
