import Testing

@testable import scimdir

/// `WATCHDOG_USEC` and `WATCHDOG_PID` as sd_watchdog_enabled(3) reads them.
@Suite struct WatchdogIntervalTests {
    @Test func usecGivesTheTimeoutAndPingsGoAtHalfOfIt() throws {
        let interval = try #require(WatchdogInterval(environment: ["WATCHDOG_USEC": "30000000"], pid: 42))
        #expect(interval.timeout == .seconds(30))
        #expect(interval.pingInterval == .seconds(15))
    }

    @Test func aMatchingPidKeepsTheWatchdogAndAnotherPidDisablesIt() {
        #expect(WatchdogInterval(environment: ["WATCHDOG_USEC": "1000000", "WATCHDOG_PID": "42"], pid: 42) != nil)
        #expect(WatchdogInterval(environment: ["WATCHDOG_USEC": "1000000", "WATCHDOG_PID": "7"], pid: 42) == nil)
    }

    @Test(arguments: [[:], ["WATCHDOG_USEC": "0"], ["WATCHDOG_USEC": "-5"], ["WATCHDOG_USEC": "soon"]])
    func noWatchdogWithoutAPositiveUsec(environment: [String: String]) {
        #expect(WatchdogInterval(environment: environment, pid: 42) == nil)
    }
}
