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
        let timeout = Duration.seconds(2)
        let server = try await ScimdirProcess.start(
            directory: folders.directory, stateDirectory: folders.state,
            environment: ["NOTIFY_SOCKET": systemd.notifySocket, "WATCHDOG_USEC": "2000000"])
        var ready: NotifyListener.Arrival?
        while ready == nil, let arrival = await systemd.receiveArrival(timeout: .seconds(60)) {
            if arrival.text.split(separator: "\n").contains("READY=1") { ready = arrival }
        }
        // Times are taken by the listener's thread as each datagram arrives, not when this test gets to read it.
        var times = [try #require(ready, "no READY=1; log: \(server.log)").time]
        let deadline = ContinuousClock.now + .seconds(30)
        while times.count < 7, let arrival = await systemd.receiveArrival(timeout: deadline - ContinuousClock.now) {
            if arrival.text.split(separator: "\n").contains("WATCHDOG=1") { times.append(arrival.time) }
        }
        #expect(times.count == 7, "\(times.count - 1) pings in 30 s; log: \(server.log)")
        let gaps = zip(times.dropFirst(), times).map { $0 - $1 }
        // systemd kills the service when a whole interval passes without a ping: no gap (READY=1 to the first ping
        // included) may reach it, however loaded the machine.
        #expect(gaps.allSatisfy { $0 < timeout }, "gaps \(gaps) with WatchdogSec=\(timeout)")
        // Half the interval, as sd_watchdog_enabled(3) advises: the typical gap between pings, within generous bounds.
        let median = gaps.dropFirst().sorted()[(gaps.count - 1) / 2]
        #expect(median >= timeout * 0.4 && median <= timeout * 0.75, "median gap \(median); gaps \(gaps)")
        #expect(await server.stop() == 0)
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
        #expect(await server.stop() == 0, "the server must have run throughout; log: \(server.log)")
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
