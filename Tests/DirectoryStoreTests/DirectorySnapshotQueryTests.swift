import DirectoryStore
import Foundation
import SCIM
import Testing

/// `candidates(_:narrowedBy:)`: index lookups return exactly the resources the index names, and never miss one the
/// filter matches (ARCHITECTURE §4.6).
@Suite struct DirectorySnapshotQueryTests {
    /// alice, bob, carol and groups Engineering (alice, bob) and Ops (carol); ids fixed so results sort predictably.
    struct Directory {
        let fixture: StoreFixture
        let store: DirectoryStore

        static func make() async throws -> Directory {
            let fixture = try StoreFixture()
            let userSchema: JSONValue = ["urn:ietf:params:scim:schemas:core:2.0:User"]
            try fixture.write(
                "users/u1-alice.json",
                json: [
                    "id": "u1-alice", "schemas": userSchema, "userName": "Alice@example.com", "externalId": "ext-A",
                    "emails": [
                        ["value": "alice@example.com", "type": "home"],
                        ["value": "A.Work@example.com", "type": "work"],
                    ],
                    "active": true,
                ])
            try fixture.write(
                "users/u2-bob.json",
                json: [
                    "id": "u2-bob", "schemas": userSchema, "userName": "bob", "externalId": "ext-b",
                    "emails": [["value": "bob@example.com", "type": "work"]], "active": true, "title": "Engineer",
                ])
            try fixture.write(
                "users/U3-Carol.json",
                json: ["id": "U3-Carol", "schemas": userSchema, "userName": "carol", "active": false])
            try fixture.write(
                "groups/g1-eng.json",
                json: [
                    "id": "g1-eng", "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
                    "displayName": "Engineering", "externalId": "g-1",
                    "members": [["value": "u1-alice"], ["value": "u2-bob"]],
                ])
            try fixture.write(
                "groups/g2-ops.json",
                json: StoreFixture.groupFile(id: "g2-ops", displayName: "Ops", members: ["U3-Carol"]))
            let store = try await fixture.open()
            #expect(store.snapshot.problems.isEmpty)
            return Directory(fixture: fixture, store: store)
        }

        func candidates(_ kind: ResourceKind, _ filter: String) throws -> [String] {
            let snapshot = store.snapshot
            let resourceType = kind.resourceType(in: snapshot.registry)
            let predicate = try FilterParser().parse(filter).compile(for: resourceType)
            return snapshot.candidates(kind, narrowedBy: predicate.filter).map(\.id)
        }

        /// What a full scan finds.
        func matches(_ kind: ResourceKind, _ filter: String) throws -> Set<String> {
            let snapshot = store.snapshot
            let predicate = try FilterParser().parse(filter).compile(for: kind.resourceType(in: snapshot.registry))
            return Set(snapshot.candidates(kind, narrowedBy: nil).filter { predicate.matches($0.resource) }.map(\.id))
        }

        var allUsers: [String] { store.snapshot.candidates(.user, narrowedBy: nil).map(\.id) }
        var allGroups: [String] { store.snapshot.candidates(.group, narrowedBy: nil).map(\.id) }
    }

