import Foundation
import Glibc
import Testing

/// The watchdog protocol of sd_watchdog_enabled(3) on the real binary: `WATCHDOG=1` at half of `WATCHDOG_USEC`, and
/// none when `WATCHDOG_PID` names another process.
@Suite struct WatchdogTests {
    /// Counts `WATCHDOG=1` datagrams over `window`.
    private func pings(_ systemd: NotifyListener, over window: Duration) async -> Int {
        let deadline = ContinuousClock.now + window
        var count = 0
        while ContinuousClock.now < deadline {
            guard let message = await systemd.receive(timeout: deadline - ContinuousClock.now) else { break }
            if message.split(separator: "\n").contains("WATCHDOG=1") { count += 1 }
        }
        return count
    }

    @Test func pingsArriveEveryHalfIntervalAfterReady() async throws {
        let systemd = try NotifyListener()
        let folders = try ScimdirProcess.makeFolders()
        defer { try? FileManager.default.removeItem(at: folders.root) }
        let launched = ContinuousClock.now
        let server = try await ScimdirProcess.start(
            directory: folders.directory, stateDirectory: folders.state,
            environment: ["NOTIFY_SOCKET": systemd.notifySocket, "WATCHDOG_USEC": "1000000"])
        _ = try await systemd.messages(until: "READY=1")
        // Six pings are due in three seconds; a loaded machine may delay some. Pings queued while this test waited
        // for a thread are counted too, so the upper bound is what half-second pings allow since the launch.
        let count = await pings(systemd, over: .seconds(3))
        let mostPossible = Int((ContinuousClock.now - launched) / .milliseconds(500)) + 1
        #expect(
            (2...mostPossible).contains(count), "\(count) pings, at most \(mostPossible) possible; log: \(server.log)")
    }

    @Test func noPingsWhenWatchdogPidNamesAnotherProcess() async throws {
        let systemd = try NotifyListener()
        let folders = try ScimdirProcess.makeFolders()
        defer { try? FileManager.default.removeItem(at: folders.root) }
        let server = try await ScimdirProcess.start(
            directory: folders.directory, stateDirectory: folders.state,
            environment: ["NOTIFY_SOCKET": systemd.notifySocket, "WATCHDOG_USEC": "200000", "WATCHDOG_PID": "1"])
        _ = try await systemd.messages(until: "READY=1")
        #expect(await pings(systemd, over: .seconds(2)) == 0)
    }

    @Test func aCongestedNotifySocketNeverStallsShutdown() async throws {
        let congested = try NotifyListener(draining: false)
        let folders = try ScimdirProcess.makeFolders()
        defer { try? FileManager.default.removeItem(at: folders.root) }
        let server = try await ScimdirProcess.start(
            directory: folders.directory, stateDirectory: folders.state,
            environment: ["NOTIFY_SOCKET": congested.notifySocket, "WATCHDOG_USEC": "200000"])
        // Ten pings a second into a queue that holds ten datagrams: after three seconds it is full for sure.
        try await Task.sleep(for: .seconds(3))
        #expect(await server.stop() == 0, "\(server.log)")
    }
}
