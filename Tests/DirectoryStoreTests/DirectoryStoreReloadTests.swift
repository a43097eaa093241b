import DirectoryStore
import Foundation
import HashTreeCollections
import SCIM
import Testing

/// Files changed on disk — hand edits, `git checkout` — reloaded through `reload(_:)` (ARCHITECTURE §4.3–4.5, §5),
/// without the watcher: these tests call what the watcher calls.
@Suite struct DirectoryStoreReloadTests {
    static func userPath(_ id: String) -> String { "users/\(id).json" }

    /// A store with alice (title Engineer) and bob, both in Engineering.
    struct Setup {
        let fixture: StoreFixture
        let store: DirectoryStore
        let recorder = BatchRecorder()
        let alice: StoredResource
        let bob: StoredResource
        let group: StoredResource

        static func make() async throws -> Setup {
            let fixture = try StoreFixture()
            let store = try await fixture.open()
            let alice = try await store.createUser("alice@example.com", ["title": "Engineer", "active": true])
            let bob = try await store.createUser("bob@example.com")
            let group = try await store.createGroup("Engineering", members: [alice.id, bob.id])
            let setup = Setup(fixture: fixture, store: store, alice: alice, bob: bob, group: group)
            await store.addObserver(setup.recorder)
            fixture.log.clear()
            return setup
        }

        /// Edits a user's file as a person would: read, change, write back in place.
        func editUser(_ id: String, _ change: (inout JSONObject) -> Void) throws {
            var object = try #require(try fixture.readJSON(userPath(id))?.objectValue)
            change(&object)
            try fixture.write(userPath(id), json: .object(object))
        }
    }

    @Test func aHandEditIsServedWithANewVersionAsOneDirectoryEditBatch() async throws {
        let setup = try await Setup.make()
        try setup.editUser(setup.alice.id) { $0["active"] = false }
        #expect(await setup.store.reload([Self.userPath(setup.alice.id)]) == 1)
        let served = try #require(setup.store.snapshot.resource(.user, id: setup.alice.id))
        #expect(served.resource["active"] == false)
        #expect(served.version != setup.alice.version)
        #expect(served.resource["groups"] != nil)
        #expect(setup.recorder.batches.count == 1)
        #expect(setup.recorder.batches.first?.origin == .directoryEdit)
    }

    @Test func theStoresOwnWritesAreNotReprocessed() async throws {
        let setup = try await Setup.make()
        _ = try await setup.store.modify(.user, setup.alice.id, ["title": "CTO"])
        let batches = setup.recorder.batches.count
        #expect(await setup.store.reload([Self.userPath(setup.alice.id), "groups/\(setup.group.id).json"]) == 0)
        #expect(await setup.store.reload(nil) == 0)
        #expect(setup.recorder.batches.count == batches)
    }

    @Test func reformattingAFileIsANewVersionWithTheSameContent() async throws {
        let setup = try await Setup.make()
        let object = try #require(try setup.fixture.readJSON(Self.userPath(setup.alice.id)))
        try setup.fixture.write(Self.userPath(setup.alice.id), JSONWriter.compact.string(object))
        await setup.store.reload([Self.userPath(setup.alice.id)])
        let served = try #require(setup.store.snapshot.resource(.user, id: setup.alice.id))
        #expect(served.version != setup.alice.version)
        #expect(ResourceFileCodec.content(of: served.resource) == ResourceFileCodec.content(of: setup.alice.resource))
    }

    @Test func invalidJSONKeepsTheLastGoodVersionAndTheFixIsPickedUp() async throws {
        let setup = try await Setup.make()
        let path = Self.userPath(setup.alice.id)
        try setup.fixture.write(path, "{\n  \"id\": \"\(setup.alice.id)\",\n  \"active\": fals\n}\n")
        #expect(await setup.store.reload([path]) == 0)
        #expect(
            setup.store.snapshot.resource(.user, id: setup.alice.id)
                == setup.alice.withGroups(
                    setup.store.snapshot.resource(.user, id: setup.alice.id)?.resource["groups"]?.arrayValue ?? []))
        let problem = try #require(setup.store.snapshot.problems[path])
        #expect(problem.line == 3)
        let logged = try #require(setup.fixture.log.entries("invalid file in the directory").last)
        #expect(logged.metadata["path"] == path)
        #expect(logged.metadata["reason"]?.contains("line 3, column") == true)

