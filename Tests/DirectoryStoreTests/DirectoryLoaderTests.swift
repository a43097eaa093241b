import DirectoryStore
import Foundation
import HashTreeCollections
import SCIM
import Testing

/// Loading the whole directory at start: what is served, what is reported, what is cleaned up (ARCHITECTURE §3, §4.4,
/// §4.5).
@Suite struct DirectoryLoaderTests {
    @Test func handWrittenFilesAreServedWithTimestampsFromTheFileOrItsModificationTime() async throws {
        let fixture = try StoreFixture()
        try fixture.write("users/alice.json", json: StoreFixture.userFile(id: "alice", userName: "alice@example.com"))
        var dated = StoreFixture.userFile(id: "bob", userName: "bob@example.com").objectValue!
        dated["meta"] = ["created": "2020-01-01T00:00:00Z", "lastModified": "2021-01-01T00:00:00Z"]
        try fixture.write("users/bob.json", json: .object(dated))
        let store = try await fixture.open()

        let alice = try #require(store.snapshot.resource(.user, id: "alice"))
        #expect(alice.resource["meta"]?["resourceType"] == "User")
        #expect(alice.resource["meta"]?["created"]?.stringValue.map(SCIMDateTime.isValid) == true)
        let bob = try #require(store.snapshot.resource(.user, id: "bob"))
        #expect(bob.resource["meta"]?["created"] == "2020-01-01T00:00:00Z")
        #expect(bob.resource["meta"]?["lastModified"] == "2021-01-01T00:00:00Z")
        #expect(store.snapshot.problems.isEmpty)
    }

    @Test func invalidJSONIsReportedWithLineAndColumnAndOtherFilesStillLoad() async throws {
        let fixture = try StoreFixture()
        try fixture.write("users/broken.json", "{\n  \"id\": \"broken\",\n  \"userName\": \n}\n")
        try fixture.write("users/alice.json", json: StoreFixture.userFile(id: "alice", userName: "alice@example.com"))
        let store = try await fixture.open()
        let problem = try #require(store.snapshot.problems["users/broken.json"])
        #expect(problem.line == 4)
        #expect(problem.column != nil)
        #expect(problem.reason.contains("invalid JSON"))
        #expect(store.snapshot.resource(.user, id: "alice") != nil)
        let logged = fixture.log.entries("invalid file in the directory")
        #expect(logged.map { $0.metadata["path"] } == ["users/broken.json"])
        #expect(logged.first?.metadata["reason"]?.contains("line 4") == true)
    }

    @Test func anIdThatDiffersFromTheFileNameIsAProblem() async throws {
        let fixture = try StoreFixture()
        try fixture.write(
            "users/alice.json", json: StoreFixture.userFile(id: "someone-else", userName: "a@example.com"))
        let store = try await fixture.open()
        #expect(store.snapshot.problems["users/alice.json"]?.reason.contains("alice.json") == true)
        #expect(store.snapshot.resource(.user, id: "alice") == nil)
        #expect(store.snapshot.resource(.user, id: "someone-else") == nil)
    }

