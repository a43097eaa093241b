public import DirectoryStore
public import Foundation

/// Reads objects from the git repository that holds the directory, through the `git` command (ARCHITECTURE §1.2: the
/// directory is kept in git). Used by `scimdir diff between`; nothing here writes to the repository.
public struct GitRepository: Sendable {
    /// The folder git runs in: the directory, which may be a subfolder of the repository.
    public let folder: URL

    /// A repository reader working in `folder`.
    public init(folder: URL) {
        self.folder = folder
    }

    /// A `git` command that failed, or output that git should not have produced.
    public typealias Failure = GitCommand.Failure

    /// One file of a tree: its path relative to ``folder`` and its blob id.
    public struct TreeFile: Sendable, Hashable {
        /// The path relative to ``folder``, e.g. `users/<id>.json`.
        public var path: String
        /// The blob's object id.
        public var object: String
    }

    /// The files under `paths` (relative to ``folder``) at `revision`, recursively (`git ls-tree -r -z`).
    ///
    /// - Throws: ``Failure`` when `revision` names no commit or git fails.
    public func files(at revision: String, under paths: [String]) throws(Failure) -> [TreeFile] {
        do {
            try git.run(["rev-parse", "--verify", "--quiet", revision + "^{commit}"])
        } catch {
            throw Failure(arguments: error.arguments, status: error.status, reason: "no commit named \(revision)")
        }
        let listing = try git.run(["ls-tree", "-r", "-z", revision, "--"] + paths)
        return listing.split(separator: 0).compactMap { record in
            // <mode> SP <type> SP <object> TAB <path>
            guard let tab = record.firstIndex(of: UInt8(ascii: "\t")) else { return nil }
            let fields = record[..<tab].split(separator: UInt8(ascii: " "))
            guard fields.count == 3, String(decoding: fields[1], as: UTF8.self) == "blob" else { return nil }
            return TreeFile(
                path: String(decoding: record[(tab + 1)...], as: UTF8.self),
                object: String(decoding: fields[2], as: UTF8.self))
        }
    }

    /// The contents of blobs, by object id, in one `git cat-file --batch` run.
    ///
    /// - Throws: ``Failure`` when git fails or an object is missing.
    public func blobs(_ objects: [String]) throws(Failure) -> [String: [UInt8]] {
        guard !objects.isEmpty else { return [:] }
        let output = try git.run(["cat-file", "--batch"], input: Array(objects.joined(separator: "\n").utf8) + [10])
        var contents: [String: [UInt8]] = [:]
        var position = output.startIndex
        while position < output.endIndex {
            // <object> SP <type> SP <size> LF <contents> LF
            guard let newline = output[position...].firstIndex(of: 10) else { break }
            let header = String(decoding: output[position..<newline], as: UTF8.self).split(separator: " ")
            guard header.count == 3, let size = Int(header[2]) else {
                throw Failure(
                    arguments: ["cat-file", "--batch"], status: 0,
                    reason: "unexpected output: \(header.joined(separator: " "))")
            }
            let start = newline + 1
            let end = start + size
            guard end <= output.endIndex else {
                throw Failure(arguments: ["cat-file", "--batch"], status: 0, reason: "truncated output")
            }
            contents[String(header[0])] = Array(output[start..<end])
            position = end + 1
        }
        return contents
    }

    private var git: GitCommand { GitCommand(folder: folder) }
}
