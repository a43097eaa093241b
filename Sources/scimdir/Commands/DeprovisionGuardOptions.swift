import ArgumentParser
import Deprovisioning
import Foundation

/// `--deprovision-limit` and `--deprovision-window`, the mass-deprovisioning guard's options (ARCHITECTURE §6), shared
/// by `serve` and `reconcile --emit-diff` so that both judge a diff alike; also `SCIMDIR_DEPROVISION_LIMIT` and
/// `SCIMDIR_DEPROVISION_WINDOW`.
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
    var deprovisionLimit: String = ProcessInfo.processInfo.environment["SCIMDIR_DEPROVISION_LIMIT"] ?? "10"

    @Option(
        help: ArgumentHelp(
            "The sliding window of the limit, e.g. 15m, 900s, 1h; 0 checks single batches only "
                + "(env SCIMDIR_DEPROVISION_WINDOW).",
            valueName: "duration"))
    var deprovisionWindow: String = ProcessInfo.processInfo.environment["SCIMDIR_DEPROVISION_WINDOW"] ?? "15m"

    func validate() throws {
        do throws(DeprovisionLimit.ParseError) {
            _ = try DeprovisionLimit(parsing: deprovisionLimit)
        } catch {
            throw ValidationError(error.description)
        }
        guard DiffServeOptions.duration(deprovisionWindow) != nil else {
            throw ValidationError(
                "--deprovision-window must be a duration such as 250ms, 30s, 15m or 1h; got \(deprovisionWindow)")
        }
    }

    /// Sets the feed's limit and window from the validated options.
    ///
    /// - Throws: ``DeprovisionLimit/ParseError`` when the limit does not parse (``validate()`` refused it already).
    func apply(to configuration: inout DeprovisioningFeed.Configuration) throws {
        configuration.limit = try DeprovisionLimit(parsing: deprovisionLimit)
        configuration.window = DiffServeOptions.duration(deprovisionWindow)!
    }
}
