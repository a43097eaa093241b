import Foundation
import Glibc
import SCIM
import Synchronization
import Testing

/// The crash driver (issue 8, ARCHITECTURE §4.1, §6): round after round, several clients create, PATCH (title,
/// `active` both ways, Okta's and Entra ID's shapes), add and remove group members and delete users over HTTP, and
/// the real binary is SIGKILLed at a random moment. After each restart:
///
/// - every acknowledged write is in the directory and served, exactly as the clients were told (each resource has
///   one owner, so the expected state is exact but for the one request per client that was in flight);
/// - no temporary or torn file is left in `users/`, `groups/` or the outbox; `scimdir check` is clean;
/// - the outbox holds diffs 1…N without a gap, each whole; `scimdir diff list` reads them all;
/// - no deprovisioning is lost: every acknowledged deactivation and deletion is a `deprovisioned` entry with its
///   reason, and a host that applied every diff in order (the startup diff included) agrees with the directory on
///   which users exist, which are active and who is in which group.
///
/// `swift test` runs 3 rounds. The long run: `SCIMDIR_CRASH_ROUNDS=50 swift test --filter CrashDriver`
/// (`SCIMDIR_CRASH_SEED` replays a run's choice of operations; the kill moments are random each time).
@Suite struct CrashDriverTests {
    static let workers = 6
    /// The latest kill, in milliseconds after a round's clients start.
    static let latestKill = 1500

    /// What the clients share during a round.
    final class Round: Sendable {
        let killed = Atomic<Bool>(false)
        let inFlight = Atomic<Int>(0)
    }

    /// What a task of a round returns.
    enum Outcome: Sendable {
        case worker(Int, CrashDriver.Expectation, Int, [String])
        case kill(milliseconds: Int, inFlight: Int)
    }

    /// The server's address and credentials, for the clients.
    struct Target: Sendable {
        var port: Int
        var token: String
        var basePath: String
    }

    @Test func crashDriver() async throws {
        let environment = ProcessInfo.processInfo.environment
        let rounds = environment["SCIMDIR_CRASH_ROUNDS"].flatMap { Int($0) } ?? 3
        let seed = environment["SCIMDIR_CRASH_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 0...UInt64.max)
        var random = CrashDriverRandom(state: seed)
        let folders = try ScimdirProcess.makeFolders()
        let clock = ContinuousClock()
        let started = clock.now
        var problems: [String] = []
        var acknowledgedTotal = 0
        var resolvedTotal = 0
        var killPoints: [String] = []
        var leftoversTotal = 0

        var server = try await ScimdirProcess.start(directory: folders.directory, stateDirectory: folders.state)
        var expectations: [CrashDriver.Expectation] = []
        for worker in 0..<Self.workers {
            let reply = try await server.request(
                "POST", "/Groups",
                body: [
                    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
                    "displayName": .string("crash-w\(worker)"),
                ])
            let id = try #require(reply.body?["id"]?.stringValue, "POST /Groups: \(reply.status)")
            expectations.append(CrashDriver.Expectation(worker: worker, groupID: id))
        }
        var host = CrashDriver.HostView()

        for round in 1...rounds {
            let target = Target(
                port: server.port, token: server.token, basePath: URL(string: server.baseURL)!.path)
            let signals = Round()
            let killAfter = Int.random(in: 10...Self.latestKill, using: &random)
            let seeds = (0..<Self.workers).map { _ in random.next() }
            let roundStart = clock.now
            var killPoint = (milliseconds: 0, inFlight: 0)
            var acknowledged = 0
            await withTaskGroup(of: Outcome.self) { group in
                for (worker, expectation) in expectations.enumerated() {
                    group.addTask {
                        let (after, count, found) = await Self.work(
                            expectation, random: CrashDriverRandom(state: seeds[worker]), target: target,
                            round: signals)
                        return .worker(worker, after, count, found)
                    }
                }
                group.addTask { [server] in
                    try? await Task.sleep(for: .milliseconds(killAfter))
                    let inFlight = signals.inFlight.load(ordering: .sequentiallyConsistent)
                    signals.killed.store(true, ordering: .sequentiallyConsistent)
                    server.send(SIGKILL)
                    let elapsed = clock.now - roundStart
                    return .kill(
                        milliseconds: Int(
                            elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000),
                        inFlight: inFlight)
                }
                for await outcome in group {
                    switch outcome {
                    case .worker(let worker, let after, let count, let found):
                        expectations[worker] = after
                        acknowledged += count
                        problems += found.map { "round \(round): \($0)" }
                    case .kill(let milliseconds, let inFlight):
                        killPoint = (milliseconds, inFlight)
                    }
                }
            }
            _ = await server.exitStatus()
            if server.process.terminationReason != .uncaughtSignal {
                problems.append(
                    "round \(round): the server was not killed but exited with \(server.process.terminationStatus)")
            }
            let check = try ScimdirProcess.run(["check", "--directory", folders.directory.path])
            if check.status != 0 { problems.append("round \(round): scimdir check after the kill: \(check.output)") }

            server = try await ScimdirProcess.start(directory: folders.directory, stateDirectory: folders.state)
            let leftovers = server.logLines("removing a temporary file left by an interrupted write").count
            leftoversTotal += leftovers
            let resolved = expectations.filter { $0.inFlight != nil }.count
            problems += try await Self.verify(
                server: server, folders: folders, expectations: &expectations, host: &host
            ).map { "round \(round): \($0)" }
            acknowledgedTotal += acknowledged
            resolvedTotal += resolved
            killPoints.append("\(killPoint.milliseconds)ms/\(killPoint.inFlight)")
            print(
                "crash driver round \(round)/\(rounds): \(acknowledged) operations acknowledged, killed at "
                    + "\(killPoint.milliseconds) ms with \(killPoint.inFlight) in flight (\(resolved) outcomes "
                    + "resolved after the restart); \(leftovers) temporary files of interrupted writes removed; "
                    + "outbox 1…\(host.lastSequence); "
                    + "\(expectations.map(\.users.count).reduce(0, +)) users; problems so far: \(problems.count)")
        }
        #expect(await server.stop() == 0)
        let elapsed = clock.now - started
        print(
            "crash driver: \(rounds) rounds, \(acknowledgedTotal) operations acknowledged, \(resolvedTotal) in flight "
                + "at the kills, \(host.lastSequence) diffs (\(host.startupDiffs) written at a restart), "
                + "\(leftoversTotal) temporary files of interrupted writes removed, "
                + "\(problems.count) problems (lost writes, invalid files), "
                + "\(elapsed.components.seconds) s, seed \(seed); kill points (ms after the round's start/operations "
                + "in flight): \(killPoints.joined(separator: " "))")
        #expect(
            problems.isEmpty, "seed \(seed), folders kept at \(folders.root.path):\n\(problems.joined(separator: "\n"))"
        )
        #expect(acknowledgedTotal >= rounds, "the workload acknowledged almost nothing")
        if problems.isEmpty { try? FileManager.default.removeItem(at: folders.root) }
    }

