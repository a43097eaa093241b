import Deprovisioning
import DirectoryStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import SCIM
import SCIMServer
import Synchronization
import Testing

/// Concurrent writers (issue 8; ARCHITECTURE §4.2–4.3): one writer applies every change to the latest state, so no
/// update is lost however many clients change one group at once, and `If-Match` lets exactly one of a race win.
@Suite struct ConcurrencyTests {
    /// Unexpected replies, collected from many tasks.
    final class Failures: Sendable {
        private let lines = Mutex<[String]>([])
        func append(_ line: String) { lines.withLock { $0.append(line) } }
        var all: [String] { lines.withLock { $0 } }
    }

    /// A test server whose store feeds a deprovisioning outbox, as `scimdir serve`'s does.
    static func serverWithFeed() async throws -> (TestServer, Outbox) {
        let server = try await TestServer.make()
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let files = StateFiles(directory: server.stateDirectory)
        let feed = try DeprovisioningFeed(configuration: .init(files: files), logger: logger)
        try feed.catchUp(with: server.store.snapshot)
        await server.store.addObserver(feed)
        return (server, Outbox(files: files))
    }

    @Test func thirtyTwoClientsAddingAndRemovingMembersOfOneGroupLoseNoUpdate() async throws {
        let (server, outbox) = try await Self.serverWithFeed()
        let clients = 32
        let rounds = 3
        try await server.test { client in
            let users = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<clients {
                    group.addTask { try await client.createUser("member\(index)@example.com", server: server) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }.sorted()
            let groupID = try await client.createGroup("Everyone", server: server)
            let failures = Failures()

            // Each client adds its own user and removes it again, `rounds` times, in Okta's shapes (every fourth
            // removes in Entra ID's); the even ones add it once more at the end.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, user) in users.enumerated() {
                    group.addTask {
                        let add = patchBody(["op": "add", "path": "members", "value": [["value": .string(user)]]])
                        let remove =
                            index % 4 == 3
                            ? patchBody(["op": "Remove", "path": "members", "value": [["value": .string(user)]]])
                            : patchBody(["op": "remove", "path": .string("members[value eq \"\(user)\"]")])
                        var operations = Array(repeating: [add, remove], count: rounds).flatMap { $0 }
                        if index.isMultiple(of: 2) { operations.append(add) }
                        for body in operations {
                            let reply = try await client.scim(.patch, "/Groups/\(groupID)", server: server, body: body)
                            if reply.status != 200 {
                                failures.append("\(user): \(reply.status) \(reply.text)")
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(failures.all.isEmpty, "\(failures.all)")

            // The final membership is exactly the even clients' users, in the file and as served.
            let expected = Set(users.enumerated().filter { $0.offset.isMultiple(of: 2) }.map(\.element))
            let served = try await client.scim(.get, "/Groups/\(groupID)", server: server)
            let members = Set(served.json?["members"]?.arrayValue?.compactMap { $0["value"]?.stringValue } ?? [])
            #expect(members == expected)
            let file = try JSONParser().parse(
                Array(try Data(contentsOf: server.directory.appendingPathComponent("groups/\(groupID).json"))))
            #expect(Set(file["members"]?.arrayValue?.compactMap { $0["value"]?.stringValue } ?? []) == expected)

            // Every operation was applied exactly once: one diff entry per add and per remove, per user.
            var added: [String: Int] = [:]
            var removed: [String: Int] = [:]
            for sequence in outbox.sequences() {
                let entries = try outbox.read(sequence).entries
                for entry in entries.membershipsAdded where entry.group.id == groupID {
                    added[entry.memberID, default: 0] += 1
                }
                for entry in entries.membershipsRemoved where entry.group.id == groupID {
                    removed[entry.memberID, default: 0] += 1
                }
            }
            for (index, user) in users.enumerated() {
                #expect(
                    added[user] == rounds + (index.isMultiple(of: 2) ? 1 : 0), "\(user) added \(added[user] ?? 0) times"
                )
                #expect(removed[user] == rounds, "\(user) removed \(removed[user] ?? 0) times")
            }
        }
    }

    @Test func tenClientsRacingWithTheSameIfMatchOneWinsNineGet412() async throws {
        let (server, _) = try await Self.serverWithFeed()
        try await server.test { client in
            let id = try await client.createUser("alice@example.com", server: server)
            let version = try #require(try await client.scim(.get, "/Users/\(id)", server: server).header(.eTag))

            let patches = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
                for index in 0..<10 {
                    group.addTask {
                        let reply = try await client.scim(
                            .patch, "/Users/\(id)", server: server,
                            body: patchBody(["op": "replace", "path": "title", "value": .string("title \(index)")]),
                            headers: [.ifMatch: version])
                        #expect(reply.status == 200 || reply.isSCIMError)
                        return (index, reply.status)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let winners = patches.filter { $0.1 == 200 }
            #expect(winners.count == 1, "\(patches)")
            #expect(patches.filter { $0.1 == 412 }.count == 9, "\(patches)")
            let current = try await client.scim(.get, "/Users/\(id)", server: server)
            #expect(current.json?["title"]?.stringValue == winners.first.map { "title \($0.0)" })
            #expect(current.header(.eTag) != version)

            // The same race on DELETE: one 204; the others find a changed version or no user.
            let latest = try #require(current.header(.eTag))
            let deletes = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<10 {
                    group.addTask {
                        try await client.scim(.delete, "/Users/\(id)", server: server, headers: [.ifMatch: latest])
                            .status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(deletes.filter { $0 == 204 }.count == 1, "\(deletes)")
            #expect(deletes.allSatisfy { [204, 404, 412].contains($0) }, "\(deletes)")
        }
    }
}
