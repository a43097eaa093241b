import ArgumentParser
import Deprovisioning
import Foundation
import Logging

/// `scimdir diff between REV1 REV2`: the deprovisioning diff between two git revisions of the directory, without a
/// daemon (issue §5: reviewing a pull request to the user directory).
struct DiffBetweenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "between",
        abstract: "Print the deprovisioning diff between two git revisions of the directory (JSON, no sequence).",
        discussion: """
            Reads users/, groups/ and schemas/ at both revisions with git, as the daemon would load them. A file \
            that is invalid at REV2 keeps its REV1 version (as the daemon keeps the last good one) and is reported \
            on standard error; the exit status is then 1.
            """)

    @OptionGroup var directory: DirectoryOptions
    @Argument(help: "The older revision, e.g. main or HEAD~1.") var from: String
    @Argument(help: "The newer revision, e.g. a pull request's branch or HEAD.") var to: String

    func run() throws {
        var logger = Logger(label: "scimdir.diff")
        logger.logLevel = .critical  // problems are printed below, once each
        let repository = GitRepository(folder: directory.directoryURL)
        let old: DirectoryRevision
        let new: DirectoryRevision
        do {
            old = try DirectoryRevision(revision: from, repository: repository, logger: logger)
            new = try DirectoryRevision(revision: to, repository: repository, fallback: old.snapshot, logger: logger)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
        let diff = DeprovisioningDiff.between(old, new, createdAt: Date().timeIntervalSince1970)
        FileHandle.standardOutput.write(Data(diff.fileContents()))
        for revision in [old, new] {
            for problem in revision.problems {
                FileHandle.standardError.write(Data("\(revision.revision):\(problem)\n".utf8))
            }
        }
        if !new.problems.isEmpty { throw ExitCode(1) }
    }
}
