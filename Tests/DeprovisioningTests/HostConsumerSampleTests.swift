import Foundation
import Testing

@testable import Deprovisioning

/// `samples/host-consumer.py` against a stand-in for a Metabase-like user API on 127.0.0.1 (issue 5 §6).
@Suite struct HostConsumerSampleTests {
    /// The stand-in host: serves `GET /api/user?query=…&status=all` and `PUT /api/user/<id>` from the accounts in
    /// argv[1], checks the API key, fails every request while argv[3] exists, records each call in argv[2] and the
    /// final accounts in argv[1]. Prints its port, then serves until killed.
    private static let standIn = """
        import json, os, sys, urllib.parse
        from http.server import HTTPServer, BaseHTTPRequestHandler
        accounts_file, calls_file, outage_file = sys.argv[1], sys.argv[2], sys.argv[3]
        accounts = json.load(open(accounts_file))
        def record(entry):
            with open(calls_file, "a") as f: f.write(json.dumps(entry) + "\\n")
        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args): pass
            def answer(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status); self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data))); self.end_headers(); self.wfile.write(data)
            def refuse(self):
                if os.path.exists(outage_file): self.answer(503, {"message": "down"}); return True
                if self.headers.get("X-API-Key") != "test-key": self.answer(401, {"message": "key"}); return True
                return False
            def do_GET(self):
                url = urllib.parse.urlparse(self.path)
                query = urllib.parse.parse_qs(url.query)
                record({"method": "GET", "path": url.path, "query": query.get("query", [""])[0], "status": query.get("status", [""])[0]})
                if self.refuse(): return
                needle = query.get("query", [""])[0].lower()
                self.answer(200, {"data": [a for a in accounts if needle in a["email"].lower() or needle in a["first_name"].lower()]})
            def do_PUT(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                record({"method": "PUT", "path": self.path, "body": body})
                if self.refuse(): return
                account = next(a for a in accounts if self.path == "/api/user/%d" % a["id"])
                account.update(body)
                json.dump(accounts, open(accounts_file, "w"))
                self.answer(200, account)
        server = HTTPServer(("127.0.0.1", 0), Handler)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """

    private let root: TemporaryDirectory
    private var accounts: URL { root.appending("accounts.json") }
    private var calls: URL { root.appending("calls.jsonl") }
    private var outage: URL { root.appending("outage") }

    init() throws {
        root = try TemporaryDirectory("scimdir-consumer")
        let hostAccounts = """
            [{"id": 1, "email": "alice@example.com", "first_name": "Alice", "is_active": true},
             {"id": 2, "email": "ALICE.old@example.com", "first_name": "Al", "is_active": true},
             {"id": 3, "email": "bob@example.com", "first_name": "Bob", "is_active": false},
             {"id": 4, "email": "carol@example.com", "first_name": "Carol", "is_active": true},
             {"id": 5, "email": "dave@example.com", "first_name": "Dave", "is_active": false},
             {"id": 6, "email": "ghost@example.com", "first_name": "Ghost", "is_active": true},
             {"id": 7, "email": "malice@example.com", "first_name": "Malice", "is_active": true}]
            """
        try hostAccounts.write(to: accounts, atomically: true, encoding: .utf8)
    }

    /// A diff with an entry of each kind the consumer acts on.
    private func writeDiff() throws -> URL {
        var entries = DiffEntries()
        entries.deprovisioned = [
            UserEntry(
                reason: .deactivated,
                user: EntryUser(
                    UserRecord(
                        id: "a", userName: "alice", emails: ["alice@example.com", "alice.old@example.com"],
                        primaryEmail: "alice@example.com", active: false))),
            UserEntry(reason: .deleted, user: EntryUser(user("b", email: "bob@example.com"))),
            UserEntry(notProvisioned: HostAccount(email: "ghost@example.com")),
        ]
        entries.provisioned = [UserEntry(reason: .reactivated, user: EntryUser(user("d", email: "dave@example.com")))]
        entries.identityChanged = [
            IdentityChangeEntry(
                from: user("c", email: "carol@example.com"), to: EntryUser(user("c", email: "carol.new@example.com")))!
        ]
        entries.membershipsRemoved = [
            MembershipEntry(
                reason: .removed, group: GroupReference(id: "g", displayName: "G"), user: EntryUser(user("d")))
        ]
        let diff = DeprovisioningDiff(
            sequence: 7, createdAt: 0, origin: DiffOrigin(type: .directoryEdit), summary: "test", entries: entries,
            activeUsersBefore: 5)
        let url = root.appending("0000000007.json")
        try Data(diff.fileContents()).write(to: url)
        return url
    }

