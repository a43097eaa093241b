import Foundation
import Testing

@testable import Deprovisioning

@Suite struct HookCommandTests {
    /// Whether `pid` is a live process (a zombie waiting for its new parent to reap it is not).
    static func isRunning(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let end = stat.lastIndex(of: ")")
        else { return false }
        return !stat[end...].hasPrefix(") Z")
    }

    @Test func commandGetsThePathAsItsLastArgumentAndTheSequenceInItsEnvironment() async throws {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        let output = root.appending("out")
        let diff = root.appending("with space/0000000007.json")
        let status = try await HookCommand("printf '%s|%s' \"$SCIMDIR_DIFF_SEQUENCE\" > '\(output.path)'; :")
            .run(path: diff, sequence: 7)
        #expect(status == 0)
        #expect(try String(contentsOf: output, encoding: .utf8) == "7|")
        let echoed = root.appending("echoed")
        #expect(try await HookCommand("sh -c 'printf %s \"$1\" > \(echoed.path)' x").run(path: diff, sequence: 7) == 0)
        #expect(try String(contentsOf: echoed, encoding: .utf8) == diff.path)
    }

    @Test func exitStatusIsReported() async throws {
        #expect(try await HookCommand("exit 3; :").run(path: URL(fileURLWithPath: "/tmp/x.json"), sequence: 1) == 3)
    }

    @Test func cancellingTerminatesTheCommandAndWhatItStartedEvenWhenTheCallerBlocksSIGTERM() async throws {
        var blocked = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &blocked, nil)
        defer { pthread_sigmask(SIG_UNBLOCK, &blocked, nil) }
        let root = try TemporaryDirectory("scimdir-hook")
        defer { root.remove() }
        let pidFile = root.appending("sleep.pid")
        // The shell starts `sleep` as a child of its own, as a consumer script starts its interpreter.
        let task = Task {
            try await HookCommand("sleep 300 & echo $! > \(pidFile.path); wait; :")
                .run(path: URL(fileURLWithPath: "/tmp/x.json"), sequence: 1)
        }
        try await eventually("the command to start") { FileManager.default.fileExists(atPath: pidFile.path) }
        let sleeper = try #require(
            pid_t(try String(contentsOf: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        task.cancel()
        // Killed by SIGTERM, not finished: a child that inherited the blocked SIGTERM would sleep on (and exit 0).
        #expect(try await task.value == 128 + SIGTERM)
        // The shell's own child is gone too: else it would outlive the daemon (and hold its output open).
        try await eventually("the shell's child to be gone") { !Self.isRunning(sleeper) }
    }

    @Test func aCancelledCommandThatIgnoresSIGTERMIsKilledAfterTheGracePeriod() async throws {
        let root = try TemporaryDirectory("scimdir-hook")
        defer { root.remove() }
        let pidFile = root.appending("sleep.pid")
        let task = Task {
            try await HookCommand("trap '' TERM; sleep 300 & echo $! > \(pidFile.path); wait; :")
                .run(path: URL(fileURLWithPath: "/tmp/x.json"), sequence: 1, killAfter: .milliseconds(200))
        }
        try await eventually("the command to start") { FileManager.default.fileExists(atPath: pidFile.path) }
        let sleeper = try #require(
            pid_t(try String(contentsOf: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        task.cancel()
        #expect(try await task.value == 128 + SIGKILL)
        try await eventually("the shell's child to be gone") { !Self.isRunning(sleeper) }
    }
}