    static let userCases: [(filter: String, expected: [String]?)] = [
        (#"userName eq "alice@EXAMPLE.com""#, ["u1-alice"]),
        (#"userName eq "nobody""#, []),
        (#"USERNAME eq "bob""#, ["u2-bob"]),
        (#"externalId eq "ext-A""#, ["u1-alice"]),
        (#"externalId eq "EXT-A""#, []),
        (#"id eq "u2-bob""#, ["u2-bob"]),
        (#"id eq "missing""#, []),
        (#"emails eq "a.work@EXAMPLE.com""#, ["u1-alice"]),
        (#"emails.value eq "bob@example.com""#, ["u2-bob"]),
        (#"emails[value eq "BOB@example.com"]"#, ["u2-bob"]),
        (#"emails[type eq "work" and value eq "bob@example.com"]"#, ["u2-bob"]),
        (#"emails[type eq "work"]"#, nil),
        (#"userName eq "bob" and active eq true"#, ["u2-bob"]),
        (#"active eq true and userName eq "bob""#, ["u2-bob"]),
        (#"userName eq "bob" and externalId eq "nope""#, []),
        (#"userName eq "bob" or externalId eq "ext-A""#, ["u1-alice", "u2-bob"]),
        (#"(userName eq "bob" or userName eq "carol") and active eq false"#, ["U3-Carol", "u2-bob"]),
        (#"userName eq "bob" or active eq false"#, nil),
        (#"not (userName eq "bob")"#, nil),
        (#"userName ne "bob""#, nil),
        (#"userName co "o""#, nil),
        (#"userName sw "B""#, nil),
        (#"title eq "Engineer""#, nil),
        (#"active eq true"#, nil),
        (#"userName pr"#, nil),
    ]

    @Test(arguments: userCases)
    func userFiltersNarrowToExactlyTheIndexedCandidates(_ filter: String, _ expected: [String]?) async throws {
        let directory = try await Directory.make()
        let candidates = try directory.candidates(.user, filter)
        #expect(candidates == (expected ?? directory.allUsers), "\(filter)")
        #expect(try directory.matches(.user, filter).isSubset(of: candidates), "\(filter) misses a match")
    }

    @Test func schemaQualifiedPathsNeverMissAMatch() async throws {
        let directory = try await Directory.make()
        let filter = #"urn:ietf:params:scim:schemas:core:2.0:User:userName eq "BOB""#
        #expect(try directory.matches(.user, filter) == ["u2-bob"])
        #expect(try directory.candidates(.user, filter).contains("u2-bob"))
    }

    static let groupCases: [(filter: String, expected: [String]?)] = [
        (#"displayName eq "ENGINEERING""#, ["g1-eng"]),
        (#"displayName eq "nothing""#, []),
        (#"externalId eq "g-1""#, ["g1-eng"]),
        (#"members[value eq "u1-alice"]"#, ["g1-eng"]),
        (#"members.value eq "U3-Carol""#, ["g2-ops"]),
        (#"members eq "u2-bob""#, ["g1-eng"]),
        (#"members[value eq "u2-bob"] or displayName eq "Ops""#, ["g1-eng", "g2-ops"]),
        (#"members[display eq "x"]"#, nil),
        (#"displayName co "Eng""#, nil),
    ]

    @Test(arguments: groupCases)
    func groupFiltersNarrowToExactlyTheIndexedCandidates(_ filter: String, _ expected: [String]?) async throws {
        let directory = try await Directory.make()
        let candidates = try directory.candidates(.group, filter)
        #expect(candidates == (expected ?? directory.allGroups), "\(filter)")
        #expect(try directory.matches(.group, filter).isSubset(of: candidates), "\(filter) misses a match")
    }

    /// Member values compare case-insensitively (RFC 7643 §8.7.1 `members.value` is not caseExact), so an index
    /// lookup must not miss a member whose id differs only in case.
    @Test(arguments: [#"members[value eq "u3-carol"]"#, #"members.value eq "U1-ALICE""#, #"members eq "u3-CAROL""#])
    func memberLookupsNeverMissACaseInsensitiveMatch(_ filter: String) async throws {
        let directory = try await Directory.make()
        let matches = try directory.matches(.group, filter)
        #expect(!matches.isEmpty)
        #expect(matches.isSubset(of: try directory.candidates(.group, filter)), "\(filter) misses a match")
    }

    @Test func indexesFollowWritesRenamesAndDeletes() async throws {
        let directory = try await Directory.make()
        let store = directory.store
        _ = try await store.modify(
            .user, "u2-bob", ["userName": "robert", "externalId": "ext-r", "emails": [["value": "robert@example.com"]]])
        #expect(try directory.candidates(.user, #"userName eq "bob""#) == [])
        #expect(try directory.candidates(.user, #"externalId eq "ext-b""#) == [])
        #expect(try directory.candidates(.user, #"emails eq "bob@example.com""#) == [])
        #expect(try directory.candidates(.user, #"userName eq "robert""#) == ["u2-bob"])
        #expect(try directory.candidates(.user, #"emails eq "robert@example.com""#) == ["u2-bob"])

        try await store.remove(.user, "u1-alice")
        #expect(try directory.candidates(.user, #"emails eq "alice@example.com""#) == [])
        #expect(try directory.candidates(.group, #"members eq "u1-alice""#) == [])

        let new = try await store.createUser("dave", ["emails": [["value": "Shared@example.com"]]])
        _ = try await store.createUser("erin", ["emails": [["value": "shared@example.com"]]])
        #expect(try directory.candidates(.user, #"emails eq "shared@example.com""#).count == 2)
        #expect(try directory.candidates(.user, #"userName eq "DAVE""#) == [new.id])
    }
}
