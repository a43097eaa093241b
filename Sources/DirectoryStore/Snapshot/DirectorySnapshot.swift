public import HashTreeCollections
public import SCIM

/// An immutable view of the whole directory with its indexes (ARCHITECTURE §4.2, §4.6).
///
/// Readers take a snapshot and never see half a write. Snapshots are persistent hash tries
/// (`TreeDictionary`), so a write that changes one resource shares almost everything with the previous snapshot:
/// it costs O(log n), not a copy of 100,000 resources.
///
/// Indexed lookups: users by `id`, `userName` (case-insensitive), `externalId` and `emails.value`
/// (case-insensitive); groups by `id`, `displayName` (case-insensitive) and `externalId`; and the groups each
/// resource is a member of, which is also what the users' derived `groups` attribute is built from.
public struct DirectorySnapshot: Sendable {
    /// The schemas in force (core plus any extensions from `DIR/schemas/`).
    public internal(set) var registry: SchemaRegistry
    /// Users by id.
    public private(set) var users = TreeDictionary<String, StoredResource>()
    /// Groups by id.
    public private(set) var groups = TreeDictionary<String, StoredResource>()
    /// Files that could not be loaded, by path relative to the directory, with the reason. Their last good version
    /// (if any) is still being served.
    public internal(set) var problems = TreeDictionary<String, ResourceFileCodec.Problem>()

    private var userNames = TreeDictionary<String, String>()
    private var userExternalIDs = TreeDictionary<String, String>()
    private var emails = TreeDictionary<String, TreeSet<String>>()
    private var groupDisplayNames = TreeDictionary<String, String>()
    private var groupExternalIDs = TreeDictionary<String, String>()
    private var memberships = TreeDictionary<String, TreeSet<String>>()
    /// Groups by the case-folded id of members whose id is not already lower-case, so that `members.value`, which
    /// compares case-insensitively (RFC 7643 §8.7.1), is found whatever the case; empty for server-generated ids.
    private var mixedCaseMemberships = TreeDictionary<String, TreeSet<String>>()

    /// An empty directory governed by `registry`.
    public init(registry: SchemaRegistry) {
        self.registry = registry
    }

    /// The resources of one kind, by id.
    public func resources(_ kind: ResourceKind) -> TreeDictionary<String, StoredResource> {
        kind == .user ? users : groups
    }

    /// The resource with `id`, if any.
    public func resource(_ kind: ResourceKind, id: String) -> StoredResource? {
        resources(kind)[id]
    }

    /// The ids of the groups `memberID` (a user or group id) is a direct member of.
    public func groupIDs(containing memberID: String) -> TreeSet<String> {
        memberships[memberID] ?? []
    }

    // MARK: Uniqueness

    /// Why `body` cannot be stored as `id` without breaking uniqueness (RFC 7643 §2.2 `uniqueness`), or `nil`.
    ///
    /// Checked: `userName` (case-insensitive) and `externalId` among users; `displayName` (case-insensitive) and
    /// `externalId` among groups. The resource `id` itself may keep its own values.
    public func uniquenessConflict(_ kind: ResourceKind, id: String, body: JSONObject) -> String? {
        func clash(_ index: TreeDictionary<String, String>, _ attribute: String, caseInsensitive: Bool) -> String? {
            guard let value = body[attribute]?.stringValue,
                let owner = index[caseInsensitive ? Self.folded(value) : value], owner != id
            else { return nil }
            return "\(attribute) \"\(value)\" is already used by \(kind) \(owner)"
        }
        switch kind {
        case .user:
            return clash(userNames, "userName", caseInsensitive: true)
                ?? clash(userExternalIDs, "externalId", caseInsensitive: false)
        case .group:
            return clash(groupDisplayNames, "displayName", caseInsensitive: true)
                ?? clash(groupExternalIDs, "externalId", caseInsensitive: false)
        }
    }

    // MARK: Index lookups

    /// The ids an equality on an indexed attribute selects, or `nil` when the attribute has no index.
    ///
    /// - Parameters:
    ///   - path: a canonical path (as ``FilterPredicate/filter`` holds them).
    ///   - value: the string compared with.
    func indexedIDs(_ kind: ResourceKind, path: AttributePath, equalTo value: String) -> [String]? {
        guard path.schemaURN == nil else { return nil }
        let name = path.subAttribute.map { path.attribute + "." + $0 } ?? path.attribute
        switch (kind, name) {
        case (_, "id"): return resource(kind, id: value) == nil ? [] : [value]
        case (.user, "userName"): return userNames[Self.folded(value)].map { [$0] } ?? []
        case (.user, "externalId"): return userExternalIDs[value].map { [$0] } ?? []
        case (.user, "emails"), (.user, "emails.value"): return emails[Self.folded(value)].map(Array.init) ?? []
        case (.group, "displayName"): return groupDisplayNames[Self.folded(value)].map { [$0] } ?? []
        case (.group, "externalId"): return groupExternalIDs[value].map { [$0] } ?? []
        case (.group, "members"), (.group, "members.value"):
            let key = Self.folded(value)
            return Array((memberships[key] ?? []).union(mixedCaseMemberships[key] ?? []))
        default: return nil
        }
    }

