import Synchronization
import Testing

@testable import scimdir

/// The watchdog's proof that the store answers: a wedged round trip withholds every later ping until it returns.
@Suite struct StoreLivenessProbeTests {
    /// A round trip that waits until the test releases it, standing in for a wedged writer.
    final class Gate: Sendable {
        private let waiting = Mutex<[CheckedContinuation<Void, Never>]>([])

        func pass() async {
            await withCheckedContinuation { continuation in waiting.withLock { $0.append(continuation) } }
        }

        var waiters: Int { waiting.withLock { $0.count } }

        func release() {
            waiting.withLock { waiters in
                for waiter in waiters { waiter.resume() }
                waiters = []
            }
        }
    }

    @Test func aWedgedRoundTripWithholdsAnswersUntilItReturns() async throws {
        let gate = Gate()
        let probe = StoreLivenessProbe { await gate.pass() }
        #expect(probe.answeredSinceLastCheck(), "the first check starts the first round trip")
        while gate.waiters == 0 { try await Task.sleep(for: .milliseconds(5)) }
        #expect(!probe.answeredSinceLastCheck())
        #expect(!probe.answeredSinceLastCheck())
        #expect(gate.waiters == 1, "one round trip is outstanding, not one per check")

        gate.release()
        var answered = false
        for _ in 0..<6000 where !answered {
            answered = probe.answeredSinceLastCheck()
            if !answered { try await Task.sleep(for: .milliseconds(5)) }
        }
        #expect(answered)
        while gate.waiters == 0 { try await Task.sleep(for: .milliseconds(5)) }
        gate.release()
    }
}
