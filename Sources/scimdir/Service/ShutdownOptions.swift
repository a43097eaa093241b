import ArgumentParser
import Foundation

/// `--shutdown-timeout`: how long SIGTERM waits for requests in flight (ARCHITECTURE §9); also
/// `SCIMDIR_SHUTDOWN_TIMEOUT`.
struct ShutdownOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Seconds that SIGTERM/SIGINT wait for requests in flight before cancelling them (env SCIMDIR_SHUTDOWN_TIMEOUT).",
            valueName: "seconds"))
    var shutdownTimeout: Double =
        ProcessInfo.processInfo.environment["SCIMDIR_SHUTDOWN_TIMEOUT"].flatMap(Double.init) ?? 10

    func validate() throws {
        guard shutdownTimeout > 0, shutdownTimeout.isFinite else {
            throw ValidationError("--shutdown-timeout must be a positive number of seconds")
        }
    }

    /// The bound on graceful shutdown, for `ServiceGroupConfiguration.maximumGracefulShutdownDuration`.
    var gracefulShutdownBound: Duration { .milliseconds(Int64(shutdownTimeout * 1000)) }
}
