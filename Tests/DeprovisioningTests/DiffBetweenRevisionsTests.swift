import Foundation
import Logging
import Testing

@testable import Deprovisioning

/// `scimdir diff between`: the diff between two git revisions of the directory (issue 5 §5).
@Suite struct DiffBetweenRevisionsTests {
    private let root: TemporaryDirectory
    private let git: Git
    /// The directory is a subfolder of the repository, as when it lives next to other configuration.
    private let directory: URL

    init() throws {
        root = try TemporaryDirectory("scimdir-history")
        git = Git(folder: root.url)
        directory = root.appending("people")
        try git("init", "--quiet")
        try git.write("people/users/alice.json", ResourceFiles.user("alice", "alice@example.com"))
        try git.write("people/users/bob.json", ResourceFiles.user("bob", "bob@example.com"))
        try git.write("people/groups/eng.json", ResourceFiles.group("eng", "Engineering", members: ["alice", "bob"]))
        try git("add", "-A")
        try git("commit", "--quiet", "-m", "start")
        // The pull request: alice is deactivated, bob leaves Engineering, carol arrives.
        try git.write("people/users/alice.json", ResourceFiles.user("alice", "alice@example.com", active: false))
        try git.write("people/groups/eng.json", ResourceFiles.group("eng", "Engineering", members: ["alice", "carol"]))
        try git.write("people/users/carol.json", ResourceFiles.user("carol", "carol@example.com"))
        try git("add", "-A")
        try git("commit", "--quiet", "-m", "offboarding")
    }

    private func revisions(_ from: String, _ to: String) throws -> (DirectoryRevision, DirectoryRevision) {
        let repository = GitRepository(folder: directory)
        let old = try DirectoryRevision(revision: from, repository: repository, logger: DirectoryFixture.logger)
        let new = try DirectoryRevision(
            revision: to, repository: repository, fallback: old.snapshot, logger: DirectoryFixture.logger)
        return (old, new)
    }

    @Test func diffBetweenTwoCommitsListsEveryChange() throws {
        defer { root.remove() }
        let (old, new) = try revisions("HEAD~1", "HEAD")
        let diff = DeprovisioningDiff.between(old, new, createdAt: 0)
        #expect(diff.sequence == nil)
        #expect(diff.origin == .revisions(from: "HEAD~1", to: "HEAD"))
        #expect(diff.entries.deprovisioned.map { $0.user?.record.id } == ["alice"])
        #expect(diff.entries.provisioned.map { $0.user?.record.id } == ["carol"])
        #expect(diff.entries.membershipsRemoved.map(\.memberID) == ["bob"])
        #expect(diff.entries.membershipsAdded.map(\.memberID) == ["carol"])
        #expect(diff.accessLoss == AccessLoss(usersLosingAccess: 2, activeUsersBefore: 2))
    }

    @Test func anInvalidFileKeepsItsOlderVersionInsteadOfLookingDeleted() throws {
        defer { root.remove() }
        try git.write("people/users/bob.json", "{ not json")
        try git("commit", "--quiet", "-am", "broken")
        let (old, new) = try revisions("HEAD~1", "HEAD")
        #expect(new.problems.count == 1 && new.problems[0].hasPrefix("users/bob.json"))
        #expect(DeprovisioningDiff.between(old, new, createdAt: 0).entries.isEmpty)
    }

    @Test func anUnknownRevisionIsAnError() throws {
        defer { root.remove() }
        #expect(throws: GitRepository.Failure.self) { try revisions("no-such-branch", "HEAD") }
    }

    @Test func theCommandPrintsTheDiffAsJSON() throws {
        defer { root.remove() }
        let output = try Scimdir.run(["diff", "between", "HEAD~1", "HEAD", "--directory", directory.path])
        #expect(output.status == 0, "\(output.standardError)")
        let diff = try DeprovisioningDiff(fileContents: Data(output.standardOutput.utf8))
        #expect(diff.entries.deprovisioned.map(\.reason) == [.deactivated])
        #expect(diff.summary.hasPrefix("Changes from HEAD~1 to HEAD"))
    }
}
