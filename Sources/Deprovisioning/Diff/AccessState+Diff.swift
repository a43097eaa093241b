extension AccessState {
    /// The entries that turn this state into `target` for the given users and groups (ARCHITECTURE §6).
    ///
    /// Only the listed ids are compared, so a change batch costs O(changes) however large the directory; pass every id
    /// of both sides to compare whole states (startup, `diff between`).
    ///
    /// - users: new → ``UserEntry/Reason/provisioned``; gone → ``UserEntry/Reason/deleted`` (with the record before the
    ///   deletion); `active` true → false → ``UserEntry/Reason/deactivated``, false → true →
    ///   ``UserEntry/Reason/reactivated``; a new `userName` or primary e-mail → an ``IdentityChangeEntry``.
    /// - groups: members added → ``MembershipEntry/Reason/added``; members removed →
    ///   ``MembershipEntry/Reason/removed``, or ``MembershipEntry/Reason/memberDeleted`` when the member is gone;
    ///   a group gone → ``GroupEntry/Reason/deleted`` and all its memberships ``MembershipEntry/Reason/groupDeleted``.
    /// - Anything else (`externalId`, other e-mails, a group's names) yields no entry.
    ///
    /// - Parameters:
    ///   - target: the new state; a `DirectorySnapshot` or another ``AccessState``.
    ///   - userIDs: the users to compare (the ids a change batch touched).
    ///   - groupIDs: the groups to compare.
    ///   - nameID: derives each entry's SAML `NameID`, when known.
    /// - Returns: the entries, sorted by user id, then group id.
    public func entries(
        to target: some AccessRecordSource, users userIDs: some Sequence<String>,
        groups groupIDs: some Sequence<String>,
        nameID: NameIDResolver? = nil
    ) -> DiffEntries {
        let changedUsers = Set(userIDs)
        let changedGroups = Set(groupIDs)
        var entries = DiffEntries()
        for id in changedUsers.sorted() {
            switch (users[id], target.user(id)) {
            case (nil, let new?):
                entries.provisioned.append(UserEntry(reason: .provisioned, user: EntryUser(new, nameID: nameID)))
            case (let old?, nil):
                entries.deprovisioned.append(UserEntry(reason: .deleted, user: EntryUser(old, nameID: nameID)))
            case (let old?, let new?):
                let user = EntryUser(new, nameID: nameID)
                if old.active && !new.active {
                    entries.deprovisioned.append(UserEntry(reason: .deactivated, user: user))
                }
                if !old.active && new.active { entries.provisioned.append(UserEntry(reason: .reactivated, user: user)) }
                if let change = IdentityChangeEntry(from: old, to: user) { entries.identityChanged.append(change) }
            case (nil, nil):
                break
            }
        }

        /// A member as an entry names it: its current record, or the last one when it is gone.
        func memberEntry(_ reason: MembershipEntry.Reason, group: GroupReference, member: String) -> MembershipEntry? {
            if let user = target.user(member) ?? users[member] {
                return MembershipEntry(reason: reason, group: group, user: EntryUser(user, nameID: nameID))
            }
            if let memberGroup = target.group(member) ?? groups[member] {
                return MembershipEntry(reason: reason, group: group, memberGroup: memberGroup.reference)
            }
            return nil
        }
        func isGone(_ member: String) -> Bool {
            (changedUsers.contains(member) && target.user(member) == nil)
                || (changedGroups.contains(member) && target.group(member) == nil)
        }

        for id in changedGroups.sorted() {
            let old = groups[id]
            let new = target.group(id)
            let before = old?.members ?? []
            let after = new?.members ?? []
            if let old {
                for member in before.subtracting(after).sorted() {
                    let reason: MembershipEntry.Reason =
                        new == nil ? .groupDeleted : isGone(member) ? .memberDeleted : .removed
                    if let entry = memberEntry(reason, group: old.reference, member: member) {
                        entries.membershipsRemoved.append(entry)
                    }
                }
                if new == nil { entries.groupsDeleted.append(GroupEntry(reason: .deleted, group: old.reference)) }
            }
            if let new {
                for member in after.subtracting(before).sorted() {
                    if let entry = memberEntry(.added, group: new.reference, member: member) {
                        entries.membershipsAdded.append(entry)
                    }
                }
            }
        }
        return entries
    }
}