    /// One client: sends its operations one after another on one connection until the server dies.
    ///
    /// - Returns: the expectation (with the operation in flight, if any), the number of operations acknowledged,
    ///   and problems: an unexpected status, or a connection that failed while the server was alive.
    static func work(
        _ expectation: CrashDriver.Expectation, random: CrashDriverRandom, target: Target, round: Round
    ) async -> (CrashDriver.Expectation, Int, [String]) {
        var expectation = expectation
        var random = random
        var acknowledged = 0
        let connection: LoopbackConnection
        do {
            connection = try LoopbackConnection(port: target.port)
        } catch {
            return (expectation, 0, round.killed.load(ordering: .sequentiallyConsistent) ? [] : ["\(error)"])
        }
        while true {
            let operation = expectation.nextOperation(using: &random)
            let (method, path, body) = CrashDriver.request(for: operation, groupID: expectation.groupID)
            var headers = ["Authorization": "Bearer \(target.token)"]
            if body != nil { headers["Content-Type"] = "application/scim+json" }
            let text = LoopbackConnection.requestText(
                method, target.basePath + path, headers: headers, body: body.map { JSONWriter.compact.string($0) } ?? ""
            )
            round.inFlight.add(1, ordering: .sequentiallyConsistent)
            let response: LoopbackConnection.Response
            do {
                try await connection.send(text)
                response = try await connection.readResponse()
                round.inFlight.subtract(1, ordering: .sequentiallyConsistent)
            } catch {
                round.inFlight.subtract(1, ordering: .sequentiallyConsistent)
                expectation.inFlight = operation
                let alive = !round.killed.load(ordering: .sequentiallyConsistent)
                return (expectation, acknowledged, alive ? ["\(operation) failed while the server ran: \(error)"] : [])
            }
            guard response.status == CrashDriver.expectedStatus(of: operation) else {
                expectation.inFlight = operation
                return (expectation, acknowledged, ["\(operation): \(response.status) \(response.body)"])
            }
            var createdID: String?
            if case .create = operation {
                createdID = (try? JSONParser().parse(Array(response.body.utf8)))?["id"]?.stringValue
                guard createdID != nil else {
                    expectation.inFlight = operation
                    return (expectation, acknowledged, ["\(operation): 201 without an id: \(response.body)"])
                }
            }
            expectation.acknowledge(operation, createdID: createdID)
            acknowledged += 1
        }
    }

