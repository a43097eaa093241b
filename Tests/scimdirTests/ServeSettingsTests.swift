import Foundation
import Glibc
import SCIM
import Testing

/// `serve`'s settings on the real binary: `--log-level`, a bad value from a flag or an `SCIMDIR_*` variable (exit 64
/// naming both), and `--environment-file` — its precedence at start and its reload on SIGHUP.
@Suite struct ServeSettingsTests {
    /// How many requests the log recorded (health probes are never logged).
    private func loggedRequests(_ server: ScimdirProcess) -> Int {
        server.log.components(separatedBy: " msg=request ").count - 1
    }

    /// Starts a server, makes one SCIM request, stops it, and says whether the request was logged.
    private func requestIsLogged(arguments: [String] = [], environment: [String: String] = [:]) async throws -> Bool {
        let folders = try ScimdirProcess.makeFolders()
        defer { try? FileManager.default.removeItem(at: folders.root) }
        let server = try await ScimdirProcess.start(
            directory: folders.directory, stateDirectory: folders.state, arguments: arguments, environment: environment)
        #expect(try await server.get("/Users").status == 200)
        #expect(await server.stop() == 0, "\(server.log)")
        return loggedRequests(server) == 1
    }

    @Test func logLevelWarningLeavesOutTheRequestLineThatInfoWrites() async throws {
        #expect(try await requestIsLogged(arguments: ["--log-level", "info"]))
        #expect(try await !requestIsLogged(arguments: ["--log-level", "warning"]))
        #expect(try await !requestIsLogged(environment: ["SCIMDIR_LOG_LEVEL": "warning"]))
    }

