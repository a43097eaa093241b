import ArgumentParser
import Foundation
import Testing

@testable import scimdir

/// `--watch-quiet-period` and `--rescan-interval` (and their environment variables) as `serve` parses them. That they
/// reach the running watcher is shown in ``WatchedDirectoryTests``.
@Suite struct WatchOptionsTests {
    @Test func theDefaultsAreAQuarterSecondOfQuietAndARescanEveryFiveMinutes() throws {
        let configuration = try WatchOptions.parse([]).watcherConfiguration()
        #expect(configuration.quietPeriod == .milliseconds(250))
        #expect(configuration.rescanInterval == .seconds(300))
    }

    @Test func plainSecondsSetBothAndARescanIntervalOfZeroTurnsTheTimerOff() throws {
        let configuration = try WatchOptions.parse(["--watch-quiet-period", "0.5", "--rescan-interval", "2.5"])
            .watcherConfiguration()
        #expect(configuration.quietPeriod == .milliseconds(500))
        #expect(configuration.rescanInterval == .milliseconds(2500))
        #expect(configuration.maximumDelay == .seconds(2), "the options leave the other timings alone")
        #expect(try WatchOptions.parse(["--rescan-interval", "0"]).watcherConfiguration().rescanInterval == nil)
        #expect(
            try WatchOptions.parse(["--watch-quiet-period", "2"]).watcherConfiguration().quietPeriod == .seconds(2))
    }

    @Test(arguments: ["250ms", "0", "-1", "2.5", "abc", "nan", "inf", ""])
    func aBadQuietPeriodIsAUsageError(_ value: String) {
        expectUsageError(["--watch-quiet-period=\(value)"], naming: "--watch-quiet-period")
    }

    @Test(arguments: ["5m", "-1", "86401", "1e30", "abc", "nan", ""])
    func aBadRescanIntervalIsAUsageError(_ value: String) {
        expectUsageError(["--rescan-interval=\(value)"], naming: "--rescan-interval")
    }

    @Test func theBinaryExitsWith64OnABadValueFromTheCommandLineOrTheEnvironment() throws {
        let folders = try ScimdirProcess.makeFolders()
        defer { try? FileManager.default.removeItem(at: folders.root) }
        // A state directory that cannot be created: were the value accepted, serve would fail at once rather than run.
        let serve = ["serve", "--directory", folders.directory.path, "--state-directory", "/dev/null/state"]

        let option = try ScimdirProcess.run(serve + ["--watch-quiet-period", "10s"])
        #expect(option.status == 64)
        #expect(option.errors.contains("--watch-quiet-period"), "\(option.errors)")
        #expect(option.errors.contains("got 10s"))

        let environment = try ScimdirProcess.run(serve, environment: ["SCIMDIR_RESCAN_INTERVAL": "5m"])
        #expect(environment.status == 64)
        #expect(environment.errors.contains("SCIMDIR_RESCAN_INTERVAL"), "\(environment.errors)")
        #expect(environment.errors.contains("got 5m"))
    }

    private func expectUsageError(_ arguments: [String], naming option: String) {
        do {
            let options = try WatchOptions.parse(arguments)
            Issue.record("\(arguments) parsed as \(options)")
        } catch {
            #expect(WatchOptions.exitCode(for: error) == .validationFailure)
            #expect(WatchOptions.message(for: error).contains(option), "\(WatchOptions.message(for: error))")
        }
    }
}
