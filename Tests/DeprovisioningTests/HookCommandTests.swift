import Foundation
import Testing

@testable import Deprovisioning

@Suite struct HookCommandTests {
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

    @Test func cancellingTerminatesTheCommandEvenWhenTheCallerBlocksSIGTERM() async throws {
        var blocked = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &blocked, nil)
        defer { pthread_sigmask(SIG_UNBLOCK, &blocked, nil) }
        let task = Task {
            try await HookCommand("sleep 300; :").run(path: URL(fileURLWithPath: "/tmp/x.json"), sequence: 1)
        }
        try await Task.sleep(for: .milliseconds(300))
        task.cancel()
        // Killed by SIGTERM, not finished: a child that inherited the blocked SIGTERM would sleep on (and exit 0).
        #expect(try await task.value == 128 + SIGTERM)
    }
}
