public import Foundation
public import Logging

/// Makes every SCIM write one git commit in the directory (`serve --git-commit`), in the order the writes were
/// acknowledged, touching only the files the write changed, so the working tree stays clean and hand edits in other
/// files stay uncommitted.
///
/// Commits run on a serial queue after the write is durable; a failed commit is logged and does not fail the write.
/// Because they run later, a commit records the content the write produced (taken from the change batch), not what
/// the working tree holds by then: it is built in a scratch index from `HEAD` plus exactly those files, and the real
/// index entries of those paths are then pointed at it, so once the queue is drained `git status` is clean.
/// Uses the `git` command line, with author and committer set for each commit, so no git configuration is needed.
public final class GitCommitter: DirectoryObserver {
    /// A git identity, `Name <email>`.
    public struct Identity: Sendable, Equatable, CustomStringConvertible {
        /// The name, e.g. `scimdir`.
        public var name: String
        /// The e-mail address, e.g. `scimdir@localhost`.
        public var email: String

        /// `scimdir <scimdir@localhost>`.
        public static let scimdir = Identity(name: "scimdir", email: "scimdir@localhost")

        /// Creates an identity.
        public init(name: String, email: String) {
            self.name = name
            self.email = email
        }

        /// Parses `Name <email>`; `nil` when the text is not of that form.
        public init?(parsing text: String) {
            guard let open = text.lastIndex(of: "<"), text.hasSuffix(">") else { return nil }
            let name = text[..<open].trimmingCharacters(in: .whitespaces)
            let email = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
            guard !name.isEmpty, !email.isEmpty else { return nil }
            self.init(name: name, email: email)
        }

        /// `Name <email>`.
        public var description: String { "\(name) <\(email)>" }
    }

    private let directory: URL
    private let author: Identity
    private let logger: Logger
    private let queue = DispatchQueue(label: "scimdir.git-commits")

    /// Prepares committing in `directory`: runs `git init` when the directory is not yet a repository, and commits
    /// the existing `users/` and `groups/` when the repository has no commit yet (every later commit needs a parent).
    ///
    /// - Throws: ``GitCommand/Failure`` when git cannot be run.
    public init(directory: URL, author: Identity = .scimdir, logger: Logger) throws {
        self.directory = directory
        self.author = author
        self.logger = logger
        if (try? git(["rev-parse", "--is-inside-work-tree"])) != "true" {
            logger.notice("the directory is not a git repository; running git init", metadata: ["directory": "\(directory.path)"])
            _ = try git(["init", "--quiet"])
        }
        if (try? git(["rev-parse", "--verify", "--quiet", "HEAD"])) == nil {
            logger.notice("the repository has no commit yet; committing users/ and groups/", metadata: ["directory": "\(directory.path)"])
            _ = try git(["add", "-A", "--", "users", "groups"])
            _ = try git(["commit", "--quiet", "--allow-empty", "-m", "scimdir: start tracking the user directory"])
        }
    }

    /// Queues one commit for a SCIM write; other batches (hand edits, `git pull`) are the people's to commit.
    public func directoryDidChange(_ batch: ChangeBatch) {
        guard case .scim = batch.origin, !batch.changes.isEmpty else { return }
        // The files as this write left them (nil: removed); a later write may change them before the commit runs.
        let codec = ResourceFileCodec(registry: batch.snapshot.registry)
        var files: [String: [UInt8]?] = [:]
        for change in batch.changes {
            files["\(change.kind.folderName)/\(change.id).json"] = .some(change.after.map(codec.encode))
        }
        let message = batch.headline
        queue.async { [self, files] in
            do {
                try commit(files, message: message)
            } catch {
                logger.error("git commit failed", metadata: ["error": "\(error)", "message": "\(message)"])
            }
        }
    }

    /// Commits `files` (path → content, `nil` for a removal) on top of `HEAD`, whatever the working tree holds now.
    private func commit(_ files: [String: [UInt8]?], message: String) throws {
        let gitDirectory = URL(fileURLWithPath: try git(["rev-parse", "--absolute-git-dir"]))
        // Index paths are relative to the repository's top, which may be above the directory.
        let prefix = try git(["rev-parse", "--show-prefix"])
        let files = Dictionary(uniqueKeysWithValues: files.map { (prefix + $0.key, $0.value) })
        let scratch = "scimdir-\(UInt64.random(in: 0...UInt64.max))"
        let scratchIndex = gitDirectory.appendingPathComponent(scratch + ".index").path
        defer { try? FileManager.default.removeItem(atPath: scratchIndex) }

        // Blobs, hashed from files in the git directory (never in the working tree), without filters.
        let written = files.filter { $0.value != nil }.keys.sorted()
        let removed = files.filter { $0.value == nil }.keys.sorted()
        var blobFiles: [String] = []
        defer { for file in blobFiles { try? FileManager.default.removeItem(atPath: file) } }
        for (index, path) in written.enumerated() {
            let file = gitDirectory.appendingPathComponent("\(scratch).\(index).blob").path
            guard FileManager.default.createFile(atPath: file, contents: Data(files[path]!!)) else {
                throw GitCommand.Failure(arguments: ["hash-object"], status: nil, reason: "cannot write \(file)")
            }
            blobFiles.append(file)
        }
        let hashed = written.isEmpty ? "" : try git(["hash-object", "-w", "--no-filters", "--"] + blobFiles)
        let blobs = hashed.split(separator: "\n").map(String.init)
        let cacheInfo = zip(written, blobs).flatMap { path, blob in ["--cacheinfo", "100644,\(blob),\(path)"] }

        func updateIndex(_ environment: [String: String]) throws {
            if !cacheInfo.isEmpty { _ = try git(["update-index", "--add"] + cacheInfo, environment: environment) }
            if !removed.isEmpty {
                _ = try git(["update-index", "--force-remove", "--"] + removed, environment: environment)
            }
        }
        // A person may commit meanwhile: then `update-ref` refuses, and the commit is rebuilt on the new HEAD.
        var refused: GitCommand.Failure?
        for _ in 1...3 {
            let parent = try git(["rev-parse", "--verify", "HEAD"])
            let scratchEnvironment = ["GIT_INDEX_FILE": scratchIndex]
            _ = try git(["read-tree", parent], environment: scratchEnvironment)
            try updateIndex(scratchEnvironment)
            let tree = try git(["write-tree"], environment: scratchEnvironment)
            let commit = try git(["commit-tree", tree, "-p", parent, "-m", message])
            do {
                _ = try git(["update-ref", "-m", "scimdir: \(message)", "HEAD", commit, parent])
                refused = nil
                break
            } catch {
                refused = error
            }
        }
        if let refused { throw refused }
        try updateIndex([:])
    }

    /// Waits until every queued commit has run (at shutdown, and in tests).
    public func flush() {
        queue.sync {}
    }

    private func git(_ arguments: [String], environment extra: [String: String] = [:]) throws(GitCommand.Failure)
        -> String
    {
        let identity = [
            "GIT_AUTHOR_NAME": author.name, "GIT_AUTHOR_EMAIL": author.email,
            "GIT_COMMITTER_NAME": author.name, "GIT_COMMITTER_EMAIL": author.email,
        ]
        return try GitCommand(folder: directory, environment: identity.merging(extra) { _, new in new }).text(arguments)
    }
}
