public import DirectoryStore
import Foundation
import HashTreeCollections
public import Logging
import SCIM

/// The directory as it was at a git revision (ARCHITECTURE §6, issue §5), read with `git ls-tree` and
/// `git cat-file --batch` and decoded like the daemon decodes files (``ResourceFileCodec``, extension schemas,
/// uniqueness, members that name no resource dropped).
///
/// ```swift
/// let old = try DirectoryRevision(revision: "main", repository: GitRepository(folder: directoryURL), logger: logger)
/// let new = try DirectoryRevision(revision: "HEAD", repository: …, fallback: old.snapshot, logger: logger)
/// ```
public struct DirectoryRevision: Sendable {
    /// The revision as given (`HEAD~1`, a branch, a commit id).
    public let revision: String
    /// The directory at that revision.
    public let snapshot: DirectorySnapshot
    /// The files that could not be used at this revision, e.g. `users/<id>.json: line 3, column 7: invalid JSON: …`.
    public let problems: [String]

    /// Reads the directory at `revision`.
    ///
    /// - Parameters:
    ///   - fallback: the directory at an older revision. A file that cannot be read at `revision` keeps its version
    ///     from `fallback`, as the daemon keeps the last good version (ARCHITECTURE §4.5), so an invalid edit never
    ///     shows as a deletion. Either way the file is listed in ``problems``.
    ///   - logger: receives the invalid files and dropped members.
    /// - Throws: ``GitRepository/Failure`` when the revision does not exist or git fails.
    public init(
        revision: String, repository: GitRepository, fallback: DirectorySnapshot? = nil, logger: Logger
    ) throws(GitRepository.Failure) {
        let files = try repository.files(at: revision, under: ["schemas", "users", "groups"])
        let blobs = try repository.blobs(Array(Set(files.map(\.object))))
        let loader = DirectoryLoader(layout: DirectoryLayout(root: repository.folder), logger: logger)

        var registry = SchemaRegistry.standard
        var problems: [(String, ResourceFileCodec.Problem)] = []
        for file in files where file.path.hasPrefix("schemas/") && file.path.hasSuffix(".json") {
            do {
                try registry.addExtension(try Schema(json: try JSONParser().parse(blobs[file.object] ?? [])))
            } catch {
                problems.append((file.path, ResourceFileCodec.Problem(reason: "\(error)")))
            }
        }
        let codec = ResourceFileCodec(registry: registry)
        var decoded: [ResourceKind: [StoredResource]] = [:]
        for file in files {
            let parts = file.path.split(separator: "/")
            guard parts.count == 2, let kind = ResourceKind.allCases.first(where: { $0.folderName == parts[0] }),
                let id = DirectoryLayout.resourceID(fromFileName: String(parts[1]))
            else { continue }
            do {
                let resource = try codec.decode(
                    blobs[file.object] ?? [], kind: kind, id: id, fallbackTimestamp: "1970-01-01T00:00:00Z")
                decoded[kind, default: []].append(resource)
            } catch {
                problems.append((file.path, error))
                if let previous = fallback?.resource(kind, id: id) { decoded[kind, default: []].append(previous) }
            }
        }

        var snapshot = DirectorySnapshot(registry: registry)
        let groupIDs = Set((decoded[.group] ?? []).map(\.id))
        for user in decoded[.user] ?? [] {
            if let problem = loader.admit(user, into: &snapshot) { problems.append(("users/\(user.id).json", problem)) }
        }
        for group in decoded[.group] ?? [] {
            let admitted = loader.withoutDanglingMembers(group, codec: codec) {
                snapshot.users[$0] != nil || groupIDs.contains($0)
            }
            if let problem = loader.admit(admitted, into: &snapshot) {
                problems.append(("groups/\(group.id).json", problem))
            }
        }
        for (path, problem) in problems {
            logger.error(
                "invalid file", metadata: ["revision": "\(revision)", "path": "\(path)", "reason": "\(problem)"])
        }
        self.revision = revision
        self.snapshot = snapshot
        self.problems = problems.map { "\($0.0): \($0.1)" }
    }
}