        try setup.editUserFromScratch(setup.alice, active: false)
        #expect(await setup.store.reload([path]) == 1)
        #expect(setup.store.snapshot.resource(.user, id: setup.alice.id)?.resource["active"] == false)
        #expect(setup.store.snapshot.problems[path] == nil)
    }

    @Test func aRemovedFileRemovesItsResourceAndGroupsServeOnlyExistingMembers() async throws {
        let setup = try await Setup.make()
        let groupFile = setup.fixture.read("groups/\(setup.group.id).json")
        try setup.fixture.remove(Self.userPath(setup.alice.id))
        #expect(await setup.store.reload([Self.userPath(setup.alice.id)]) == 2)
        #expect(setup.store.snapshot.resource(.user, id: setup.alice.id) == nil)
        let members = setup.store.snapshot.resource(.group, id: setup.group.id)?.resource["members"]?.arrayValue
        #expect(members?.compactMap { $0["value"]?.stringValue } == [setup.bob.id])
        // The group file belongs to people and git: it is not rewritten.
        #expect(setup.fixture.read("groups/\(setup.group.id).json") == groupFile)
    }

    @Test func aRestoredFileBringsBackItsResourceAndItsGroupMemberships() async throws {
        let setup = try await Setup.make()
        let path = Self.userPath(setup.alice.id)
        let content = try #require(setup.fixture.read(path))
        try setup.fixture.remove(path)
        await setup.store.reload([path])
        try setup.fixture.write(path, content)
        await setup.store.reload([path])

        let alice = try #require(setup.store.snapshot.resource(.user, id: setup.alice.id))
        #expect(alice.version == setup.alice.version)
        let members = setup.store.snapshot.resource(.group, id: setup.group.id)?.resource["members"]?.arrayValue
        #expect(Set(members?.compactMap { $0["value"]?.stringValue } ?? []) == [setup.alice.id, setup.bob.id])
        #expect(alice.resource["groups"]?.arrayValue?.count == 1)
    }

    @Test func aUserFixedAfterStartRejoinsTheGroupsItsFileIsListedIn() async throws {
        let fixture = try StoreFixture()
        try fixture.write("users/alice.json", "{ broken")
        try fixture.write("groups/g.json", json: StoreFixture.groupFile(id: "g", displayName: "G", members: ["alice"]))
        let store = try await fixture.open()
        #expect(store.snapshot.resource(.group, id: "g")?.resource["members"] == nil)
        try fixture.write("users/alice.json", json: StoreFixture.userFile(id: "alice", userName: "alice"))
        await store.reload(["users/alice.json"])
        #expect(store.snapshot.resource(.group, id: "g")?.resource["members"]?.arrayValue?.count == 1)
        #expect(store.snapshot.resource(.user, id: "alice")?.resource["groups"]?.arrayValue?.count == 1)
    }

    @Test func aFileDeletedAndRecreatedIsOneModification() async throws {
        let setup = try await Setup.make()
        let path = Self.userPath(setup.alice.id)
        var object = try #require(try setup.fixture.readJSON(path)?.objectValue)
        try setup.fixture.remove(path)
        object["title"] = "CTO"
        try setup.fixture.write(path, json: .object(object))
        #expect(await setup.store.reload([path]) == 1)
        let change = try #require(setup.recorder.batches.last?.changes.first)
        #expect(change.before != nil && change.after != nil)
        #expect(change.after?.resource["title"] == "CTO")
    }

    @Test func aNewFileAddsAResource() async throws {
        let setup = try await Setup.make()
        try setup.fixture.write(
            "users/carol.json", json: StoreFixture.userFile(id: "carol", userName: "carol@example.com"))
        #expect(await setup.store.reload(["users/carol.json"]) == 1)
        #expect(setup.store.snapshot.resource(.user, id: "carol")?.resource["userName"] == "carol@example.com")
    }

    @Test func aUniquenessConflictFromAHandEditIsReportedAndTheLastGoodVersionKept() async throws {
        let setup = try await Setup.make()
        try setup.editUser(setup.bob.id) { $0["userName"] = "ALICE@example.com" }
        #expect(await setup.store.reload([Self.userPath(setup.bob.id)]) == 0)
        #expect(setup.store.snapshot.resource(.user, id: setup.bob.id)?.resource["userName"] == "bob@example.com")
        let problem = try #require(setup.store.snapshot.problems[Self.userPath(setup.bob.id)])
        #expect(problem.reason.contains("uniqueness"))
        #expect(setup.fixture.log.entries("invalid file in the directory").count == 1)
    }

    @Test func aFileBlockedByAUniquenessConflictLoadsOnceTheConflictIsGone() async throws {
        let setup = try await Setup.make()
        try setup.editUser(setup.bob.id) { $0["userName"] = "alice@example.com" }
        await setup.store.reload([Self.userPath(setup.bob.id)])
        _ = try await setup.store.modify(.user, setup.alice.id, ["userName": "alice.old@example.com"])
        await setup.store.reload(nil)
        #expect(setup.store.snapshot.resource(.user, id: setup.bob.id)?.resource["userName"] == "alice@example.com")
        #expect(setup.store.snapshot.problems.isEmpty)
    }

    @Test func aFileBlockedByAUniquenessConflictLoadsInTheBatchOfTheHandEditThatFreesTheValue() async throws {
        let setup = try await Setup.make()
        try setup.editUser(setup.bob.id) { $0["userName"] = "alice@example.com" }
        await setup.store.reload([Self.userPath(setup.bob.id)])
        try setup.editUser(setup.alice.id) { $0["userName"] = "alice.old@example.com" }
        #expect(await setup.store.reload([Self.userPath(setup.alice.id)]) == 2)
        #expect(setup.store.snapshot.resource(.user, id: setup.bob.id)?.resource["userName"] == "alice@example.com")
        #expect(setup.store.snapshot.problems.isEmpty)
        #expect(setup.fixture.log.entries("invalid file in the directory").count == 1)
    }

    @Test func aBlockedFileThatStillConflictsIsNotReportedAgainOnEveryBatch() async throws {
        let setup = try await Setup.make()
        try setup.editUser(setup.bob.id) { $0["userName"] = "alice@example.com" }
        await setup.store.reload([Self.userPath(setup.bob.id)])
        try setup.editUser(setup.alice.id) { $0["title"] = "Unrelated" }
        #expect(await setup.store.reload([Self.userPath(setup.alice.id)]) == 1)
        #expect(setup.fixture.log.entries("invalid file in the directory").count == 1)
        #expect(setup.store.snapshot.problems[Self.userPath(setup.bob.id)] != nil)
    }

    @Test func groupsNamingEachOtherInOneBatchKeepEveryMembership() async throws {
        let setup = try await Setup.make()
        for index in 1...4 {
            try setup.fixture.write(
                "groups/n\(index).json",
                json: StoreFixture.groupFile(
                    id: "n\(index)", displayName: "N\(index)", members: index < 4 ? ["n\(index + 1)"] : []))
        }
        await setup.store.reload(Set((1...4).map { "groups/n\($0).json" }))
        for index in 1...3 {
            let members = setup.store.snapshot.resource(.group, id: "n\(index)")?.resource["members"]?.arrayValue
            #expect(members?.compactMap { $0["value"]?.stringValue } == ["n\(index + 1)"])
        }
        #expect(setup.recorder.batches.count == 1)
    }

    @Test func aHandEditThatTheWatcherHasNotDeliveredMakesAStaleIfMatchFail() async throws {
        let setup = try await Setup.make()
        try setup.editUser(setup.alice.id) { $0["title"] = "Hand-edited" }
        let error = await scimError {
            _ = try await setup.store.modify(.user, setup.alice.id, ifMatch: setup.alice.version, ["active": false])
        }
        #expect(error?.status == 412)
        #expect(setup.store.snapshot.resource(.user, id: setup.alice.id)?.resource["title"] == "Hand-edited")
    }

    @Test func aSCIMWriteRightAfterAHandDeletionIs404AndDoesNotBringTheFileBack() async throws {
        let setup = try await Setup.make()
        try setup.fixture.remove(Self.userPath(setup.alice.id))
        let error = await scimError { _ = try await setup.store.modify(.user, setup.alice.id, ["active": false]) }
        #expect(error?.status == 404)
        #expect(!setup.fixture.exists(Self.userPath(setup.alice.id)))
        #expect(setup.store.snapshot.resource(.user, id: setup.alice.id) == nil)
    }

    @Test func aSCIMWriteRightAfterAHandEditKeepsTheHandEdit() async throws {
        let setup = try await Setup.make()
        try setup.editUser(setup.alice.id) { $0["title"] = "Hand-edited" }
        _ = try await setup.store.modify(.user, setup.alice.id, ["active": false])
        let file = try #require(try setup.fixture.readJSON(Self.userPath(setup.alice.id)))
        #expect(file["title"] == "Hand-edited")
        #expect(file["active"] == false)
    }

    @Test func deletingAUserRightAfterAHandEditOfAGroupKeepsTheGroupEdit() async throws {
        let setup = try await Setup.make()
        var group = try #require(try setup.fixture.readJSON("groups/\(setup.group.id).json")?.objectValue)
        group["externalId"] = "hand-set"
        try setup.fixture.write("groups/\(setup.group.id).json", json: .object(group))
        try await setup.store.remove(.user, setup.bob.id)
        let file = try #require(try setup.fixture.readJSON("groups/\(setup.group.id).json"))
        #expect(file["externalId"] == "hand-set")
        #expect(file["members"]?.arrayValue?.compactMap { $0["value"]?.stringValue } == [setup.alice.id])
    }

    @Test func aHandEditedGroupUpdatesItsMembersDerivedGroupsAndDropsUnknownMembers() async throws {
        let setup = try await Setup.make()
        try setup.fixture.write(
            "groups/\(setup.group.id).json",
            json: StoreFixture.groupFile(
                id: setup.group.id, displayName: "Engineering", members: [setup.bob.id, "ghost"]))
        await setup.store.reload(["groups/\(setup.group.id).json"])
        #expect(setup.store.snapshot.resource(.user, id: setup.alice.id)?.resource["groups"] == nil)
        #expect(setup.store.snapshot.resource(.user, id: setup.bob.id)?.resource["groups"]?.arrayValue?.count == 1)
        #expect(
            setup.fixture.log.entries("dropping a group member that does not exist").map { $0.metadata["member"] } == [
                "ghost"
            ])
    }

    @Test func aRescanFindsEditsRemovalsAndNewFilesAsOneBatch() async throws {
        let setup = try await Setup.make()
        try setup.editUser(setup.alice.id) { $0["title"] = "CTO" }
        try setup.fixture.remove(Self.userPath(setup.bob.id))
        try setup.fixture.write("users/carol.json", json: StoreFixture.userFile(id: "carol", userName: "carol"))
        #expect(await setup.store.reload(nil) == 4)  // alice, bob, carol, and the group that loses bob
        #expect(setup.recorder.batches.count == 1)
        #expect(setup.store.snapshot.resource(.user, id: "carol") != nil)
        #expect(setup.store.snapshot.resource(.user, id: setup.bob.id) == nil)
    }

    @Test func aRemovedInvalidFileClearsItsProblem() async throws {
        let setup = try await Setup.make()
        try setup.fixture.write("users/junk.json", "nope")
        await setup.store.reload(["users/junk.json"])
        #expect(setup.store.snapshot.problems["users/junk.json"] != nil)
        try setup.fixture.remove("users/junk.json")
        await setup.store.reload(["users/junk.json"])
        #expect(setup.store.snapshot.problems.isEmpty)
    }

    @Test func pathsThatAreNotResourceFilesAreIgnored() async throws {
        let setup = try await Setup.make()
        try setup.fixture.write("users/x.json~", "junk")
        #expect(
            await setup.store.reload(["users/x.json~", "users/.x.json.swp", "users/4913", "elsewhere/x.json"]) == 0)
        #expect(setup.store.snapshot.problems.isEmpty)
    }

    @Test func anExtensionSchemaAddedToSchemasRevalidatesEveryFile() async throws {
        let setup = try await Setup.make()
        try FileManager.default.createDirectory(at: setup.fixture.url("schemas"), withIntermediateDirectories: true)
        try setup.editUser(setup.alice.id) { object in
            object["schemas"] = ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:example:badge"]
            object["urn:example:badge"] = ["badge": "B-7"]
        }
        await setup.store.reload([Self.userPath(setup.alice.id)])
        #expect(setup.store.snapshot.problems[Self.userPath(setup.alice.id)] != nil)
        try setup.fixture.write(
            "schemas/badge.json",
            json: [
                "id": "urn:example:badge", "name": "Badge",
                "attributes": [["name": "badge", "type": "string", "multiValued": false]],
            ])
        await setup.store.reload(["schemas/badge.json"])
        #expect(setup.store.snapshot.problems.isEmpty, "\(setup.store.snapshot.problems)")
        let alice = setup.store.snapshot.resource(.user, id: setup.alice.id)
        #expect(alice?.resource["urn:example:badge"]?["badge"] == "B-7")
    }

    @Test func aWriteToAResourceWhoseFileIsAnInvalidHandEditIsRefusedAndTheEditKept() async throws {
        let setup = try await Setup.make()
        let path = Self.userPath(setup.alice.id)
        let broken = "{\n  \"id\": \"\(setup.alice.id)\",\n  \"active\": fals\n}\n"
        try setup.fixture.write(path, broken)
        do {
            _ = try await setup.store.update(.user, id: setup.alice.id, ifMatch: nil, origin: .directoryEdit) { existing, _ in
                existing
            }
            Issue.record("the write was accepted")
        } catch {
            #expect(error.status == 409)
            #expect(error.detail.contains(path) && error.detail.contains("line 3"))
        }
        await #expect(throws: SCIMError.self) {
            try await setup.store.delete(.user, id: setup.alice.id, ifMatch: nil, origin: .directoryEdit)
        }
        #expect(setup.fixture.read(path) == broken)
    }

    @Test func deletingAUserLeavesAnInvalidGroupFileAloneButStopsServingTheMember() async throws {
        let setup = try await Setup.make()
        let groupPath = "groups/\(setup.group.id).json"
        let broken = "{ not json"
        try setup.fixture.write(groupPath, broken)
        try await setup.store.delete(.user, id: setup.bob.id, ifMatch: nil, origin: .directoryEdit)
        #expect(setup.fixture.read(groupPath) == broken)
        let members = setup.store.snapshot.groups[setup.group.id]?.resource["members"]?.arrayValue ?? []
        #expect(members.compactMap { $0["value"]?.stringValue } == [setup.alice.id])
    }
}

extension DirectoryStoreReloadTests.Setup {
    /// Rewrites a user's file completely with the served attributes and `active`.
    func editUserFromScratch(_ user: StoredResource, active: Bool) throws {
        var object = user.resource
        object["groups"] = nil
        object["meta"] = nil
        object["active"] = .bool(active)
        try fixture.write(DirectoryStoreReloadTests.userPath(user.id), json: .object(object))
    }
}
