import DirectoryStore
import Foundation
import HashTreeCollections
import SCIM
import Testing

/// SCIM writes through the store: what lands on disk, versions, `If-Match`, uniqueness, ids and memberships
/// (ARCHITECTURE §3, §4).
@Suite struct DirectoryStoreWriteTests {
    // MARK: The file format

    @Test func createdUserFileIsPrettyPrintedWithSortedKeysAndAFinalNewlineAndNoDerivedValues() async throws {
        let fixture = try StoreFixture()
        let store = try await fixture.open()
        let alice = try await store.createUser("alice@example.com", ["active": true, "displayName": "Alice"])
        _ = try await store.createGroup("Engineering", members: [alice.id])
        let stamp = SCIMDateTime.string(secondsSince1970: 1_700_000_000)
        let expected = """
            {
              "active": true,
              "displayName": "Alice",
              "id": "\(alice.id)",
              "meta": {
                "created": "\(stamp)",
                "lastModified": "\(stamp)",
                "resourceType": "User"
              },
              "schemas": [
                "urn:ietf:params:scim:schemas:core:2.0:User"
              ],
              "userName": "alice@example.com"
            }

            """
        #expect(fixture.read("users/\(alice.id).json") == expected)
        // What is served carries the derived values the file leaves out.
        let served = try #require(store.snapshot.resource(.user, id: alice.id))
        #expect(served.resource["meta"]?["version"]?.stringValue == served.version)
        #expect(served.resource["groups"]?.arrayValue?.count == 1)
    }

    @Test func fileIDEqualsTheFileStemAndIsALowerCaseUUID() async throws {
        let fixture = try StoreFixture()
        let store = try await fixture.open()
        let alice = try await store.createUser("alice@example.com")
        #expect(UUID(uuidString: alice.id) != nil)
        #expect(alice.id == alice.id.lowercased())
        #expect(fixture.names(in: "users") == ["\(alice.id).json"])
        #expect(try fixture.readJSON("users/\(alice.id).json")?["id"]?.stringValue == alice.id)
    }

    @Test func passwordIsAcceptedButNeverStoredNorServed() async throws {
        let fixture = try StoreFixture()
        let store = try await fixture.open()
        let alice = try await store.createUser("alice@example.com", ["password": "hunter2-Secret"])
        #expect(fixture.read("users/\(alice.id).json")?.contains("hunter2") == false)
        #expect(alice.resource["password"] == nil)
    }

    // MARK: Round trip

    @Test func createUpdateDeleteRoundTripThroughTheFilesAcrossRestarts() async throws {
        let fixture = try StoreFixture()
        var store = try await fixture.open()
        let alice = try await store.createUser("alice@example.com", ["title": "Engineer"])

        store = try await fixture.open()
        #expect(store.snapshot.resource(.user, id: alice.id) == alice)

        fixture.advanceClock()
        let promoted = try await store.modify(.user, alice.id, ["title": "CTO"])
        #expect(try fixture.readJSON("users/\(alice.id).json")?["title"] == "CTO")
        store = try await fixture.open()
        #expect(store.snapshot.resource(.user, id: alice.id) == promoted)

        try await store.remove(.user, alice.id)
        #expect(!fixture.exists("users/\(alice.id).json"))
        #expect(store.snapshot.resource(.user, id: alice.id) == nil)
        store = try await fixture.open()
        #expect(store.snapshot.resource(.user, id: alice.id) == nil)
        #expect(fixture.names(in: "users").isEmpty)
    }

    // MARK: Versions

    @Test func versionChangesWithContentAndLastModifiedMoves() async throws {
        let fixture = try StoreFixture()
        let store = try await fixture.open()
        let alice = try await store.createUser("alice@example.com")
        #expect(alice.version.wholeMatch(of: /W\/"[0-9a-f]{32}"/) != nil, "\(alice.version)")
        fixture.advanceClock()
        let changed = try await store.modify(.user, alice.id, ["title": "CTO"])
        #expect(changed.version != alice.version)
        #expect(changed.resource["meta"]?["lastModified"] != alice.resource["meta"]?["lastModified"])
        #expect(changed.resource["meta"]?["created"] == alice.resource["meta"]?["created"])
    }

    @Test func noOpUpdateKeepsTheVersionWritesNothingAndReportsNoBatch() async throws {
        let fixture = try StoreFixture()
        let store = try await fixture.open()
        let recorder = BatchRecorder()
        await store.addObserver(recorder)
        let alice = try await store.createUser("alice@example.com", ["title": "CTO"])
        let path = fixture.url("users/\(alice.id).json").path
        let before = FileStamp(path: path)
        fixture.advanceClock()
        let same = try await store.modify(.user, alice.id, ["title": "CTO"])
        #expect(same.version == alice.version)
        #expect(same == alice)
        #expect(FileStamp(path: path) == before)
        #expect(recorder.batches.count == 1)
    }