    /// The checks after a restart; adopts what the directory holds as the new expectation.
    static func verify(
        server: ScimdirProcess, folders: (root: URL, directory: URL, state: URL),
        expectations: inout [CrashDriver.Expectation], host: inout CrashDriver.HostView
    ) async throws -> [String] {
        let disk = CrashDriver.DiskState.read(folders.directory)
        var problems = disk.problems

        // Every acknowledged write, exactly; the operation in flight either way.
        var owned = Set<String>()
        for index in expectations.indices {
            let actual = disk.users(of: expectations[index])
            owned.formUnion(actual.keys)
            if !expectations[index].matches(actual) {
                let expected = expectations[index].users
                let differing = Set(expected.keys).union(actual.keys).sorted().filter { expected[$0] != actual[$0] }
                problems.append(
                    "worker \(index) (in flight: \(expectations[index].inFlight.map { "\($0)" } ?? "nothing")): "
                        + differing.map {
                            "\($0): expected \(expected[$0].map { "\($0)" } ?? "none"), found \(actual[$0].map { "\($0)" } ?? "none")"
                        }
                        .joined(separator: "; "))
            }
            expectations[index].users = actual
            expectations[index].inFlight = nil
        }
        for id in Set(disk.users.keys).subtracting(owned) { problems.append("users/\(id).json: a user no client made") }
        let groups = Set(expectations.map(\.groupID))
        if Set(disk.groups.keys) != groups {
            problems.append("groups: expected \(groups.sorted()), found \(disk.groups.keys.sorted())")
        }

        // What is served is what is on disk.
        for (endpoint, files) in [("/Users", disk.users), ("/Groups", disk.groups)] {
            let served = try await listAll(server, endpoint)
            if Set(served.keys) != Set(files.keys) {
                problems.append("\(endpoint) serves \(served.count) resources, the directory holds \(files.count)")
            }
            for (id, resource) in served where stripped(resource) != files[id].map(stripped) {
                problems.append("\(endpoint)/\(id) is served differently from its file")
            }
        }

        // The outbox: contiguous, whole, and nothing deprovisioned lost.
        for name in Disk.names(folders.state) where name.hasPrefix(".") && name.contains(".tmp-") {
            problems.append("\(name): a temporary file in the state directory")
        }
        problems += host.readOutbox(folders.state)
        problems += host.differences(from: disk)
        for expectation in expectations {
            for (id, count) in expectation.acknowledgedDeactivations where host.deactivated[id, default: 0] < count {
                problems.append(
                    "user \(id): \(count) acknowledged deactivations, \(host.deactivated[id, default: 0]) in the diffs")
            }
            for id in expectation.acknowledgedDeletions where !host.deleted.contains(id) {
                problems.append("user \(id): its acknowledged deletion is in no diff")
            }
        }
        let list = try ScimdirProcess.run(["diff", "list", "--state-directory", folders.state.path])
        let listed = list.output.split(separator: "\n").count - 1
        if list.status != 0 || listed != host.lastSequence {
            problems.append("scimdir diff list: status \(list.status), \(listed) diffs: \(list.errors)")
        }
        return problems
    }

    /// Every resource of an endpoint, by id, page by page.
    static func listAll(_ server: ScimdirProcess, _ endpoint: String) async throws -> [String: JSONObject] {
        var resources: [String: JSONObject] = [:]
        var startIndex = 1
        while true {
            let page = try await server.request("GET", "\(endpoint)?startIndex=\(startIndex)&count=500")
            let items = page.body?["Resources"]?.arrayValue ?? []
            for item in items { if let id = item["id"]?.stringValue { resources[id] = item.objectValue } }
            startIndex += items.count
            if items.isEmpty || startIndex > page.body?["totalResults"]?.integerValue ?? 0 { return resources }
        }
    }

    /// A resource without what the server derives (`meta`, a user's `groups`).
    static func stripped(_ resource: JSONObject) -> JSONObject {
        var resource = resource
        resource.removeValue(forKey: "meta")
        resource.removeValue(forKey: "groups")
        return resource
    }
}
