import ArgumentParser
import Deprovisioning
import Foundation

/// `--deprovision-limit` and `--deprovision-window`, the mass-deprovisioning guard's options (ARCHITECTURE §6), shared
/// by `serve` and `reconcile --emit-diff` so that both judge a diff alike; also `SCIMDIR_DEPROVISION_LIMIT` and
/// `SCIMDIR_DEPROVISION_WINDOW` (from the environment or `serve --environment-file`).
///
/// ```swift
/// @OptionGroup var deprovisionGuard: DeprovisionGuardOptions
/// var configuration = DeprovisioningFeed.Configuration(files: files)
/// try deprovisionGuard.apply(to: &configuration)
/// ```
struct DeprovisionGuardOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Hold a diff when more users than this lose access in one batch or within the window: a count, a share "
                + "of the active users, or both, e.g. 10, 5% or 10,5% (env SCIMDIR_DEPROVISION_LIMIT).",
            valueName: "N|P%|N,P%"))
    var deprovisionLimit: String = SettingsEnvironment["SCIMDIR_DEPROVISION_LIMIT"] ?? "10"

    @Option(
        help: ArgumentHelp(
            "The sliding window of the limit, e.g. 15m, 900s, 1h; 0 checks single batches only "
                + "(env SCIMDIR_DEPROVISION_WINDOW).",
            valueName: "duration"))
    var deprovisionWindow: String = SettingsEnvironment["SCIMDIR_DEPROVISION_WINDOW"] ?? "15m"

    func validate() throws {
        _ = try limit
        guard DiffServeOptions.duration(deprovisionWindow) != nil else {
            throw ValidationError(
                "\(SettingsEnvironment.describe("--deprovision-window", "SCIMDIR_DEPROVISION_WINDOW")) must be a "
                    + "duration such as 250ms, 30s, 15m or 1h; got \(deprovisionWindow)")
        }
    }

    /// `--deprovision-limit` parsed.
    ///
    /// - Throws: `ValidationError` naming the option and `SCIMDIR_DEPROVISION_LIMIT`.
    var limit: DeprovisionLimit {
        get throws {
            do throws(DeprovisionLimit.ParseError) {
                return try DeprovisionLimit(parsing: deprovisionLimit)
            } catch {
                var error = error
                error.setting = SettingsEnvironment.describe("--deprovision-limit", "SCIMDIR_DEPROVISION_LIMIT")
                throw ValidationError(error.description)
            }
        }
    }

    /// `--deprovision-window` parsed (``validate()`` refused any other text).
    var window: Duration { DiffServeOptions.duration(deprovisionWindow) ?? .seconds(15 * 60) }

    /// Sets the feed's limit and window from the validated options.
    ///
    /// - Throws: `ValidationError` when the limit does not parse (``validate()`` refused it already).
    func apply(to configuration: inout DeprovisioningFeed.Configuration) throws {
        configuration.limit = try limit
        configuration.window = window
    }
}