    @Test func theEnvironmentFileWinsOverTheEnvironmentAndAFlagOverBoth() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scimdir-env-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("scimdir.env")
        try "# quiet\nSCIMDIR_LOG_LEVEL=\"warning\"\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(
            try await !requestIsLogged(
                arguments: ["--environment-file", file.path], environment: ["SCIMDIR_LOG_LEVEL": "info"]))
        #expect(
            try await requestIsLogged(
                arguments: ["--log-level", "info"], environment: ["SCIMDIR_ENVIRONMENT_FILE": file.path]))
    }

    /// A bad value exits 64 whether it comes from the flag, the variable or the environment file, and the message names
    /// the variable. The state directory cannot be created, so a value wrongly accepted ends in exit 1, not a server.
    @Test(arguments: [
        ("--shutdown-timeout", "SCIMDIR_SHUTDOWN_TIMEOUT", "10s"), ("--shutdown-timeout", "SCIMDIR_SHUTDOWN_TIMEOUT", "1e30"),
        ("--log-level", "SCIMDIR_LOG_LEVEL", "loud"),
        ("--deprovision-limit", "SCIMDIR_DEPROVISION_LIMIT", "ten"),
        ("--deprovision-window", "SCIMDIR_DEPROVISION_WINDOW", "15x"),
        ("--deprovision-window", "SCIMDIR_DEPROVISION_WINDOW", "1e30h"),
        ("--read-timeout", "SCIMDIR_READ_TIMEOUT", "0"), ("--listen", "SCIMDIR_LISTEN", "8080"),
    ])
    func aBadValueExitsWithUsageStatusNamingTheVariable(flag: String, variable: String, bad: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scimdir-env-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("scimdir.env")
        try "\(variable)=\(bad)\n".write(to: file, atomically: true, encoding: .utf8)
        let serve = ["serve", "--directory", folder.path, "--state-directory", "/dev/null/state"]
        for (arguments, environment) in [
            (serve + [flag, bad], [:]), (serve, [variable: bad]), (serve + ["--environment-file", file.path], [:]),
        ] {
            let result = try ScimdirProcess.run(arguments, environment: environment)
            #expect(result.status == 64, "\(arguments) \(environment): \(result.errors)")
            #expect(
                result.errors.contains("\(flag) (env \(variable))") && result.errors.contains(bad), "\(result.errors)")
        }
    }

    /// The `--on-diff` timing flags have no variable; a bad value is a usage error all the same.
    @Test(arguments: ["--on-diff-retry-delay", "--on-diff-max-retry-delay", "--on-diff-timeout"])
    func aBadOnDiffDurationExitsWithUsageStatus(flag: String) throws {
        let result = try ScimdirProcess.run(
            ["serve", "--directory", "/dev/null/directory", "--state-directory", "/dev/null/state", flag, "soon"])
        #expect(result.status == 64, "\(result.errors)")
        #expect(result.errors.contains("\(flag) must be a duration") && result.errors.contains("soon"), "\(result.errors)")
    }

    @Test func aMalformedEnvironmentFileExitsWithUsageStatusNamingItsLine() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scimdir-env-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("scimdir.env")
        try "SCIMDIR_LOG_LEVEL=info\nSCIMDIR_ON_DIFF=\"/usr/bin/consumer\n".write(
            to: file, atomically: true, encoding: .utf8)
        let result = try ScimdirProcess.run(
            ["serve", "--environment-file", file.path, "--state-directory", "/dev/null/state"])
        #expect(result.status == 64)
        #expect(result.errors.contains("\(file.path), line 2: the quote \" is never closed"), "\(result.errors)")
    }

    @Test func sighupReloadsTheLogLevelAndTheLimitAndKeepsThemWhenTheFileTurnsInvalid() async throws {
        let systemd = try NotifyListener()
        let folders = try ScimdirProcess.makeFolders()
        defer { try? FileManager.default.removeItem(at: folders.root) }
        let file = folders.root.appendingPathComponent("scimdir.env")
        func write(_ text: String) throws { try text.write(to: file, atomically: true, encoding: .utf8) }
        try write("SCIMDIR_LOG_LEVEL=warning\nSCIMDIR_DEPROVISION_LIMIT=10\n")
        let server = try await ScimdirProcess.start(
            directory: folders.directory, stateDirectory: folders.state, arguments: ["--environment-file", file.path],
            environment: ["NOTIFY_SOCKET": systemd.notifySocket])
        _ = try await systemd.messages(until: "READY=1")
        var ids: [String] = []
        for name in ["alice", "bob"] {
            let created = try await server.request("POST", "/Users", body: ["userName": .string("\(name)@example.com")])
            ids.append(try #require(created.body?["id"]?.stringValue))
        }
        #expect(try await server.request("DELETE", "/Users/\(ids[0])").status == 204)
        #expect(try await heldDiffs(server) == 0, "one user losing access is within the limit of 10")

        try write("SCIMDIR_LOG_LEVEL=info\nSCIMDIR_DEPROVISION_LIMIT=0\nSCIMDIR_BASE_PATH=/scim\n")
        server.send(SIGHUP)
        let reload = try await systemd.messages(until: "READY=1")
        #expect(reload.contains { $0.hasPrefix("RELOADING=1\n") }, "\(reload)")
        #expect(try await server.request("DELETE", "/Users/\(ids[1])").status == 204)
        #expect(try await heldDiffs(server) == 1, "with a limit of 0 the deletion is held")
        #expect(server.log.contains("variable=SCIMDIR_BASE_PATH"), "a base path change needs a restart; \(server.log)")

        try write("SCIMDIR_LOG_LEVEL=loud\nSCIMDIR_DEPROVISION_LIMIT=10\n")
        server.send(SIGHUP)
        _ = try await systemd.messages(until: "READY=1")
        #expect(try await server.get("/Users").status == 200, "the base path stays until a restart")
        #expect(await server.stop() == 0)
        #expect(server.log.contains("cannot reload the settings"), "\(server.log)")
        // Logged: the DELETE after the first reload and the GET after the failed one; not the three requests before.
        #expect(loggedRequests(server) == 2, "\(server.log)")
    }

    private func heldDiffs(_ server: ScimdirProcess) async throws -> Int? {
        let health = try await LoopbackConnection.request(port: server.port, "GET", "/healthz")
        return health.body.firstMatch(of: /"heldDiffs":(\d+)/).flatMap { Int($0.1) }
    }
}
