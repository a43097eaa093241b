import Foundation
import Testing

@testable import DirectoryStore

/// The watcher's decisions that need no running watcher: which names matter, and where git's index lock is.
@Suite struct DirectoryWatcherTests {
    @Test(arguments: [
        ("/d/users", "abc.json", "users/abc.json"), ("/d/groups", "g-1.json", "groups/g-1.json"),
        ("/d/schemas", "ext.json", "schemas/ext.json"), ("/d/saml", "metadata.xml", "saml/metadata.xml"),
    ])
    func resourceFilesAreRelevant(_ folder: String, _ name: String, _ expected: String) {
        #expect(DirectoryWatcher.relevantPath(folder: folder, name: name) == expected)
    }

    @Test(arguments: [
        ".abc.json.swp", ".abc.json.swx", "abc.json~", ".#abc.json", "4913", ".abc.json.tmp-3k2", "abc.json.orig",
        "abc", "bad id.json", ".hidden.json", "", "..json",
    ])
    func editorAndToolDroppingsAreNot(_ name: String) {
        #expect(DirectoryWatcher.relevantPath(folder: "/d/users", name: name) == nil)
        #expect(DirectoryWatcher.relevantPath(folder: "/d/groups", name: name) == nil)
    }

    @Test func otherSAMLFilesAndOtherFoldersAreNot() {
        #expect(DirectoryWatcher.relevantPath(folder: "/d/saml", name: "old.xml") == nil)
        #expect(DirectoryWatcher.relevantPath(folder: "/d/other", name: "a.json") == nil)
        #expect(DirectoryWatcher.relevantPath(folder: "/d/schemas", name: "notes.txt") == nil)
    }

    @Test func gitIndexLockIsFoundAtTheNearestRepositoryAbove() throws {
        let fixture = try StoreFixture()
        #expect(DirectoryWatcher.gitIndexLock(forWorkTreeAt: fixture.root.path) == nil)

        try FileManager.default.createDirectory(at: fixture.url(".git"), withIntermediateDirectories: true)
        #expect(DirectoryWatcher.gitIndexLock(forWorkTreeAt: fixture.root.path) == fixture.url(".git/index.lock").path)
        let nested = fixture.url("users")
        #expect(DirectoryWatcher.gitIndexLock(forWorkTreeAt: nested.path) == fixture.url(".git/index.lock").path)

        // A worktree or submodule: .git is a file naming the git directory.
        try FileManager.default.createDirectory(at: fixture.url("groups/sub"), withIntermediateDirectories: true)
        try fixture.write("groups/sub/.git", "gitdir: ../../.git/worktrees/sub\n")
        #expect(
            DirectoryWatcher.gitIndexLock(forWorkTreeAt: fixture.url("groups/sub").path)
                == fixture.url(".git/worktrees/sub/index.lock").path)
    }
}
