import Glibc

/// A state change told to the service manager, in the `KEY=value` lines of sd_notify(3).
enum NotifyMessage: Sendable, Equatable {
    /// `READY=1` with `STATUS=`: start-up (or a reload) finished; the service serves.
    case ready(status: String)
    /// `RELOADING=1` with `MONOTONIC_USEC=`: a reload (SIGHUP) began, at `CLOCK_MONOTONIC` time in microseconds.
    case reloading(monotonicMicroseconds: UInt64)
    /// `STOPPING=1`: graceful shutdown began.
    case stopping
    /// `WATCHDOG=1`: the service is alive (sent at half of `WATCHDOG_USEC`).
    case watchdog
    /// `STATUS=`: a one-line description for `systemctl status`.
    case status(String)

    /// The datagram's text: newline-separated assignments. Newlines in a status are replaced by spaces, since each
    /// line is one assignment.
    var text: String {
        switch self {
        case .ready(let status): "READY=1\nSTATUS=\(Self.oneLine(status))"
        case .reloading(let microseconds): "RELOADING=1\nMONOTONIC_USEC=\(microseconds)"
        case .stopping: "STOPPING=1"
        case .watchdog: "WATCHDOG=1"
        case .status(let status): "STATUS=\(Self.oneLine(status))"
        }
    }

    /// `RELOADING=1` stamped with the current `CLOCK_MONOTONIC` time, as `Type=notify-reload` requires.
    static func reloadingNow() -> NotifyMessage {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return .reloading(monotonicMicroseconds: UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1000)
    }

    private static func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 })
    }
}
