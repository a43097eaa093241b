import ArgumentParser
import DirectoryStore
import Foundation
import SCIM

/// `scimdir bench`: benchmark programs (figures go into notes, never into tests).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Benchmarks: generate a large directory, measure fsync and the SCIM core.",
        subcommands: [Generate.self, Fsync.self, Core.self])

    /// Writes N users and M groups straight to files, in the store's file format.
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Generate a directory of synthetic users and groups (each user in groupsPerUser groups).")

        @OptionGroup var directory: DirectoryOptions
        @Option(help: "Number of users.") var users = 100_000
        @Option(help: "Number of groups.") var groups = 1_000
        @Option(help: "Groups each user belongs to.") var groupsPerUser = 2

        func run() throws {
            let layout = DirectoryLayout(root: directory.directoryURL)
            try layout.createFolders()
            let codec = ResourceFileCodec(registry: .standard)
            let timestamp = "2026-01-01T00:00:00.000Z"
            var userIDs: [String] = []
            let start = Date()
            for index in 0..<users {
                let id = ResourceID.generate()
                userIDs.append(id)
                let name = "user\(index)@example.com"
                let body: JSONObject = [
                    "schemas": [.string(Schema.userURN), .string(Schema.enterpriseUserURN)],
                    "userName": .string(name), "externalId": .string("ext-\(index)"), "active": true,
                    "displayName": .string("User \(index)"),
                    "name": ["givenName": "User", "familyName": .string("Number \(index)")],
                    "emails": [["value": .string(name), "type": "work", "primary": true]],
                    Schema.enterpriseUserURN: ["department": .string("Department \(index % 20)"),
                                                      "employeeNumber": .string(String(index))],
                ]
                let stored = codec.make(kind: .user, id: id, body: body, created: timestamp, lastModified: timestamp)
                try Data(codec.encode(stored)).write(to: layout.file(for: .user, id: id))
            }
            for index in 0..<groups {
                let id = ResourceID.generate()
                let members = stride(from: index, to: users * groupsPerUser, by: groups).map { slot -> JSONValue in
                    ["value": .string(userIDs[slot % users]), "type": "User"]
                }
                let body: JSONObject = [
                    "schemas": [.string(Schema.groupURN)], "displayName": .string("Group \(index)"),
                    "members": .array(Array(Set(members))),
                ]
                let stored = codec.make(kind: .group, id: id, body: body, created: timestamp, lastModified: timestamp)
                try Data(codec.encode(stored)).write(to: layout.file(for: .group, id: id))
            }
            sync()
            print("wrote \(users) users and \(groups) groups to \(layout.root.path) in \(String(format: "%.1f", Date().timeIntervalSince(start))) s")
        }
    }

    /// The disk's own rate of durable writes, the yardstick for the store's write rate.
    struct Fsync: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure durable atomic writes per second (write, fsync, rename, fsync folder) in DIR.")

        @OptionGroup var directory: DirectoryOptions
        @Option(help: "Number of writes.") var count = 500

        func run() throws {
            let folder = directory.directoryURL.appendingPathComponent(".fsync-bench")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let bytes = Array(repeating: UInt8(ascii: "x"), count: 600)
            let start = Date()
            for index in 0..<count {
                try AtomicFile.write(bytes, to: folder.appendingPathComponent("file\(index % 16).json"))
            }
            let elapsed = Date().timeIntervalSince(start)
            print(String(format: "%d durable writes in %.2f s: %.0f writes/s", count, elapsed, Double(count) / elapsed))
        }
    }

    /// Throughput of the SCIM core on one core: filters parsed and compiled, and a typical Entra ID PATCH applied.
    struct Core: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure filters parsed per second and Entra-style PATCHes applied per second (one core).")

        @Option(help: "Seconds to run each measurement.") var seconds = 3.0

        static let filters = [
            #"userName eq "alice@example.com""#,
            #"externalId eq "8e5b3a5c-2f6a-4d3e-9a1b-0c2d4e6f8a0b""#,
            #"emails[type eq "work" and value co "@example.com"] or userName sw "a""#,
            #"userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")"#,
            #"meta.lastModified gt "2011-05-13T04:42:34Z" and not (active eq false)"#,
        ]

        /// The multi-operation user update Entra ID sends (entra-user-lifecycle.json in the IdP transcripts).
        static let entraPatch = #"""
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
              {"op":"Replace","path":"emails[type eq \"work\"].value","value":"bob.baker@example.com"},
              {"op":"Replace","path":"name.givenName","value":"Robert"},
              {"op":"Replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department","value":"Sales"},
              {"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":"4f1f3a4e-0c8e-4b8e-9d1e-6f1f2d3c4b5a"},
              {"op":"Add","path":"title","value":"Account Executive"},
              {"op":"Replace","path":"active","value":"False"}]}
            """#

        func run() throws {
            let parser = FilterParser()
            let filterRate = try measure {
                for text in Self.filters { _ = try parser.parse(text).compile(for: .user) }
            } * Double(Self.filters.count)
            print(String(format: "filters parsed and compiled: %.0f per second", filterRate))

            let user: JSONObject = [
                "id": "7b2c9d10-5e6f-4a1b-8c2d-3e4f5a6b7c8d",
                "schemas": [.string(Schema.userURN), .string(Schema.enterpriseUserURN)],
                "userName": "bob@example.com", "externalId": "bob", "active": true, "displayName": "Bob Baker",
                "name": ["givenName": "Bob", "familyName": "Baker", "formatted": "Bob Baker"],
                "emails": [["value": "bob@example.com", "type": "work", "primary": true]],
                Schema.enterpriseUserURN: ["department": "Support", "employeeNumber": "1002"],
                "meta": ["resourceType": "User", "created": "2026-01-15T09:00:00.000Z",
                         "lastModified": "2026-01-15T09:00:00.000Z"],
            ]
            let engine = PatchEngine(resourceType: .user)
            let body = Array(Self.entraPatch.utf8)
            let patchRate = try measure {
                let request = try PatchRequest(json: try JSONParser().parse(body))
                _ = try engine.apply(request, to: user)
            }
            print(String(format: "Entra PATCH bodies parsed and applied (6 operations, validated): %.0f per second", patchRate))
        }

        /// Runs `body` repeatedly for ``seconds`` and returns runs per second.
        private func measure(_ body: () throws -> Void) throws -> Double {
            for _ in 0..<100 { try body() }  // warm-up
            let clock = ContinuousClock()
            let start = clock.now
            var runs = 0
            while clock.now - start < .seconds(seconds) {
                for _ in 0..<100 { try body() }
                runs += 100
            }
            let elapsed = clock.now - start
            return Double(runs) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
    }
}
