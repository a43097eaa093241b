import ArgumentParser
import DirectoryStore
import Foundation
import Logging
import SCIM

/// `scimdir check`: validates every file of the directory without a running server.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate every file in the directory; one line per problem, exit status 1 if any.")

    @OptionGroup var directory: DirectoryOptions

    func run() throws {
        var logger = Logger(label: "scimdir.check")
        logger.logLevel = .critical  // problems are printed below, once each
        let layout = DirectoryLayout(root: directory.directoryURL)
        guard FileManager.default.fileExists(atPath: layout.root.path) else {
            throw ValidationError("\(layout.root.path) does not exist")
        }
        let snapshot = DirectoryLoader(layout: layout, logger: logger).load(registry: .standard).snapshot
        for (path, problem) in snapshot.problems.sorted(by: { $0.key < $1.key }) {
            print("\(path): \(problem)")
        }
        let summary = "\(snapshot.users.count) users, \(snapshot.groups.count) groups, \(snapshot.problems.count) problems"
        FileHandle.standardError.write(Data("\(summary)\n".utf8))
        if !snapshot.problems.isEmpty { throw ExitCode(1) }
    }
}
