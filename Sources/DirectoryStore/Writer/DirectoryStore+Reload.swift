import Foundation
import HashTreeCollections
import Logging
import SCIM

extension DirectoryStore {
    /// Loads files that changed on disk — hand edits, `git pull`, `git checkout` — as one batch (ARCHITECTURE §4.4,
    /// §4.5, §5).
    ///
    /// A changed valid file replaces its resource; a new one adds one; a removed one removes one. A file that cannot
    /// be read, does not validate, names another id, or clashes with another resource's unique value is recorded in
    /// ``DirectorySnapshot/problems`` and logged, and the last good version keeps being served. Files whose stamp is
    /// unchanged, and files whose content equals what is served (the store's own writes), change nothing.
    ///
    /// - Parameter paths: paths relative to the directory (`users/<id>.json`, `groups/<id>.json`,
    ///   `schemas/<name>.json`), or `nil` for a full rescan. A change under `schemas/` is a full rescan.
    /// - Returns: the number of resources added, changed or removed.
    @discardableResult
    public func reload(_ paths: Set<String>?) -> Int {
        guard let paths, !paths.contains(where: { $0.hasPrefix("schemas/") }) else { return rescan() }
        return apply(paths.compactMap(Self.resourceFile(atPath:)), origin: .directoryEdit)
    }

    /// Loads one resource file if its stamp differs from the one recorded (called before every SCIM write).
    func loadIfEditedOnDisk(_ kind: ResourceKind, id: String) {
        let url = layout.file(for: kind, id: id)
        guard FileStamp(path: url.path) != stamps[layout.relativePath(url)] else { return }
        logger.notice("loading a file changed on disk before writing it", metadata: ["path": "\(layout.relativePath(url))"])
        apply([(kind, id)], origin: .directoryEdit)
    }

    /// `(kind, id)` for `users/<id>.json` or `groups/<id>.json`; `nil` for any other path.
    static func resourceFile(atPath path: String) -> (kind: ResourceKind, id: String)? {
        let parts = path.split(separator: "/")
        guard parts.count == 2, let kind = ResourceKind.allCases.first(where: { $0.folderName == parts[0] }),
            let id = DirectoryLayout.resourceID(fromFileName: String(parts[1]))
        else { return nil }
        return (kind, id)
    }

    /// Re-reads the schemas and every file whose stamp changed, and notices files that are gone.
    private func rescan() -> Int {
        let loader = DirectoryLoader(layout: layout, logger: logger)
        var schemas = DirectorySnapshot(registry: builtInRegistry)
        loader.loadSchemas(into: &schemas)
        if schemas.registry != state.registry {
            logger.notice("extension schemas changed; revalidating every file")
            state.registry = schemas.registry
            stamps = [:]
        }
        for path in state.problems.keys where path.hasPrefix("schemas/") && schemas.problems[path] == nil {
            state.problems[path] = nil
        }
        for (path, problem) in schemas.problems { state.problems[path] = problem }
        var targets: [(ResourceKind, String)] = []
        for kind in ResourceKind.allCases {
            let ids = Set(loader.fileIDs(kind)).union(state.resources(kind).keys)
                .union(state.problems.keys.compactMap { Self.resourceFile(atPath: $0) }.filter { $0.kind == kind }.map(\.id))
            targets += ids.sorted().map { (kind, $0) }
        }
        return apply(targets, origin: .directoryEdit)
    }

    /// Reads the targets whose stamps changed and applies the outcome as one batch.
    ///
    /// In the same batch, two kinds of file that did not change are read again: groups whose files name a resource
    /// that this batch brought (back) into existence, so that members a `git checkout` or a fixed file restores rejoin
    /// their groups; and, when something changed, files that a uniqueness conflict kept out, since the value they
    /// wanted may now be free. Re-reading those reports a problem again only if it is a different one.
    ///
    /// - Parameter forced: targets to read even though their stamp is unchanged (quietly, as above).
    @discardableResult
    func apply(
        _ targets: [(kind: ResourceKind, id: String)], origin: ChangeBatch.Origin,
        forced: [(kind: ResourceKind, id: String)] = []
    ) -> Int {
        let loader = DirectoryLoader(layout: layout, logger: logger)
        // A file that is gone and was gone (the store's own DELETE) is unchanged too: `nil == nil`.
        let changed = targets.filter { target in
            let url = layout.file(for: target.kind, id: target.id)
            return FileStamp(path: url.path) != stamps[layout.relativePath(url)]
        }
        guard !changed.isEmpty || !forced.isEmpty else { return 0 }
        var changes: [ResourceChange] = []
        var removed: [String] = []
        load(loader.read(changed, codec: codec), loader: loader, quiet: false, changes: &changes, removed: &removed)
        load(loader.read(forced, codec: codec), loader: loader, quiet: true, changes: &changes, removed: &removed)
        changes += dropMembersThatAreGone(removed, loader: loader)

        let retried = retryTargets(after: changes)
        load(loader.read(retried, codec: codec), loader: loader, quiet: true, changes: &changes, removed: &removed)
        if !changed.isEmpty || !changes.isEmpty {
            logger.info(
                "reloaded files changed on disk",
                metadata: [
                    "files": "\(changed.count)", "changes": "\(changes.count)",
                    "invalidFiles": "\(state.problems.count)",
                ])
        }
        commit(origin: origin, changes: changes)
        return changes.count
    }

