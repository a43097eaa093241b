import Foundation
import Glibc
import Testing

/// scimdir.service sets `MemoryDenyWriteExecute=yes`. systemd enforces it with a seccomp filter that needs systemd as
/// the service manager; the kernel's own equivalent, `prctl(PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN)` (Linux 6.3+,
/// inherited across execve), refuses the same mappings, so the real binary is run under it here.
@Suite struct MemoryDenyWriteExecuteTests {
    /// Sets PR_SET_MDWE (65) to PR_MDWE_REFUSE_EXEC_GAIN (1), then runs its arguments; exits 77 when the kernel lacks it.
    static let launcher = [
        "/usr/bin/python3", "-c",
        "import ctypes, os, sys\n"
            + "if ctypes.CDLL(None, use_errno=True).prctl(65, 1, 0, 0, 0) != 0: sys.exit(77)\n"
            + "os.execv(sys.argv[1], sys.argv[1:])",
    ]

    static var kernelSupportsMDWE: Bool {
        guard FileManager.default.isExecutableFile(atPath: launcher[0]) else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: launcher[0])
        process.arguments = Array(launcher.dropFirst()) + ["/bin/true"]
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    @Test(.enabled(if: kernelSupportsMDWE, "needs python3 and Linux 6.3+ for PR_SET_MDWE"))
    func servesAndShutsDownWithWritableMemoryNeverExecutable() async throws {
        let systemd = try NotifyListener()
        let folders = try ScimdirProcess.makeFolders()
        defer { try? FileManager.default.removeItem(at: folders.root) }
        let server = try await ScimdirProcess.start(
            directory: folders.directory, stateDirectory: folders.state,
            environment: ["NOTIFY_SOCKET": systemd.notifySocket, "WATCHDOG_USEC": "1000000"], launcher: Self.launcher)
        _ = try await systemd.messages(until: "READY=1")
        let port = server.port
        let created = try await LoopbackConnection.request(
            port: port, "POST", "/api/ee/scim/v2/Users",
            headers: ["Authorization": "Bearer \(server.token)", "Content-Type": "application/scim+json"],
            body: #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"mdwe@example.com"}"#)
        #expect(created.status == 201)
        #expect(try await LoopbackConnection.request(port: port, "GET", "/metrics").status == 200)
        _ = try await systemd.messages(until: "WATCHDOG=1")
        server.send(SIGTERM)
        #expect(await server.exitStatus() == 0, "\(server.log)")
    }
}
