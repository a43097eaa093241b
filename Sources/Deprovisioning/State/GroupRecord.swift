public import DirectoryStore
import SCIM

/// What the deprovisioning feed knows of one group (ARCHITECTURE §6): its names and the ids of its direct members
/// (users or groups).
///
/// Tracked for diffs: the group's existence and its ``members``. ``displayName`` and ``externalId`` are carried in diff
/// entries as information only.
public struct GroupRecord: Sendable, Hashable, Codable {
    /// The SCIM id (the file stem in `groups/`).
    public var id: String
    /// The SCIM `displayName`.
    public var displayName: String
    /// The identity provider's id for the group, if it sent one.
    public var externalId: String?
    /// The ids of the direct members (`members[].value`), users or groups. Encoded as a sorted array.
    public var members: Set<String>

    /// Creates a record from its parts.
    public init(id: String, displayName: String, externalId: String? = nil, members: Set<String> = []) {
        self.id = id
        self.displayName = displayName
        self.externalId = externalId
        self.members = members
    }

    /// The record of a stored group (its canonical SCIM JSON).
    ///
    /// - Precondition: `group.kind == .group`.
    public init(_ group: StoredResource) {
        precondition(group.kind == .group, "a GroupRecord is made from a Group")
        let body = group.resource
        self.init(
            id: group.id, displayName: body["displayName"]?.stringValue ?? group.id,
            externalId: body["externalId"]?.stringValue,
            members: Set(body["members"]?.arrayValue?.compactMap { $0["value"]?.stringValue } ?? []))
    }

    /// The group's names without its members, as diff entries name it.
    public var reference: GroupReference {
        GroupReference(id: id, displayName: displayName, externalId: externalId)
    }

    private enum CodingKeys: String, CodingKey {
        case id, displayName, externalId, members
    }

    /// Decodes a record whose `members` is an array of ids.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try container.decode(String.self, forKey: .id),
            displayName: try container.decode(String.self, forKey: .displayName),
            externalId: try container.decodeIfPresent(String.self, forKey: .externalId),
            members: Set(try container.decode([String].self, forKey: .members)))
    }

    /// Encodes the record with `members` as a sorted array of ids, so that files are stable.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(displayName, forKey: .displayName)
        try container.encodeIfPresent(externalId, forKey: .externalId)
        try container.encode(members.sorted(), forKey: .members)
    }
}
