import Foundation
import SCIM
import Synchronization
import Testing

/// Durable before acknowledged (ARCHITECTURE §4.1): a SIGKILL in the middle of a burst of writes loses nothing that
/// was acknowledged and leaves no torn file.
@Suite struct CrashRecoveryTests {
    /// What the clients were told, by user id: the userName and the highest acknowledged title number.
    final class Acknowledged: Sendable {
        let users = Mutex<[String: (userName: String, title: Int)]>([:])
        let count = Atomic<Int>(0)
        /// Requests that were on the wire when the server died.
        let interrupted = Atomic<Int>(0)

        func created(_ id: String, _ userName: String) {
            users.withLock { $0[id] = (userName, 0) }
            count.add(1, ordering: .relaxed)
        }

        func patched(_ id: String, title: Int) {
            users.withLock { $0[id]!.title = max($0[id]!.title, title) }
            count.add(1, ordering: .relaxed)
        }
    }

    @Test func sigkillDuringAWriteBurstLeavesWholeFilesAndEveryAcknowledgedWrite() async throws {
        let folders = try ScimdirProcess.makeFolders()
        defer { try? FileManager.default.removeItem(at: folders.root) }
        let server = try await ScimdirProcess.start(directory: folders.directory, stateDirectory: folders.state)
        let acknowledged = Acknowledged()
        let target = 600

        // Six clients, each creating users and PATCHing its own users' titles one after another.
        await withTaskGroup(of: Void.self) { group in
            for client in 0..<6 {
                group.addTask {
                    var mine: [String] = []
                    var title = 0
                    for round in 0..<1000 {
                        do {
                            if round % 3 == 0 || mine.isEmpty {
                                let userName = "c\(client)-u\(round)@example.com"
                                let reply = try await server.request(
                                    "POST", "/Users",
                                    body: [
                                        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                                        "userName": .string(userName), "emails": [["value": .string(userName)]],
                                    ])
                                guard reply.status == 201, let id = reply.body?["id"]?.stringValue else { return }
                                acknowledged.created(id, userName)
                                mine.append(id)
                            } else {
                                title += 1
                                let id = mine[title % mine.count]
                                let reply = try await server.request(
                                    "PATCH", "/Users/\(id)",
                                    body: [
                                        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                                        "Operations": [
                                            ["op": "replace", "path": "title", "value": .string("t\(title)")]
                                        ],
                                    ])
                                guard reply.status == 200 else { return }
                                acknowledged.patched(id, title: title)
                            }
                        } catch {
                            acknowledged.interrupted.add(1, ordering: .relaxed)
                            return  // the server is gone
                        }
                    }
                }
            }
            group.addTask {
                await poll(timeout: .seconds(20)) { acknowledged.count.load(ordering: .relaxed) >= target }
                await server.kill()
            }
        }
        let users = acknowledged.users.withLock { $0 }
        #expect(acknowledged.count.load(ordering: .relaxed) >= target, "the burst was too slow to be a burst")
        #expect(server.process.terminationReason == .uncaughtSignal)
        #expect(acknowledged.interrupted.load(ordering: .relaxed) > 0, "the kill hit no write in flight")

        // Every file on disk is whole and valid.
        let check = try ScimdirProcess.run(["check", "--directory", folders.directory.path])
        #expect(check.status == 0, "\(check.output)")
        let names = Disk.names(folders.directory.appendingPathComponent("users"))
        for name in names where !name.hasPrefix(".") {
            #expect(throws: Never.self) { try Disk.json(folders.directory.appendingPathComponent("users/\(name)")) }
        }

        // Every acknowledged write is there: the user, and at least the last acknowledged title.
        for (id, expected) in users {
            let file = folders.directory.appendingPathComponent("users/\(id).json")
            let json = try? Disk.json(file)
            #expect(json?["userName"]?.stringValue == expected.userName, "user \(id) lost")
            let title = json?["title"]?.stringValue.flatMap { Int($0.dropFirst()) } ?? 0
            #expect(title >= expected.title, "user \(id): acknowledged t\(expected.title), file has t\(title)")
        }

        // A restart serves all of them and removes what the interrupted writes left.
        let restarted = try await ScimdirProcess.start(directory: folders.directory, stateDirectory: folders.state)
        let leftovers = Disk.names(folders.directory.appendingPathComponent("users")).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty)
        let listed = try await restarted.request("GET", "/Users?count=0")
        #expect(listed.body?["totalResults"]?.integerValue == names.filter { !$0.hasPrefix(".") }.count)
        #expect(listed.body?["totalResults"]?.integerValue ?? 0 >= users.count)
        #expect(restarted.logLines("invalid file in the directory").isEmpty)
        #expect(await restarted.stop() == 0)
    }
}