    /// After a SCIM write that renamed or removed something, loads the files a uniqueness conflict kept out, as a
    /// directory-edit batch of its own.
    func retryFilesBlockedByUniqueness() {
        let blocked = state.problems.filter { $0.value.isUniquenessConflict }.keys
            .compactMap(Self.resourceFile(atPath:))
        guard !blocked.isEmpty else { return }
        apply([], origin: .directoryEdit, forced: blocked)
    }

    /// Applies read files to the state, appending to `changes` and `removed`.
    ///
    /// - Parameter quiet: do not log a problem that is already recorded for the file (a re-read of an unchanged file).
    private func load(
        _ files: [DirectoryLoader.FileRead], loader: DirectoryLoader, quiet: Bool, changes: inout [ResourceChange],
        removed: inout [String]
    ) {
        func report(_ path: String, _ problem: ResourceFileCodec.Problem) {
            if quiet && state.problems[path] == problem { return }
            loader.report(path, problem, into: &state)
        }
        var updates: [(path: String, resource: StoredResource)] = []
        for file in files {
            stamps[file.path] = file.stamp
            guard file.stamp != nil else {
                state.problems[file.path] = nil
                if file.kind == .group { droppedMembers[file.id] = nil }
                if let before = state.resource(file.kind, id: file.id) {
                    state.remove(file.kind, id: file.id)
                    removed.append(file.id)
                    changes.append(ResourceChange(kind: file.kind, id: file.id, before: before, after: nil))
                }
                continue
            }
            switch file.outcome {
            case .success(let stored) where state.resource(stored.kind, id: stored.id)?.version == stored.version:
                state.problems[file.path] = nil
            case .success(let stored):
                updates.append((file.path, stored))
            case .failure(let problem):
                report(file.path, problem)
            }
        }
        // Users before groups, so that new members exist when their groups are admitted.
        for (path, stored) in updates.sorted(by: { $0.resource.kind == .user && $1.resource.kind == .group }) {
            let before = state.resource(stored.kind, id: stored.id)
            let admitted =
                stored.kind == .group ? loader.withoutDanglingMembers(stored, codec: codec, exists: exists) : stored
            if let problem = loader.admit(admitted, into: &state) {
                report(path, problem)
                continue
            }
            state.problems[path] = nil
            if stored.kind == .group { recordDroppedMembers(file: stored, served: admitted) }
            changes.append(
                ResourceChange(
                    kind: stored.kind, id: stored.id, before: before, after: state.resource(stored.kind, id: stored.id)))
        }
    }

    /// The files to read again after `changes` (see ``apply(_:origin:forced:)``): groups naming a resource that now
    /// exists but was missing when the group was loaded, and, if anything changed, files kept out by a uniqueness
    /// conflict.
    private func retryTargets(after changes: [ResourceChange]) -> [(kind: ResourceKind, id: String)] {
        guard !changes.isEmpty else { return [] }
        let appeared = Set(changes.filter { $0.before == nil && $0.after != nil }.map(\.id))
        var targets: [(kind: ResourceKind, id: String)] = []
        if !appeared.isEmpty {
            for (groupID, members) in droppedMembers where !members.isDisjoint(with: appeared) {
                targets.append((.group, groupID))
            }
        }
        for (path, problem) in state.problems where problem.isUniquenessConflict {
            if let target = Self.resourceFile(atPath: path) { targets.append(target) }
        }
        return targets.sorted { ($0.kind.rawValue, $0.id) < ($1.kind.rawValue, $1.id) }
    }

    /// Remembers which members a group's file names that are not served (they reference nothing), so that the group
    /// can be read again when they appear.
    func recordDroppedMembers(file: StoredResource, served: StoredResource) {
        let dropped = DirectorySnapshot.memberIDs(of: file).subtracting(DirectorySnapshot.memberIDs(of: served))
            .subtracting([file.id])
        droppedMembers[file.id] = dropped.isEmpty ? nil : dropped
    }

    private func exists(_ id: String) -> Bool {
        state.users[id] != nil || state.groups[id] != nil
    }

    /// After files were removed on disk, groups that still list those ids serve only existing members; the group files
    /// are left alone, since a person or git owns them.
    func dropMembersThatAreGone(_ removed: [String], loader: DirectoryLoader) -> [ResourceChange] {
        var changes: [ResourceChange] = []
        for groupID in Set(removed.flatMap { state.groupIDs(containing: $0) }).sorted() {
            guard let group = state.groups[groupID] else { continue }
            let trimmed = loader.withoutDanglingMembers(group, codec: codec, exists: exists)
            guard trimmed.version != group.version else { continue }
            let dropped = DirectorySnapshot.memberIDs(of: group).subtracting(DirectorySnapshot.memberIDs(of: trimmed))
            droppedMembers[groupID, default: []].formUnion(dropped)
            state.put(trimmed)
            changes.append(ResourceChange(kind: .group, id: groupID, before: group, after: state.groups[groupID]))
        }
        return changes
    }
}
