import Foundation
import Glibc
import HashTreeCollections
import Synchronization
public import Logging
public import SCIM

/// Reads the whole directory into a ``DirectorySnapshot`` (ARCHITECTURE §4.5: a file that cannot be read is reported,
/// never taken for a deletion).
///
/// Extension schemas in `schemas/` are read first, then users, then groups, so that group members can be checked
/// against the users that exist. Files are parsed on all cores. When two files claim the same unique value, the one
/// whose path sorts first is served and the other is reported.
public struct DirectoryLoader: Sendable {
    /// Where the files are.
    public let layout: DirectoryLayout
    /// Where problems and dropped members are reported.
    public let logger: Logger

    /// Creates a loader.
    public init(layout: DirectoryLayout, logger: Logger) {
        self.layout = layout
        self.logger = logger
    }

    /// What a full load found.
    public struct Loaded: Sendable {
        /// The directory as it will be served.
        public var snapshot: DirectorySnapshot
        /// The stamp of every resource file read, valid or not, by path relative to the directory.
        public var stamps: [String: FileStamp]
        /// For groups whose file names members that do not exist: those member ids (not served), by group id.
        public var droppedMembers: [String: Set<String>]
    }

    /// Reads every resource file and extension schema.
    ///
    /// - Parameter registry: the built-in schemas, to which `schemas/*.json` are added.
    /// - Returns: a snapshot whose ``DirectorySnapshot/problems`` lists every file that could not be loaded, and the
    ///   files' stamps.
    public func load(registry: SchemaRegistry) -> Loaded {
        var snapshot = DirectorySnapshot(registry: registry)
        loadSchemas(into: &snapshot)
        let codec = ResourceFileCodec(registry: snapshot.registry)
        let users = readAll(.user, codec: codec)
        let groups = readAll(.group, codec: codec)
        // Groups may name groups that sort after them, so members are checked against every readable group.
        let groupIDs = Set(groups.compactMap { try? $0.outcome.get().id })
        var stamps: [String: FileStamp] = [:]
        var droppedMembers: [String: Set<String>] = [:]
        for file in users + groups {
            let path = file.path
            stamps[path] = file.stamp
            switch file.outcome {
            case .success(let stored):
                let admitted = stored.kind == .group
                    ? withoutDanglingMembers(stored, codec: codec) { snapshot.users[$0] != nil || groupIDs.contains($0) }
                    : stored
                if let problem = admit(admitted, into: &snapshot, refreshingMembers: false) {
                    report(path, problem, into: &snapshot)
                    continue
                }
                let dropped = DirectorySnapshot.memberIDs(of: stored)
                    .subtracting(DirectorySnapshot.memberIDs(of: admitted)).subtracting([stored.id])
                if !dropped.isEmpty { droppedMembers[stored.id] = dropped }
            case .failure(let problem):
                report(path, problem, into: &snapshot)
            }
        }
        snapshot.refreshAllDerivedGroups()
        return Loaded(snapshot: snapshot, stamps: stamps, droppedMembers: droppedMembers)
    }

    /// Reads one resource file.
    ///
    /// - Returns: the resource or the problem that keeps it from being served, and the file's stamp (`nil` when the
    ///   file does not exist).
    public func read(_ kind: ResourceKind, id: String, codec: ResourceFileCodec)
        -> (outcome: Result<StoredResource, ResourceFileCodec.Problem>, stamp: FileStamp?)
    {
        let path = layout.root.path + "/" + kind.folderName + "/" + id + ".json"
        guard let (bytes, stamp) = FileStamp.read(path: path) else {
            let stamp = FileStamp(path: path)
            return (.failure(.init(reason: stamp == nil ? "the file is gone" : "the file cannot be read")), stamp)
        }
        do {
            let stored = try codec.decode(
                bytes, kind: kind, id: id, fallbackTimestamp: SCIMDateTime.string(secondsSince1970: stamp.modified))
            return (.success(stored), stamp)
        } catch {
            return (.failure(error), stamp)
        }
    }

    /// Puts a decoded resource into the snapshot if its unique values are free.
    ///
    /// - Returns: the problem when the resource cannot be admitted.
    /// - Parameter refreshingMembers: see ``DirectorySnapshot/put(_:refreshingMembers:)``.
    public func admit(
        _ stored: StoredResource, into snapshot: inout DirectorySnapshot, refreshingMembers: Bool = true
    ) -> ResourceFileCodec.Problem? {
        if let conflict = snapshot.uniquenessConflict(stored.kind, id: stored.id, body: stored.resource) {
            return .init(reason: ResourceFileCodec.Problem.uniquenessPrefix + conflict)
        }
        snapshot.put(stored, refreshingMembers: refreshingMembers)
        return nil
    }

