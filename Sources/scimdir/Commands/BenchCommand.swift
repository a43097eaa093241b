import ArgumentParser
import DirectoryStore
import Foundation
import SCIM

/// `scimdir bench`: benchmark programs (figures go into notes, never into tests).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Benchmarks: generate a large directory, measure fsync and the SCIM core.",
        subcommands: [Generate.self, Fsync.self])

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
}