    @Test func membershipChangesDoNotChangeAUsersVersion() async throws {
        let fixture = try StoreFixture()
        let store = try await fixture.open()
        let alice = try await store.createUser("alice@example.com")
        _ = try await store.createGroup("Engineering", members: [alice.id])
        let member = try #require(store.snapshot.resource(.user, id: alice.id))
        #expect(member.version == alice.version)
        #expect(member.resource["groups"] != nil)
    }

    // MARK: If-Match

    @Test func ifMatchComparesWeaklyAndAcceptsAStarAndLists() async throws {
        let fixture = try StoreFixture()
        let store = try await fixture.open()
        var alice = try await store.createUser("alice@example.com")
        let headers: [(String) -> String] = [
            { $0 }, { String($0.dropFirst(2)) }, { _ in "*" }, { #"W/"nope", "# + $0.dropFirst(2) },
        ]
        for (index, makeHeader) in headers.enumerated() {
            let header = makeHeader(alice.version)
            fixture.advanceClock()
            alice = try await store.modify(.user, alice.id, ifMatch: header, ["title": .string("v\(index)")])
            #expect(alice.resource["title"] == .string("v\(index)"))
        }
    }

    @Test func staleIfMatchIs412AndChangesNothing() async throws {
        let fixture = try StoreFixture()
        let store = try await fixture.open()
        let alice = try await store.createUser("alice@example.com")
        fixture.advanceClock()
        let current = try await store.modify(.user, alice.id, ["title": "CTO"])
        let file = fixture.read("users/\(alice.id).json")

        let replace = await scimError {
            _ = try await store.modify(.user, alice.id, ifMatch: alice.version, ["title": "X"])
        }
        #expect(replace?.status == 412)
        let delete = await scimError { try await store.remove(.user, alice.id, ifMatch: alice.version) }
        #expect(delete?.status == 412)
        #expect(fixture.read("users/\(alice.id).json") == file)
        #expect(store.snapshot.resource(.user, id: alice.id) == current)
    }

    // MARK: Uniqueness

    @Test func userNameIsUniqueCaseInsensitivelyOnCreateAndReplace() async throws {
        let fixture = try StoreFixture()
        let store = try await fixture.open()
        let alice = try await store.createUser("alice@example.com")
        let clash = await scimError { _ = try await store.createUser("ALICE@example.COM") }
        #expect(clash?.status == 409)
        #expect(clash?.scimType == .uniqueness)

        let bob = try await store.createUser("bob@example.com")
        let rename = await scimError { _ = try await store.modify(.user, bob.id, ["userName": "Alice@Example.com"]) }
        #expect(rename?.status == 409)
        #expect(rename?.scimType == .uniqueness)
        #expect(fixture.names(in: "users").count == 2)
        // A user may keep (or re-case) its own name.
        _ = try await store.modify(.user, alice.id, ["userName": "Alice@example.com"])
    }

    @Test func externalIdIsUniqueCaseExactly() async throws {
        let fixture = try StoreFixture()
        let store = try await fixture.open()
        _ = try await store.createUser("alice@example.com", ["externalId": "00u1"])
        let clash = await scimError { _ = try await store.createUser("bob@example.com", ["externalId": "00u1"]) }
        #expect(clash?.scimType == .uniqueness)
        _ = try await store.createUser("carol@example.com", ["externalId": "00U1"])
    }

    @Test func groupDisplayNameIsUniqueCaseInsensitivelyOnCreateAndReplace() async throws {
        let fixture = try StoreFixture()
        let store = try await fixture.open()
        _ = try await store.createGroup("Engineering")
        let clash = await scimError { _ = try await store.createGroup("engineering") }
        #expect(clash?.status == 409)
        #expect(clash?.scimType == .uniqueness)
        let ops = try await store.createGroup("Ops")
        let rename = await scimError { _ = try await store.modify(.group, ops.id, ["displayName": "ENGINEERING"]) }
        #expect(rename?.scimType == .uniqueness)
    }

    @Test func renamedOrDeletedResourcesFreeTheirUniqueValues() async throws {
        let fixture = try StoreFixture()
        let store = try await fixture.open()
        let alice = try await store.createUser("alice@example.com", ["externalId": "e1"])
        _ = try await store.modify(.user, alice.id, ["userName": "alice.smith@example.com", "externalId": "e2"])
        _ = try await store.createUser("alice@example.com", ["externalId": "e1"])
        try await store.remove(.user, alice.id)
        _ = try await store.createUser("alice.smith@example.com", ["externalId": "e2"])
    }

    // MARK: Ids

    @Test(arguments: ["../users/x", "..", ".", ".hidden", "a/b", "", String(repeating: "a", count: 129), "a b", "ü"])
    func invalidIdsAre404AndNeverTouchAPath(_ id: String) async throws {
        let fixture = try StoreFixture()
        let store = try await fixture.open()
        try fixture.write("x.json", json: StoreFixture.userFile(id: "x", userName: "x"))
        try fixture.write("users/.hidden.json", json: StoreFixture.userFile(id: ".hidden", userName: "h"))
        let update = await scimError { _ = try await store.modify(.user, id, ["title": "X"]) }
        #expect(update?.status == 404)
        let delete = await scimError { try await store.remove(.user, id) }
        #expect(delete?.status == 404)
        #expect(fixture.exists("x.json"))
        #expect(fixture.exists("users/.hidden.json"))
        #expect(store.snapshot.resource(.user, id: id) == nil)
    }

    @Test func unknownValidIdIs404() async throws {
        let fixture = try StoreFixture()
        let store = try await fixture.open()
        let error = await scimError { try await store.remove(.group, "no-such-group") }
        #expect(error?.status == 404)
    }

    // MARK: Groups and members

    @Test func usersGroupsAreDerivedFromTheGroupsAndFollowRenamesAndDeletes() async throws {
        let fixture = try StoreFixture()
        let store = try await fixture.open()
        let alice = try await store.createUser("alice@example.com")
        let engineering = try await store.createGroup("Engineering", members: [alice.id])
        let expected: JSONValue = [["value": .string(engineering.id), "display": "Engineering", "type": "direct"]]
        #expect(store.snapshot.resource(.user, id: alice.id)?.resource["groups"] == expected)

        _ = try await store.modify(.group, engineering.id, ["displayName": "R&D"])
        #expect(
            store.snapshot.resource(.user, id: alice.id)?.resource["groups"]?.arrayValue?.first?["display"] == "R&D")

        try await store.remove(.group, engineering.id)
        #expect(store.snapshot.resource(.user, id: alice.id)?.resource["groups"] == nil)
    }