    /// The group without members that reference no existing user or group (identity providers push memberships of
    /// users whose own provisioning failed); each dropped member is logged.
    ///
    /// - Parameter exists: whether a user or group with the given id exists.
    public func withoutDanglingMembers(
        _ group: StoredResource, codec: ResourceFileCodec, exists: (String) -> Bool
    ) -> StoredResource {
        guard let members = group.resource["members"]?.arrayValue else { return group }
        let kept = members.filter { member in
            guard let id = member["value"]?.stringValue, id != group.id, exists(id) else {
                logger.warning(
                    "dropping a group member that does not exist",
                    metadata: ["group": "\(group.id)", "member": "\(member["value"]?.stringValue ?? "\(member)")"])
                return false
            }
            return true
        }
        guard kept.count != members.count else { return group }
        var body = group.resource
        body["members"] = kept.isEmpty ? nil : .array(kept)
        let meta = body["meta"]?.objectValue ?? [:]
        return codec.make(
            kind: .group, id: group.id, body: body, created: meta["created"]?.stringValue ?? "",
            lastModified: meta["lastModified"]?.stringValue ?? "")
    }

    func report(_ path: String, _ problem: ResourceFileCodec.Problem, into snapshot: inout DirectorySnapshot) {
        logger.error("invalid file in the directory", metadata: ["path": "\(path)", "reason": "\(problem)"])
        snapshot.problems[path] = problem
    }

    /// One file as read by ``read(_:codec:)``.
    public struct FileRead: Sendable {
        /// User or Group.
        public var kind: ResourceKind
        /// The id from the file name.
        public var id: String
        /// The path relative to the directory.
        public var path: String
        /// The resource, or why it cannot be served.
        public var outcome: Result<StoredResource, ResourceFileCodec.Problem>
        /// The file's stamp; `nil` when the file does not exist.
        public var stamp: FileStamp?
    }

    /// Reads resource files on all cores (parsing dominates loading a large directory or a large `git checkout`).
    ///
    /// - Returns: one ``FileRead`` per target, in the targets' order.
    public func read(_ targets: [(kind: ResourceKind, id: String)], codec: ResourceFileCodec) -> [FileRead] {
        let results = ResultSlots<(Result<StoredResource, ResourceFileCodec.Problem>, FileStamp?)>(count: targets.count)
        let next = Atomic<Int>(0)
        // More readers than cores (threads, which may block in read(2)): with a cold page cache, loading is bound by
        // the disk's queue depth, not by the CPU.
        let finished = DispatchGroup()
        for _ in 0..<min(Self.readers, targets.count) {
            finished.enter()
            Thread.detachNewThread {
                while true {
                    let index = next.add(1, ordering: .relaxed).oldValue
                    guard index < targets.count else { break }
                    results[index] = read(targets[index].kind, id: targets[index].id, codec: codec)
                }
                finished.leave()
            }
        }
        finished.wait()
        return targets.indices.map { index in
            let (kind, id) = targets[index]
            let (outcome, stamp) = results[index]!
            return FileRead(
                kind: kind, id: id, path: kind.folderName + "/" + id + ".json", outcome: outcome,
                stamp: stamp)
        }
    }

    /// How many files are read at once.
    static let readers = 16

    /// The ids of the resource files in a kind's folder, sorted.
    public func fileIDs(_ kind: ResourceKind) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: layout.folder(for: kind).path)) ?? []
        return names.sorted().compactMap(DirectoryLayout.resourceID(fromFileName:))
    }

    private func readAll(_ kind: ResourceKind, codec: ResourceFileCodec) -> [FileRead] {
        read(fileIDs(kind).map { (kind, $0) }, codec: codec)
    }

    func loadSchemas(into snapshot: inout DirectorySnapshot) {
        let folder = layout.schemasFolder
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
        for name in names where name.hasSuffix(".json") && !name.hasPrefix(".") {
            let url = folder.appendingPathComponent(name)
            let path = layout.relativePath(url)
            do {
                guard let bytes = FileManager.default.contents(atPath: url.path) else {
                    throw ResourceFileCodec.Problem(reason: "the file cannot be read")
                }
                let json: JSONValue
                do { json = try JSONParser().parse(bytes) } catch {
                    throw ResourceFileCodec.Problem(line: error.line, column: error.column, reason: error.reason)
                }
                do { try snapshot.registry.addExtension(try Schema(json: json)) } catch {
                    throw ResourceFileCodec.Problem(reason: error.detail)
                }
                logger.info("loaded extension schema", metadata: ["path": "\(path)"])
            } catch let problem as ResourceFileCodec.Problem {
                report(path, problem, into: &snapshot)
            } catch {
                report(path, .init(reason: "\(error)"), into: &snapshot)
            }
        }
    }
}

/// Fixed slots filled concurrently, one writer per slot; used to collect parallel parse results.
private final class ResultSlots<Value>: @unchecked Sendable {
    private var storage: [Value?]
    private let lock = NSLock()

    init(count: Int) { storage = Array(repeating: nil, count: count) }

    subscript(index: Int) -> Value? {
        get { lock.withLock { storage[index] } }
        set { lock.withLock { storage[index] = newValue } }
    }
}