    private func startHost() throws -> (Process, Int) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", Self.standIn, accounts.path, calls.path, outage.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        return (
            process, Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        )
    }

    private func consume(_ diff: URL, port: Int) throws -> Scimdir.Output {
        try Scimdir.runProgram(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", samplesFolder.appendingPathComponent("host-consumer.py").path, diff.path],
            environment: ["HOST_API_URL": "http://127.0.0.1:\(port)", "HOST_API_KEY": "test-key"])
    }

    private func recordedCalls() throws -> [[String: Any]] {
        let text = (try? String(contentsOf: calls, encoding: .utf8)) ?? ""
        return try text.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
    }

    private func puts() throws -> [String] {
        try recordedCalls().filter { $0["method"] as? String == "PUT" }.map { call in
            let body = String(
                decoding: try JSONSerialization.data(withJSONObject: call["body"]!, options: .sortedKeys), as: UTF8.self
            )
            return "\(call["path"]!) \(body)"
        }
    }

    @Test func consumerAppliesADiffOnceAndIsIdempotent() throws {
        defer { root.remove() }
        let (host, port) = try startHost()
        defer { ProcessHandle(host).kill() }
        let diff = try writeDiff()

        let first = try consume(diff, port: port)
        #expect(first.status == 0, "\(first.standardError)")
        #expect(
            try puts() == [
                "/api/user/1 {\"is_active\":false}", "/api/user/2 {\"is_active\":false}",
                "/api/user/6 {\"is_active\":false}",
                "/api/user/5 {\"is_active\":true}", "/api/user/4 {\"email\":\"carol.new@example.com\"}",
            ])
        #expect(
            try recordedCalls().filter { $0["method"] as? String == "GET" }.allSatisfy {
                $0["status"] as? String == "all"
            })

        // Delivered again (at-least-once): nothing left to change.
        try FileManager.default.removeItem(at: calls)
        #expect(try consume(diff, port: port).status == 0)
        #expect(try puts().isEmpty)
    }

    @Test func consumerFailsWhileTheHostIsDownSoTheDiffIsRetried() throws {
        defer { root.remove() }
        let (host, port) = try startHost()
        defer { ProcessHandle(host).kill() }
        let diff = try writeDiff()
        _ = FileManager.default.createFile(atPath: outage.path, contents: Data())
        let failed = try consume(diff, port: port)
        #expect(failed.status == 1)
        #expect(failed.standardError.contains("will be retried"))
        try FileManager.default.removeItem(at: outage)
        #expect(try consume(diff, port: port).status == 0)
    }

    @Test func consumerRefusesToRunWithoutTheHostSettings() throws {
        defer { root.remove() }
        let output = try Scimdir.runProgram(
            URL(fileURLWithPath: "/usr/bin/env"),
            [
                "env", "-u", "HOST_API_URL", "-u", "HOST_API_KEY", "python3",
                samplesFolder.appendingPathComponent("host-consumer.py").path, try writeDiff().path,
            ])
        #expect(output.status == 2)
    }

    /// The consumer service's `ExecStart=` loop, run as systemd would run it (with `$$` unescaped and the built binary
    /// for `/usr/local/bin/scimdir`): every pending diff goes to `$SCIMDIR_CONSUMER` in order and is acknowledged; a
    /// failing consumer stops the loop, so the failed diff and the ones after it stay pending for the next run.
    @Test func consumerServiceHandsEveryPendingDiffToTheConsumerInOrderAndAcknowledgesIt() async throws {
        let fixture = try await DirectoryFixture()
        defer { fixture.remove() }
        try await fixture.attachFeed()
        for userName in ["alice@example.com", "bob@example.com", "carol@example.com"] {
            try await fixture.createUser(userName)
        }
        let unit = try String(
            contentsOf: samplesFolder.appendingPathComponent("scimdir-consumer.service"), encoding: .utf8)
        let execStart = try #require(
            unit.split(separator: "\n").first { $0.hasPrefix("ExecStart=") }?.dropFirst("ExecStart=".count))
        #expect(execStart.hasPrefix("/bin/sh -c '"))
        let script = String(execStart.dropFirst("/bin/sh -c '".count).dropLast())
            .replacingOccurrences(of: "$$", with: "$")
            .replacingOccurrences(of: "/usr/local/bin/scimdir", with: Scimdir.executable.path)
        let seen = root.appending("seen.txt")
        let consumer = root.appending("consumer.sh")
        // Records each diff's file name; refuses the second diff while the outage file exists.
        try """
            #!/bin/sh
            [ -e "\(outage.path)" ] && [ "$(basename "$1")" = 0000000002.json ] && exit 1
            basename "$1" >> "\(seen.path)"
            """.write(to: consumer, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: consumer.path)
        let environment = [
            "SCIMDIR_STATE_DIRECTORY": fixture.stateDirectory.path, "SCIMDIR_CONSUMER": consumer.path,
        ]
        func runService() throws -> Int32 {
            try Scimdir.runProgram(URL(fileURLWithPath: "/bin/sh"), ["-c", script], environment: environment).status
        }
        func pending() throws -> [String] {
            try Scimdir.run(["diff", "pending", "--state-directory", fixture.stateDirectory.path])
                .standardOutput.split(separator: "\n").map { URL(fileURLWithPath: String($0)).lastPathComponent }
        }
        #expect(try pending() == ["0000000001.json", "0000000002.json", "0000000003.json"])

        try Data().write(to: outage)
        #expect(try runService() != 0)
        #expect(try pending() == ["0000000002.json", "0000000003.json"])

        try FileManager.default.removeItem(at: outage)
        #expect(try runService() == 0)
        #expect(try pending().isEmpty)
        let consumed = try String(contentsOf: seen, encoding: .utf8).split(separator: "\n")
        #expect(consumed == ["0000000001.json", "0000000002.json", "0000000003.json"])
    }
}
