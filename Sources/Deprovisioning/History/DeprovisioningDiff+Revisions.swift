extension DeprovisioningDiff {
    /// The diff between two revisions of the directory, in the outbox's format without a sequence (`scimdir diff
    /// between`, issue §5: reviewing a pull request to the user directory without a running daemon).
    ///
    /// ```swift
    /// let diff = DeprovisioningDiff.between(old, new, createdAt: Date().timeIntervalSince1970)
    /// ```
    ///
    /// - Parameters:
    ///   - old: the older revision.
    ///   - new: the newer revision (read with `old.snapshot` as its fallback).
    ///   - createdAt: seconds since 1970.
    ///   - nameID: derives each entry's SAML `NameID`, when known.
    public static func between(
        _ old: DirectoryRevision, _ new: DirectoryRevision, createdAt: Double, nameID: NameIDResolver? = nil
    ) -> DeprovisioningDiff {
        let before = AccessState(snapshot: old.snapshot)
        let after = AccessState(snapshot: new.snapshot)
        let entries = before.entries(
            to: after, users: Set(before.users.keys).union(after.users.keys),
            groups: Set(before.groups.keys).union(after.groups.keys), nameID: nameID)
        return DeprovisioningDiff(
            sequence: nil, createdAt: createdAt, origin: .revisions(from: old.revision, to: new.revision),
            summary: "Changes from \(old.revision) to \(new.revision): \(entries.countSummary)", entries: entries,
            activeUsersBefore: before.activeUserCount)
    }
}
