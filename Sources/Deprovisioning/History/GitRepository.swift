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
    public struct Failure: Error, CustomStringConvertible {
        /// The arguments after `git`.
        public var arguments: [String]
        /// What went wrong, usually git's own message.
        public var reason: String

        /// `git ls-tree -r nope: fatal: Not a valid object name nope`.
        public var description: String { "git \(arguments.joined(separator: " ")): \(reason)" }
    }

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
        _ = try run(
            ["rev-parse", "--verify", "--quiet", revision + "^{commit}"], failure: "no commit named \(revision)")
        let listing = try run(["ls-tree", "-r", "-z", revision, "--"] + paths)
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
        let output = try run(["cat-file", "--batch"], input: Array(objects.joined(separator: "\n").utf8) + [10])
        var contents: [String: [UInt8]] = [:]
        var position = output.startIndex
        while position < output.endIndex {
            // <object> SP <type> SP <size> LF <contents> LF
            guard let newline = output[position...].firstIndex(of: 10) else { break }
            let header = String(decoding: output[position..<newline], as: UTF8.self).split(separator: " ")
            guard header.count == 3, let size = Int(header[2]) else {
                throw Failure(
                    arguments: ["cat-file", "--batch"], reason: "unexpected output: \(header.joined(separator: " "))")
            }
            let start = newline + 1
            let end = start + size
            guard end <= output.endIndex else {
                throw Failure(arguments: ["cat-file", "--batch"], reason: "truncated output")
            }
            contents[String(header[0])] = Array(output[start..<end])
            position = end + 1
        }
        return contents
    }

    private func run(_ arguments: [String], input: [UInt8]? = nil, failure: String? = nil) throws(Failure) -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        process.currentDirectoryURL = folder
        let output = Pipe()
        let errors = Pipe()
        let standardInput = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = standardInput
        do {
            try process.run()
        } catch {
            throw Failure(arguments: arguments, reason: "cannot run git: \(error)")
        }
        // Feed standard input from another thread, so that a large output cannot block the writer.
        let writer = Thread {
            if let input { standardInput.fileHandleForWriting.write(Data(input)) }
            try? standardInput.fileHandleForWriting.close()
        }
        writer.start()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        let complaint = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: complaint, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw Failure(
                arguments: arguments,
                reason: message.isEmpty ? failure ?? "exit \(process.terminationStatus)" : message)
        }
        return Array(printed)
    }
}
