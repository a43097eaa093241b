public import Foundation
import HashTreeCollections
public import Logging
import NIOCore
import NIOPosix
public import SCIM
import Synchronization

/// The directory of resource files and its single writer (ARCHITECTURE §4).
///
/// Ownership: the actor owns the writable state and runs on a dedicated thread, so that the `fsync`s of durable writes
/// never block the threads that serve HTTP. Readers never wait for it: ``snapshot`` returns the latest published
/// immutable ``DirectorySnapshot`` from a mutex-protected slot.
///
/// Every write is validated, checked for uniqueness and `If-Match`, written durably (``AtomicFile``), published, and
/// passed to the observers before the method returns — so a returned value means the change is on disk.
///
/// ```swift
/// let store = try await DirectoryStore.open(layout: DirectoryLayout(root: directoryURL), logger: logger)
/// let alice = try await store.create(.user, ["userName": "alice@example.com"], origin: .scim(method: "POST", requestID: nil))
/// store.snapshot.users[alice.id]
/// ```
public actor DirectoryStore {
    /// The directory's layout.
    public nonisolated let layout: DirectoryLayout
    private let published: Mutex<DirectorySnapshot>
    var state: DirectorySnapshot
    /// The stamp of each resource file as last read or written, by path relative to the directory.
    var stamps: [String: FileStamp]
    /// For groups whose file names members that do not exist (and are not served): those member ids, by group id.
    /// A reload that brings such a member (back) reads the group again.
    var droppedMembers: [String: Set<String>]
    /// The schemas before `schemas/*.json` are added, for reloads.
    let builtInRegistry: SchemaRegistry
    private var observers: [any DirectoryObserver] = []
    let logger: Logger
    private let now: @Sendable () -> Double

    /// The writer thread. One for the whole process: stores in tests share it, and it lives as long as the process.
    private static let writerThread = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private nonisolated let executor = DirectoryStore.writerThread.next().executor

    /// Runs the actor on the writer thread.
    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    private init(
        layout: DirectoryLayout, loaded: DirectoryLoader.Loaded, registry: SchemaRegistry, logger: Logger,
        now: @escaping @Sendable () -> Double
    ) {
        self.layout = layout
        self.state = loaded.snapshot
        self.stamps = loaded.stamps
        self.droppedMembers = loaded.droppedMembers
        self.builtInRegistry = registry
        self.published = Mutex(loaded.snapshot)
        self.logger = logger
        self.now = now
    }

    /// Opens a directory: creates missing folders, removes temporary files a crash left behind, and loads every file.
    ///
    /// - Parameters:
    ///   - layout: where the directory is.
    ///   - registry: the built-in schemas; `schemas/*.json` extend them.
    ///   - logger: receives one line per invalid file and per dropped member.
    ///   - now: the clock for `meta.created`/`lastModified`, in seconds since 1970 (tests pass a fixed one).
    /// - Throws: the file system's error when the folders cannot be created.
    public static func open(
        layout: DirectoryLayout, registry: SchemaRegistry = .standard, logger: Logger,
        now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }
    ) async throws -> DirectoryStore {
        try layout.createFolders()
        for kind in ResourceKind.allCases {
            let folder = layout.folder(for: kind)
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path)
            where AtomicFile.isTemporaryFileName(name) {
                logger.notice("removing a temporary file left by an interrupted write", metadata: ["file": "\(name)"])
                try FileManager.default.removeItem(at: folder.appendingPathComponent(name))
            }
        }
        let loaded = DirectoryLoader(layout: layout, logger: logger).load(registry: registry)
        let snapshot = loaded.snapshot
        logger.info(
            "directory loaded",
            metadata: [
                "users": "\(snapshot.users.count)", "groups": "\(snapshot.groups.count)",
                "invalidFiles": "\(snapshot.problems.count)",
            ])
        return DirectoryStore(layout: layout, loaded: loaded, registry: registry, logger: logger, now: now)
    }

    /// The latest committed state. Cheap; never waits for a write in progress.
    public nonisolated var snapshot: DirectorySnapshot {
        published.withLock { $0 }
    }

    /// Registers an observer for every later batch.
    public func addObserver(_ observer: any DirectoryObserver) {
        observers.append(observer)
    }

    // MARK: SCIM writes

    /// Creates a resource (RFC 7644 §3.3).
    ///
    /// - Parameters:
    ///   - kind: User or Group.
    ///   - input: the request body.
    ///   - origin: recorded in the change batch.
    /// - Returns: the stored resource with its new id and version.
    /// - Throws: 400 from validation, 409 `uniqueness`, 500 when the file cannot be written.
    public func create(_ kind: ResourceKind, _ input: JSONObject, origin: ChangeBatch.Origin) throws(SCIMError)
        -> StoredResource
    {
        let resourceType = kind.resourceType(in: state.registry)
        var body = try ResourceValidator(resourceType: resourceType).validate(input, mode: .create)
        let id = ResourceID.generate()
        if kind == .group { body = existingMembers(of: body, groupID: id) }
        if let conflict = state.uniquenessConflict(kind, id: id, body: body) { throw .uniqueness(conflict) }
        let timestamp = SCIMDateTime.string(secondsSince1970: now())
        let stored = codec.make(kind: kind, id: id, body: body, created: timestamp, lastModified: timestamp)
        var changes: [ResourceChange] = []
        try write(stored, recording: &changes)
        commit(origin: origin, changes: changes)
        return state.resource(kind, id: id)!
    }

    /// Replaces or modifies a resource: `transform` turns the current resource into the new canonical body
    /// (``ResourceValidator`` output), e.g. a validated PUT body (RFC 7644 §3.5.1) or a PATCH result (§3.5.2).
    ///
    /// A result equal to the current content is not written: the version stays the same and no batch is produced.
    ///
    /// - Parameters:
    ///   - ifMatch: the `If-Match` header, if any (RFC 7644 §3.14; `*` matches any version).
    ///   - transform: receives the served resource and its resource type.
    /// - Throws: 404 for an unknown id, 412 for a stale `If-Match`, whatever `transform` throws, 409 `uniqueness`,
    ///   500 when the file cannot be written.
    public func update(
        _ kind: ResourceKind, id: String, ifMatch: String?, origin: ChangeBatch.Origin,
        transform: @Sendable (JSONObject, ResourceType) throws(SCIMError) -> JSONObject
    ) throws(SCIMError) -> StoredResource {
        let existing = try current(kind, id: id, ifMatch: ifMatch)
        var body = try transform(existing.resource, kind.resourceType(in: state.registry))
        if kind == .group { body = existingMembers(of: body, groupID: id) }
        if let conflict = state.uniquenessConflict(kind, id: id, body: body) { throw .uniqueness(conflict) }
        guard ResourceFileCodec.content(of: body) != ResourceFileCodec.content(of: existing.resource) else { return existing }
        let created = existing.resource["meta"]?["created"]?.stringValue ?? ""
        let timestamp = SCIMDateTime.string(secondsSince1970: now())
        let stored = codec.make(kind: kind, id: id, body: body, created: created, lastModified: timestamp)
        var changes: [ResourceChange] = []
        try write(stored, recording: &changes)
        commit(origin: origin, changes: changes)
        retryFilesBlockedByUniqueness()
        return state.resource(kind, id: id)!
    }

    /// Deletes a resource (RFC 7644 §3.6). Deleting a user or group first removes it from every group it belongs to,
    /// so that no group file ever names a member that is gone.
    ///
    /// - Throws: 404 for an unknown id, 412 for a stale `If-Match`, 500 when a file cannot be written.
    public func delete(_ kind: ResourceKind, id: String, ifMatch: String?, origin: ChangeBatch.Origin) throws(SCIMError) {
        let existing = try current(kind, id: id, ifMatch: ifMatch)
        var changes: [ResourceChange] = []
        defer {
            commit(origin: origin, changes: changes)
            retryFilesBlockedByUniqueness()
        }
        for groupID in state.groupIDs(containing: id).sorted() {
            loadIfEditedOnDisk(.group, id: groupID)
            guard let group = state.groups[groupID], DirectorySnapshot.memberIDs(of: group).contains(id) else { continue }
            guard state.problems[Self.relativePath(.group, groupID)] == nil else {
                // Left to the person editing it: once fixed, the member it names no longer exists and is dropped.
                logger.warning(
                    "not rewriting a group file with an invalid hand edit",
                    metadata: ["path": "\(Self.relativePath(.group, groupID))", "member": "\(id)"])
                continue
            }
            var body = group.resource
            let remaining = (body["members"]?.arrayValue ?? []).filter { $0["value"]?.stringValue != id }
            // Not `remaining.isEmpty ? nil : JSONValue.array(…)`: JSONValue is ExpressibleByNilLiteral, so that `nil`
            // would be JSON null and the file would say `"members": null`.
            if remaining.isEmpty { body.removeValue(forKey: "members") } else { body["members"] = .array(remaining) }
            let meta = body["meta"]?.objectValue ?? [:]
            let stored = codec.make(
                kind: .group, id: groupID, body: body, created: meta["created"]?.stringValue ?? "",
                lastModified: SCIMDateTime.string(secondsSince1970: now()))
            try write(stored, recording: &changes)
        }
        let url = layout.file(for: kind, id: id)
        do {
            try AtomicFile.remove(url)
        } catch {
            throw storageFailure(error, path: url)
        }
        stamps[layout.relativePath(url)] = nil
        if kind == .group { droppedMembers[id] = nil }
        state.remove(kind, id: id)
        changes.append(ResourceChange(kind: kind, id: id, before: existing, after: nil))
        // Groups left unwritten above stop serving the member at once.
        changes += dropMembersThatAreGone([id], loader: DirectoryLoader(layout: layout, logger: logger))
    }

    // MARK: Internals

    var codec: ResourceFileCodec { ResourceFileCodec(registry: state.registry) }

    private func current(_ kind: ResourceKind, id: String, ifMatch: String?) throws(SCIMError) -> StoredResource {
        guard ResourceID.isValid(id) else { throw .notFound("\(kind) \(id) does not exist") }
        // A hand edit the watcher has not delivered yet is loaded first, so it is never overwritten unseen and a
        // stale If-Match fails (ARCHITECTURE §4.3).
        loadIfEditedOnDisk(kind, id: id)
        guard let existing = state.resource(kind, id: id) else {
            throw .notFound("\(kind) \(id) does not exist")
        }
        // Writing over an invalid hand edit would silently throw a person's work away; they fix the file first.
        if let problem = state.problems[Self.relativePath(kind, id)] {
            throw SCIMError(
                status: 409,
                detail: "\(Self.relativePath(kind, id)) was edited by hand and is not valid (\(problem)); the last good "
                    + "version is being served, but it cannot be changed until the file is fixed")
        }
        if let ifMatch, !Self.matches(ifMatch: ifMatch, version: existing.version) {
            throw .preconditionFailed(
                "\(kind) \(id) has changed: If-Match names \(ifMatch) but the current version is \(existing.version)")
        }
        return existing
    }

    /// `users/<id>.json`: the key of ``DirectorySnapshot/problems``.
    static func relativePath(_ kind: ResourceKind, _ id: String) -> String {
        kind.folderName + "/" + id + ".json"
    }

    /// `If-Match` with weak comparison (RFC 7232 §2.3.2), as SCIM versions are weak ETags.
    static func matches(ifMatch: String, version: String) -> Bool {
        func opaque(_ tag: Substring) -> Substring {
            let trimmed = tag.trimmingCharacters(in: .whitespaces)
            return Substring(trimmed.hasPrefix("W/") ? String(trimmed.dropFirst(2)) : trimmed)
        }
        let current = opaque(Substring(version))
        return ifMatch.split(separator: ",").contains { tag in
            let candidate = opaque(tag)
            return candidate == "*" || candidate == current
        }
    }

    /// The group body without members that name no existing user or group; each dropped member is logged.
    private func existingMembers(of body: JSONObject, groupID: String) -> JSONObject {
        guard let members = body["members"]?.arrayValue else { return body }
        var kept: [JSONValue] = []
        for member in members {
            guard let memberID = member["value"]?.stringValue, memberID != groupID else { continue }
            let kind: ResourceKind
            if state.users[memberID] != nil { kind = .user }
            else if state.groups[memberID] != nil { kind = .group }
            else {
                logger.warning(
                    "dropping a group member that does not exist",
                    metadata: ["group": "\(groupID)", "member": "\(memberID)"])
                continue
            }
            var entry = member.objectValue ?? [:]
            if entry["type"] == nil { entry["type"] = .string(kind.rawValue) }
            kept.append(.object(entry))
        }
        var result = body
        result["members"] = kept.isEmpty ? nil : .array(kept)
        return result
    }

    private func write(_ stored: StoredResource, recording changes: inout [ResourceChange]) throws(SCIMError) {
        let url = layout.file(for: stored.kind, id: stored.id)
        do {
            try AtomicFile.write(codec.encode(stored), to: url)
        } catch {
            throw storageFailure(error, path: url)
        }
        stamps[layout.relativePath(url)] = FileStamp(path: url.path)
        if stored.kind == .group { droppedMembers[stored.id] = nil }
        let before = state.resource(stored.kind, id: stored.id)
        state.put(stored)
        changes.append(
            ResourceChange(kind: stored.kind, id: stored.id, before: before, after: state.resource(stored.kind, id: stored.id)))
    }

    private func storageFailure(_ error: AtomicFile.Failure, path: URL) -> SCIMError {
        logger.error("cannot write to the directory", metadata: ["path": "\(layout.relativePath(path))", "error": "\(error)"])
        return .internalError("the change could not be saved durably (\(layout.relativePath(path))); it was not applied")
    }

    func commit(origin: ChangeBatch.Origin, changes: [ResourceChange]) {
        let snapshot = state
        published.withLock { $0 = snapshot }
        guard !changes.isEmpty else { return }
        let batch = ChangeBatch(origin: origin, changes: changes, snapshot: snapshot)
        for observer in observers { observer.directoryDidChange(batch) }
    }
}