    /// Case folding for case-insensitive indexes, matching how filters compare (`lowercased()`).
    static func folded(_ text: String) -> String { text.lowercased() }

    // MARK: Mutation

    /// Adds or replaces a resource, keeping every index and the users' derived `groups` in step.
    ///
    /// The caller has checked uniqueness and, for groups, that members exist.
    ///
    /// - Parameter refreshingMembers: `false` while loading many groups at once, followed by one
    ///   ``refreshAllDerivedGroups()``, so each user's `groups` is built once instead of once per group.
    mutating func put(_ stored: StoredResource, refreshingMembers: Bool = true) {
        let previous = resource(stored.kind, id: stored.id)
        if let previous { unindex(previous) }
        index(stored)
        switch stored.kind {
        case .user:
            users[stored.id] = stored.withGroups(derivedGroups(of: stored.id))
        case .group:
            groups[stored.id] = stored
            if refreshingMembers { refreshDerivedGroups(of: Self.memberIDs(of: previous).union(Self.memberIDs(of: stored))) }
        }
    }

    /// Rebuilds the derived `groups` of every user that is a member of some group.
    mutating func refreshAllDerivedGroups() {
        refreshDerivedGroups(of: Set(memberships.keys))
    }

    /// Removes a resource and its index entries. Removing a group updates its members' derived `groups`.
    mutating func remove(_ kind: ResourceKind, id: String) {
        guard let previous = resource(kind, id: id) else { return }
        unindex(previous)
        switch kind {
        case .user: users[id] = nil
        case .group:
            groups[id] = nil
            refreshDerivedGroups(of: Self.memberIDs(of: previous))
        }
    }

    private mutating func index(_ stored: StoredResource) {
        let body = stored.resource
        switch stored.kind {
        case .user:
            if let userName = body["userName"]?.stringValue { userNames[Self.folded(userName)] = stored.id }
            if let externalID = body["externalId"]?.stringValue { userExternalIDs[externalID] = stored.id }
            for email in Self.emailValues(of: body) { emails[email, default: []].insert(stored.id) }
        case .group:
            if let name = body["displayName"]?.stringValue { groupDisplayNames[Self.folded(name)] = stored.id }
            if let externalID = body["externalId"]?.stringValue { groupExternalIDs[externalID] = stored.id }
            for member in Self.memberIDs(of: stored) {
                memberships[member, default: []].insert(stored.id)
                let folded = Self.folded(member)
                if folded != member { mixedCaseMemberships[folded, default: []].insert(stored.id) }
            }
        }
    }

    private mutating func unindex(_ stored: StoredResource) {
        let body = stored.resource
        func drop(_ index: inout TreeDictionary<String, String>, _ key: String?) {
            if let key, index[key] == stored.id { index[key] = nil }
        }
        func dropFromSet(_ index: inout TreeDictionary<String, TreeSet<String>>, _ key: String, _ element: String) {
            index[key]?.remove(element)
            if index[key]?.isEmpty == true { index[key] = nil }
        }
        switch stored.kind {
        case .user:
            drop(&userNames, body["userName"]?.stringValue.map(Self.folded))
            drop(&userExternalIDs, body["externalId"]?.stringValue)
            for email in Self.emailValues(of: body) { dropFromSet(&emails, email, stored.id) }
        case .group:
            drop(&groupDisplayNames, body["displayName"]?.stringValue.map(Self.folded))
            drop(&groupExternalIDs, body["externalId"]?.stringValue)
            for member in Self.memberIDs(of: stored) {
                dropFromSet(&memberships, member, stored.id)
                let folded = Self.folded(member)
                if folded != member { dropFromSet(&mixedCaseMemberships, folded, stored.id) }
            }
        }
    }

    private mutating func refreshDerivedGroups(of memberIDs: Set<String>) {
        for memberID in memberIDs {
            guard let user = users[memberID] else { continue }
            users[memberID] = user.withGroups(derivedGroups(of: memberID))
        }
    }

    /// The `groups` attribute of a user (RFC 7643 §4.1.2): direct memberships, ordered by group id.
    private func derivedGroups(of memberID: String) -> [JSONValue] {
        groupIDs(containing: memberID).sorted().compactMap { groupID in
            guard let group = groups[groupID] else { return nil }
            var entry: JSONObject = ["value": .string(groupID), "type": "direct"]
            entry["display"] = group.resource["displayName"]
            return .object(entry)
        }
    }

    static func memberIDs(of group: StoredResource?) -> Set<String> {
        Set(group?.resource["members"]?.arrayValue?.compactMap { $0["value"]?.stringValue } ?? [])
    }

    static func emailValues(of user: JSONObject) -> Set<String> {
        Set(user["emails"]?.arrayValue?.compactMap { $0["value"]?.stringValue.map(folded) } ?? [])
    }
}
