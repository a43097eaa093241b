public import DirectoryStore
import HashTreeCollections

/// Who has access, as the deprovisioning feed sees it (ARCHITECTURE §6): every user's ``UserRecord`` and every group's
/// ``GroupRecord``, by id.
///
/// The feed keeps the *emitted* state — the directory as of the last diff written — and compares it with the directory
/// to find what changed. Checkpoints (``AccessCheckpoint``) store it; diffs replay onto it
/// (``apply(_:)``).
///
/// ```swift
/// var emitted = AccessState(snapshot: store.snapshot)
/// emitted.activeUserCount   // kept up to date by every mutation, never counted by a scan
/// ```
///
/// Encoded as `{"users": [UserRecord…], "groups": [GroupRecord…]}`, each list sorted by id.
public struct AccessState: Sendable, Hashable, Codable {
    /// Users by id.
    public private(set) var users: [String: UserRecord] = [:]
    /// Groups by id.
    public private(set) var groups: [String: GroupRecord] = [:]
    /// How many of ``users`` are active; the denominator of the guard's share limit.
    public private(set) var activeUserCount = 0

    /// An empty state: no users, no groups (the state before the first diff).
    public init() {}

    /// The state of a whole directory. O(n): used at startup and for `diff between`, never per write.
    public init(snapshot: DirectorySnapshot) {
        adopt(snapshot, users: snapshot.users.keys, groups: snapshot.groups.keys)
    }

    /// Adds or replaces a user.
    public mutating func setUser(_ record: UserRecord) {
        removeUser(id: record.id)
        users[record.id] = record
        if record.active { activeUserCount += 1 }
    }

    /// Removes a user; nothing happens when there is none with `id`.
    public mutating func removeUser(id: String) {
        if users.removeValue(forKey: id)?.active == true { activeUserCount -= 1 }
    }

    /// Adds or replaces a group.
    public mutating func setGroup(_ record: GroupRecord) {
        groups[record.id] = record
    }

    /// Removes a group; nothing happens when there is none with `id`.
    public mutating func removeGroup(id: String) {
        groups[id] = nil
    }

    /// Makes the records of the given ids equal to `target`'s: set where `target` has them, removed where it has not.
    /// Costs O(ids), whatever the size of `target`.
    public mutating func adopt(
        _ target: some AccessRecordSource, users userIDs: some Sequence<String>, groups groupIDs: some Sequence<String>
    ) {
        for id in userIDs {
            if let record = target.user(id) { setUser(record) } else { removeUser(id: id) }
        }
        for id in groupIDs {
            if let record = target.group(id) { setGroup(record) } else { removeGroup(id: id) }
        }
    }

    private enum CodingKeys: String, CodingKey {
        case users, groups
    }

    /// Decodes `{"users": […], "groups": […]}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        for user in try container.decode([UserRecord].self, forKey: .users) { setUser(user) }
        for group in try container.decode([GroupRecord].self, forKey: .groups) { setGroup(group) }
    }

    /// Encodes `{"users": […], "groups": […]}`, each list sorted by id, so that checkpoints are stable.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(users.values.sorted { $0.id < $1.id }, forKey: .users)
        try container.encode(groups.values.sorted { $0.id < $1.id }, forKey: .groups)
    }
}
