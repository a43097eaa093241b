public import Foundation

/// Runs the `git` command line in a folder: the one way scimdir talks to git (commits with `--git-commit`, history for
/// `scimdir diff between`).
///
/// ```swift
/// let git = GitCommand(folder: directoryURL)
/// let head = try git.run(["rev-parse", "HEAD"])           // standard output, as bytes
/// ```
///
/// Output and errors are read on separate threads and input is written on a third, so a large output or input can
/// never block git (or scimdir) on a full pipe. `GIT_TERMINAL_PROMPT=0`: git never waits for a person.
public struct GitCommand: Sendable {
    /// A `git` command that failed.
    public struct Failure: Error, CustomStringConvertible {
        /// The arguments after `git`.
        public var arguments: [String]
        /// git's exit status, or `nil` when git could not be started.
        public var status: Int32?
        /// What went wrong: git's own message on standard error, or why it could not run.
        public var reason: String

        /// Creates a failure; ``GitCommand/run(_:input:)`` is the usual source.
        public init(arguments: [String], status: Int32?, reason: String) {
            self.arguments = arguments
            self.status = status
            self.reason = reason
        }

        /// `git ls-tree -r nope: exit 128: fatal: Not a valid object name nope`.
        public var description: String {
            "git \(arguments.joined(separator: " ")): " + (status.map { "exit \($0): " } ?? "") + reason
        }
    }

    /// The working folder (`git -C`).
    public let folder: URL
    /// Variables added to the inherited environment, e.g. `GIT_AUTHOR_NAME`.
    public let environment: [String: String]

    /// A runner for `folder`.
    public init(folder: URL, environment: [String: String] = [:]) {
        self.folder = folder
        self.environment = environment
    }

    /// Runs `git arguments…` to completion.
    ///
    /// - Parameters:
    ///   - input: bytes for git's standard input, if any.
    /// - Returns: standard output.
    /// - Throws: ``Failure`` when git cannot be started or exits with a status other than 0.
    @discardableResult
    public func run(_ arguments: [String], input: [UInt8]? = nil) throws(Failure) -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        process.currentDirectoryURL = folder
        var variables = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        variables["GIT_TERMINAL_PROMPT"] = "0"
        process.environment = variables
        let output = Pipe()
        let errors = Pipe()
        let standardInput = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = standardInput
        do {
            try process.run()
        } catch {
            throw Failure(arguments: arguments, status: nil, reason: "cannot run git: \(error)")
        }
        let complaint = Collected()
        let finished = DispatchGroup()
        finished.enter()
        Thread.detachNewThread {
            complaint.data = errors.fileHandleForReading.readDataToEndOfFile()
            finished.leave()
        }
        Thread.detachNewThread {
            if let input { standardInput.fileHandleForWriting.write(Data(input)) }
            try? standardInput.fileHandleForWriting.close()
        }
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        finished.wait()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: complaint.data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw Failure(arguments: arguments, status: process.terminationStatus, reason: message)
        }
        return Array(printed)
    }

    /// Runs git and returns its standard output as text without the final newline.
    ///
    /// - Throws: ``Failure``.
    public func text(_ arguments: [String]) throws(Failure) -> String {
        String(decoding: try run(arguments), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Standard error collected by its reader thread; read only after that thread finished.
private final class Collected: @unchecked Sendable {
    var data = Data()
}
