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
    @discardableResult
    func apply(_ targets: [(kind: ResourceKind, id: String)], origin: ChangeBatch.Origin) -> Int {
        let loader = DirectoryLoader(layout: layout, logger: logger)
        let changed = targets.filter { target in
            let url = layout.file(for: target.kind, id: target.id)
            let stamp = FileStamp(path: url.path)
            return stamp == nil || stamp != stamps[layout.relativePath(url)]
        }
        guard !changed.isEmpty else { return 0 }
        var changes: [ResourceChange] = []
        var removed: [String] = []
        var updates: [(path: String, resource: StoredResource)] = []
        for file in loader.read(changed, codec: codec) {
            stamps[file.path] = file.stamp
            guard file.stamp != nil else {
                state.problems[file.path] = nil
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
                loader.report(file.path, problem, into: &state)
            }
        }
        // Users before groups, so that new members exist when their groups are admitted.
        for (path, stored) in updates.sorted(by: { $0.resource.kind == .user && $1.resource.kind == .group }) {
            let before = state.resource(stored.kind, id: stored.id)
            let admitted = stored.kind == .group ? loader.withoutDanglingMembers(stored, codec: codec, exists: exists) : stored
            if let problem = loader.admit(admitted, into: &state) {
                loader.report(path, problem, into: &state)
                continue
            }
            state.problems[path] = nil
            changes.append(
                ResourceChange(kind: stored.kind, id: stored.id, before: before, after: state.resource(stored.kind, id: stored.id)))
        }
        changes += dropMembersThatAreGone(removed, loader: loader)
        logger.info(
            "reloaded files changed on disk",
            metadata: ["files": "\(changed.count)", "changes": "\(changes.count)", "invalidFiles": "\(state.problems.count)"])
        commit(origin: origin, changes: changes)
        return changes.count
    }

    private func exists(_ id: String) -> Bool {
        state.users[id] != nil || state.groups[id] != nil
    }

    /// After files were removed on disk, groups that still list those ids serve only existing members; the group files
    /// are left alone, since a person or git owns them.
    private func dropMembersThatAreGone(_ removed: [String], loader: DirectoryLoader) -> [ResourceChange] {
        var changes: [ResourceChange] = []
        for groupID in Set(removed.flatMap { state.groupIDs(containing: $0) }).sorted() {
            guard let group = state.groups[groupID] else { continue }
            let trimmed = loader.withoutDanglingMembers(group, codec: codec, exists: exists)
            guard trimmed.version != group.version else { continue }
            state.put(trimmed)
            changes.append(ResourceChange(kind: .group, id: groupID, before: group, after: state.groups[groupID]))
        }
        return changes
    }
}