    @Test func deletingAUserRemovesItFromEveryGroupFile() async throws {
        let fixture = try StoreFixture()
        let store = try await fixture.open()
        let recorder = BatchRecorder()
        let alice = try await store.createUser("alice@example.com")
        let bob = try await store.createUser("bob@example.com")
        let engineering = try await store.createGroup("Engineering", members: [alice.id, bob.id])
        let solo = try await store.createGroup("Alice only", members: [alice.id])
        await store.addObserver(recorder)

        try await store.remove(.user, alice.id)

        let engineeringFile = try #require(try fixture.readJSON("groups/\(engineering.id).json"))
        #expect(engineeringFile["members"]?.arrayValue?.compactMap { $0["value"]?.stringValue } == [bob.id])
        #expect(try fixture.readJSON("groups/\(solo.id).json")?["members"] == nil)
        #expect(store.snapshot.groupIDs(containing: alice.id).isEmpty)
        let batch = try #require(recorder.batches.first)
        #expect(recorder.batches.count == 1)
        #expect(Set(batch.changes.map(\.id)) == [alice.id, engineering.id, solo.id])

        // Everything on disk agrees after a restart.
        let reopened = try await fixture.open()
        #expect(
            reopened.snapshot.resource(.group, id: engineering.id)
                == store.snapshot.resource(.group, id: engineering.id))
    }

    @Test func deletingAGroupRemovesItFromGroupsThatContainIt() async throws {
        let fixture = try StoreFixture()
        let store = try await fixture.open()
        let inner = try await store.createGroup("Inner")
        let outer = try await store.createGroup("Outer", members: [inner.id])
        try await store.remove(.group, inner.id)
        #expect(try fixture.readJSON("groups/\(outer.id).json")?["members"] == nil)
    }

    @Test func danglingMembersAreDroppedAndLoggedWithoutFailingTheWrite() async throws {
        let fixture = try StoreFixture()
        let store = try await fixture.open()
        let alice = try await store.createUser("alice@example.com")
        let group = try await store.createGroup("Engineering", members: ["never-provisioned", alice.id])
        #expect(group.resource["members"]?.arrayValue?.compactMap { $0["value"]?.stringValue } == [alice.id])
        #expect(group.resource["members"]?.arrayValue?.first?["type"] == "User")
        let dropped = fixture.log.entries("dropping a group member that does not exist")
        #expect(dropped.map { $0.metadata["member"] } == ["never-provisioned"])
        #expect(try fixture.readJSON("groups/\(group.id).json")?["members"]?.arrayValue?.count == 1)
    }

    @Test func aGroupCannotBeItsOwnMember() async throws {
        let fixture = try StoreFixture()
        let store = try await fixture.open()
        let group = try await store.createGroup("Loop")
        let updated = try await store.modify(.group, group.id, ["members": [["value": .string(group.id)]]])
        #expect(updated.resource["members"] == nil)
    }

    // MARK: Batches

    @Test func everyWriteIsOneBatchWithTheRequestOrigin() async throws {
        let fixture = try StoreFixture()
        let store = try await fixture.open()
        let recorder = BatchRecorder()
        await store.addObserver(recorder)
        let alice = try await store.createUser("alice@example.com")
        _ = try await store.modify(.user, alice.id, ["active": false])
        try await store.remove(.user, alice.id)
        #expect(
            recorder.batches.map(\.origin) == [
                .scim(method: "POST", requestID: nil), .scim(method: "PUT", requestID: nil),
                .scim(method: "DELETE", requestID: nil),
            ])
        #expect(
            recorder.batches.map(\.headline) == [
                "POST User alice@example.com", "PUT User alice@example.com: active → false",
                "DELETE User alice@example.com",
            ])
    }
}
