import ArgumentParser
import DirectoryStore
import Foundation

/// `--watch-quiet-period` and `--rescan-interval`: the timings of the directory watcher (ARCHITECTURE §5); also
/// `SCIMDIR_WATCH_QUIET_PERIOD` and `SCIMDIR_RESCAN_INTERVAL`. Both are plain seconds, like `--shutdown-timeout`.
///
/// ```
/// scimdir serve --watch-quiet-period 0.5 --rescan-interval 0   # half a second of quiet; no timed rescans
/// ```
struct WatchOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Seconds the directory must be quiet before changed files are reloaded as one batch; more than 0 and at "
                + "most \(Self.text(Self.defaults.maximumDelay)) (env SCIMDIR_WATCH_QUIET_PERIOD).",
            valueName: "seconds"))
    var watchQuietPeriod: String =
        SettingsEnvironment["SCIMDIR_WATCH_QUIET_PERIOD"] ?? Self.text(Self.defaults.quietPeriod)

    @Option(
        help: ArgumentHelp(
            "Seconds between full rescans of the directory that catch changes inotify missed, at most "
                + "\(Self.text(Self.longestRescanInterval)); 0 turns them off (env SCIMDIR_RESCAN_INTERVAL).",
            valueName: "seconds"))
    var rescanInterval: String =
        SettingsEnvironment["SCIMDIR_RESCAN_INTERVAL"] ?? Self.text(Self.defaults.rescanInterval)

    func validate() throws {
        _ = try watcherConfiguration()
    }

    /// The watcher's configuration: these two timings, the library's defaults for the rest.
    ///
    /// - Throws: `ValidationError` (exit status 64) when a value is not a number of seconds in range: the quiet
    ///   period more than 0 and at most the watcher's maximum delay (a batch waits no longer while events keep
    ///   arriving); the rescan interval 0 (off) up to a day.
    func watcherConfiguration() throws -> DirectoryWatcher.Configuration {
        var configuration = Self.defaults
        guard let quiet = Double(watchQuietPeriod), quiet > 0, quiet <= Self.seconds(configuration.maximumDelay) else {
            throw ValidationError(
                "--watch-quiet-period (env SCIMDIR_WATCH_QUIET_PERIOD) must be a number of seconds greater than 0 and "
                    + "at most \(Self.text(configuration.maximumDelay)), e.g. 0.25; got \(watchQuietPeriod)")
        }
        guard let rescan = Double(rescanInterval), rescan >= 0, rescan <= Self.seconds(Self.longestRescanInterval)
        else {
            throw ValidationError(
                "--rescan-interval (env SCIMDIR_RESCAN_INTERVAL) must be a number of seconds up to "
                    + "\(Self.text(Self.longestRescanInterval)), e.g. 300, or 0 for no timed rescans; "
                    + "got \(rescanInterval)")
        }
        configuration.quietPeriod = .seconds(quiet)
        configuration.rescanInterval = rescan == 0 ? nil : .seconds(rescan)
        return configuration
    }

    private static let defaults = DirectoryWatcher.Configuration()

    /// A safety net that runs less than daily catches nothing in time; the bound also keeps `Duration` in range.
    private static let longestRescanInterval = Duration.seconds(86400)

    /// `duration` in seconds; `nil` (off) is 0.
    private static func seconds(_ duration: Duration?) -> Double {
        guard let duration else { return 0 }
        return Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// `0.25`, `2`, `300`: seconds as they are typed.
    private static func text(_ duration: Duration?) -> String {
        String(format: "%g", seconds(duration))
    }
}
