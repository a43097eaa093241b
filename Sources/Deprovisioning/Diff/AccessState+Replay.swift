extension AccessState {
    /// Replays a diff onto the state it was computed against (ARCHITECTURE §6: the emitted state is the last
    /// checkpoint plus the diffs written after it).
    ///
    /// Users take the record an entry carries (deleted ones are removed); groups gain and lose the members the entries
    /// name and take their names from them (a group first seen in an ``MembershipEntry/Reason/added`` entry is created);
    /// deleted groups are removed. ``UserEntry/Reason/notProvisioned`` entries change nothing: host accounts are not
    /// SCIM users.
    ///
    /// What a diff does not record — a change of `externalId`, of secondary e-mails, a group's new name — is not
    /// replayed; the comparison with the directory at startup brings it back without a diff.
    public mutating func apply(_ diff: DeprovisioningDiff) {
        let entries = diff.entries
        for entry in entries.deprovisioned + entries.provisioned {
            guard let user = entry.user?.record, entry.reason != .notProvisioned else { continue }
            if entry.reason == .deleted { removeUser(id: user.id) } else { setUser(user) }
        }
        for entry in entries.identityChanged { setUser(entry.user.record) }
        for entry in entries.membershipsRemoved {
            guard var group = groups[entry.group.id] else { continue }
            group.members.remove(entry.memberID)
            setGroup(group)
        }
        for entry in entries.membershipsAdded {
            var group = groups[entry.group.id] ?? GroupRecord(id: entry.group.id, displayName: entry.group.displayName)
            group.displayName = entry.group.displayName
            group.externalId = entry.group.externalId
            group.members.insert(entry.memberID)
            setGroup(group)
        }
        for entry in entries.groupsDeleted { removeGroup(id: entry.group.id) }
    }
}
