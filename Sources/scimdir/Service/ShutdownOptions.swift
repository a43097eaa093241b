import ArgumentParser
import Foundation

/// `--shutdown-timeout`: how long SIGTERM waits for requests in flight (ARCHITECTURE §9); also
/// `SCIMDIR_SHUTDOWN_TIMEOUT`. A plain number of seconds: `10s` is refused, from the flag and the variable alike.
struct ShutdownOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Seconds that SIGTERM/SIGINT wait for requests in flight before cancelling them (env SCIMDIR_SHUTDOWN_TIMEOUT).",
            valueName: "seconds"))
    var shutdownTimeout: String = SettingsEnvironment["SCIMDIR_SHUTDOWN_TIMEOUT"] ?? "10"

    func validate() throws {
        // The bound keeps the duration in range (1e30 seconds would overflow it) and is far beyond any stop timeout.
        guard let seconds = Double(shutdownTimeout), seconds > 0, seconds <= 3600 else {
            throw ValidationError(
                "\(SettingsEnvironment.describe("--shutdown-timeout", "SCIMDIR_SHUTDOWN_TIMEOUT")) must be a positive "
                    + "number of seconds up to 3600, e.g. 10; got \(shutdownTimeout)")
        }
    }

    /// The bound on graceful shutdown, for `ServiceGroupConfiguration.maximumGracefulShutdownDuration`.
    var gracefulShutdownBound: Duration { .milliseconds(Int64((Double(shutdownTimeout) ?? 10) * 1000)) }
}
