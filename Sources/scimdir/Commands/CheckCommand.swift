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
        var problems = snapshot.problems.map { (path: $0.key, text: "\($0.value)") }
        // A .json file whose name is no valid id is never loaded, so it is not among the snapshot's problems; but a
        // person who named it so expects it to be served.
        for kind in ResourceKind.allCases {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: layout.folder(for: kind).path)) ?? []
            for name in names where name.hasSuffix(".json") && !name.hasPrefix(".") {
                guard DirectoryLayout.resourceID(fromFileName: name) == nil else { continue }
                let reason =
                    "the name is not <id>.json with an id of 1–128 characters [A-Za-z0-9._-]; the file is ignored"
                problems.append(("\(kind.folderName)/\(name)", reason))
            }
        }
        for problem in problems.sorted(by: { $0.path < $1.path }) {
            print("\(problem.path): \(problem.text)")
        }
        let summary = "\(snapshot.users.count) users, \(snapshot.groups.count) groups, \(problems.count) problems"
        FileHandle.standardError.write(Data("\(summary)\n".utf8))
        if !problems.isEmpty { throw ExitCode(1) }
    }
}
