import Foundation
import Glibc

/// The service manager's watchdog timeout, read as sd_watchdog_enabled(3) reads it: `WATCHDOG_USEC` microseconds,
/// for this process only when `WATCHDOG_PID` is unset or names it. The service pings (`WATCHDOG=1`) at half of it.
///
/// ```swift
/// WatchdogInterval(environment: ["WATCHDOG_USEC": "30000000"])?.timeout   // 30 seconds
/// ```
struct WatchdogInterval: Equatable {
    /// How long the service manager waits for a ping before it considers the service hung (`WatchdogSec=`).
    var timeout: Duration

    /// How often to ping: half of ``timeout``, as sd_watchdog_enabled(3) recommends.
    var pingInterval: Duration { timeout / 2 }

    /// The watchdog set up for process `pid` in `environment`, or `nil` when there is none: `WATCHDOG_USEC` unset, not a
    /// positive integer, or `WATCHDOG_PID` naming another process (a parent that runs this one as a child).
    init?(environment: [String: String], pid: pid_t = getpid()) {
        guard let text = environment["WATCHDOG_USEC"], let microseconds = UInt64(text), microseconds > 0,
            microseconds <= UInt64(Int64.max)
        else { return nil }
        if let owner = environment["WATCHDOG_PID"], pid_t(owner) != pid { return nil }
        timeout = .microseconds(Int64(microseconds))
    }

    /// The watchdog of this process; `WATCHDOG_USEC` and `WATCHDOG_PID` are removed from the environment afterwards, as
    /// `sd_watchdog_enabled(1, …)` does, so that commands this process starts do not believe they are watched.
    static func fromEnvironment() -> WatchdogInterval? {
        let interval = WatchdogInterval(environment: ProcessInfo.processInfo.environment)
        unsetenv("WATCHDOG_USEC")
        unsetenv("WATCHDOG_PID")
        return interval
    }
}