    @Test func schemaViolationsWrongFoldersAndNonObjectsAreProblems() async throws {
        let fixture = try StoreFixture()
        try fixture.write(
            "users/no-name.json", json: ["id": "no-name", "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"]])
        try fixture.write("users/array.json", "[]\n")
        try fixture.write("users/a-group.json", json: StoreFixture.groupFile(id: "a-group", displayName: "G"))
        var wrongType = StoreFixture.userFile(id: "typed", userName: "t@example.com").objectValue!
        wrongType["meta"] = ["resourceType": "Group"]
        try fixture.write("users/typed.json", json: .object(wrongType))
        let store = try await fixture.open()
        #expect(
            Set(store.snapshot.problems.keys) == [
                "users/no-name.json", "users/array.json", "users/a-group.json", "users/typed.json",
            ])
        #expect(store.snapshot.problems["users/array.json"]?.reason.contains("object") == true)
        #expect(store.snapshot.problems["users/typed.json"]?.reason.contains("resourceType") == true)
    }

    @Test func duplicateUserNameBetweenFilesServesTheFirstPathAndReportsTheOther() async throws {
        let fixture = try StoreFixture()
        try fixture.write("users/b.json", json: StoreFixture.userFile(id: "b", userName: "ALICE@example.com"))
        try fixture.write("users/a.json", json: StoreFixture.userFile(id: "a", userName: "alice@example.com"))
        let store = try await fixture.open()
        #expect(store.snapshot.resource(.user, id: "a") != nil)
        #expect(store.snapshot.resource(.user, id: "b") == nil)
        let problem = try #require(store.snapshot.problems["users/b.json"])
        #expect(problem.reason.contains("uniqueness"))
        #expect(problem.reason.contains("userName"))
    }

    @Test func duplicateExternalIdAndGroupDisplayNameBetweenFilesAreProblems() async throws {
        let fixture = try StoreFixture()
        try fixture.write("users/a.json", json: StoreFixture.userFile(id: "a", userName: "a", ["externalId": "x1"]))
        try fixture.write("users/b.json", json: StoreFixture.userFile(id: "b", userName: "b", ["externalId": "x1"]))
        try fixture.write("groups/g1.json", json: StoreFixture.groupFile(id: "g1", displayName: "Staff"))
        try fixture.write("groups/g2.json", json: StoreFixture.groupFile(id: "g2", displayName: "staff"))
        let store = try await fixture.open()
        #expect(Set(store.snapshot.problems.keys) == ["users/b.json", "groups/g2.json"])
        #expect(store.snapshot.resource(.group, id: "g1") != nil)
    }

    @Test func groupMembersThatReferenceNothingAreDroppedAndLoggedButTheFileIsLeftAlone() async throws {
        let fixture = try StoreFixture()
        try fixture.write("users/alice.json", json: StoreFixture.userFile(id: "alice", userName: "alice"))
        try fixture.write(
            "groups/outer.json",
            json: StoreFixture.groupFile(id: "outer", displayName: "Outer", members: ["alice", "ghost", "z-inner"]))
        try fixture.write(
            "groups/z-inner.json", json: StoreFixture.groupFile(id: "z-inner", displayName: "Inner", members: ["alice"])
        )
        let original = fixture.read("groups/outer.json")
        let store = try await fixture.open()
        let outer = try #require(store.snapshot.resource(.group, id: "outer"))
        // A group that sorts after the one naming it still counts as existing.
        #expect(outer.resource["members"]?.arrayValue?.compactMap { $0["value"]?.stringValue } == ["alice", "z-inner"])
        #expect(
            fixture.log.entries("dropping a group member that does not exist").map { $0.metadata["member"] } == [
                "ghost"
            ])
        #expect(fixture.read("groups/outer.json") == original)
        #expect(store.snapshot.resource(.user, id: "alice")?.resource["groups"]?.arrayValue?.count == 2)
    }

    @Test func leftoverTemporaryFilesAreRemovedAtOpenAndOtherHiddenFilesAreLeftAlone() async throws {
        let fixture = try StoreFixture()
        try fixture.write("users/.alice.json.tmp-3kd9", "{\"id\": \"alice\", \"userNa")
        try fixture.write("groups/.g.json.tmp-zz", "")
        try fixture.write("users/.alice.json.swp", "vim")
        _ = try await fixture.open()
        #expect(fixture.names(in: "users") == [".alice.json.swp"])
        #expect(fixture.names(in: "groups").isEmpty)
        #expect(fixture.log.entries("removing a temporary file left by an interrupted write").count == 2)
    }

    @Test func namesThatAreNotResourceFilesAreIgnored() async throws {
        let fixture = try StoreFixture()
        for name in ["notes.txt", "a.json~", ".#a.json", "4913", "bad id.json", "README.md"] {
            try fixture.write("users/\(name)", "not json")
        }
        let store = try await fixture.open()
        #expect(store.snapshot.problems.isEmpty)
        #expect(store.snapshot.candidates(.user, narrowedBy: nil).isEmpty)
    }

    @Test func openCreatesMissingFolders() async throws {
        let fixture = try StoreFixture()
        try fixture.remove("users")
        try fixture.remove("groups")
        _ = try await fixture.open()
        #expect(fixture.exists("users") && fixture.exists("groups"))
    }
}
