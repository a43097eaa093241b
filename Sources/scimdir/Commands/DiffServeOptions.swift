import ArgumentParser
import Deprovisioning
import DirectoryStore
import Foundation
import Logging
import ServiceLifecycle

/// The `serve` options of the deprovisioning feed (ARCHITECTURE §6): the guard (``DeprovisionGuardOptions``), and
/// delivery through `--on-diff`.
struct DiffServeOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Run this shell command for each deprovisioning diff, in order, with the diff file's path as its last "
                + "argument; exit status 0 acknowledges the diff, a failure is retried and blocks later diffs "
                + "(env SCIMDIR_ON_DIFF).",
            valueName: "command"))
    var onDiff: String = SettingsEnvironment["SCIMDIR_ON_DIFF"] ?? ""

    @OptionGroup var deprovisionGuard: DeprovisionGuardOptions

    @Option(help: ArgumentHelp("The first wait before retrying a failed --on-diff command.", valueName: "duration"))
    var onDiffRetryDelay: String = "1s"

    @Option(help: ArgumentHelp("The longest wait between retries of --on-diff.", valueName: "duration"))
    var onDiffMaxRetryDelay: String = "5m"

    @Option(
        help: ArgumentHelp(
            "How long one run of --on-diff may take before it is stopped and retried; 0 waits forever.",
            valueName: "duration"))
    var onDiffTimeout: String = "10m"

    func validate() throws {
        for (name, text) in [
            ("--on-diff-retry-delay", onDiffRetryDelay), ("--on-diff-max-retry-delay", onDiffMaxRetryDelay),
            ("--on-diff-timeout", onDiffTimeout),
        ] where Self.duration(text) == nil {
            throw ValidationError("\(name) must be a duration such as 250ms, 30s, 15m or 1h; got \(text)")
        }
    }

    /// `--on-diff` as the command to run, or `nil` when diffs wait in the outbox for another consumer.
    var hookCommand: HookCommand? { onDiff.isEmpty ? nil : HookCommand(onDiff) }

    /// Opens the feed, emits the startup diff, registers the feed with the store, and prepares delivery (which idles
    /// while there is no `--on-diff` command; a reload may give it one). Call it before the store takes writes.
    ///
    /// - Parameter nameID: derives the SAML NameID entries carry (from the reconciled metadata).
    func startFeed(store: DirectoryStore, stateDirectory: URL, nameID: NameIDResolver?, logger: Logger) async throws
        -> DeprovisioningRuntime
    {
        let files = StateFiles(directory: stateDirectory)
        var deliveryConfiguration = DiffDelivery.Configuration(command: hookCommand)
        deliveryConfiguration.retryDelay = Self.duration(onDiffRetryDelay)!
        deliveryConfiguration.maximumRetryDelay = Self.duration(onDiffMaxRetryDelay)!
        let timeout = Self.duration(onDiffTimeout)!
        deliveryConfiguration.timeout = timeout == .zero ? nil : timeout
        let delivery = DiffDelivery(files: files, configuration: deliveryConfiguration, logger: logger)
        var configuration = DeprovisioningFeed.Configuration(files: files)
        try deprovisionGuard.apply(to: &configuration)
        configuration.onDiffWritten = { _ in delivery.wake() }
        configuration.nameID = nameID
        let feed = try DeprovisioningFeed(configuration: configuration, logger: logger)
        try feed.catchUp(with: store.snapshot)
        await store.addObserver(feed)
        return DeprovisioningRuntime(feed: feed, delivery: delivery, logger: logger)
    }

    /// `250ms`, `30s`, `15m`, `1h`, or plain seconds (`900`), up to a year; `nil` for anything else.
    static func duration(_ text: String) -> Duration? {
        let units: [(suffix: String, seconds: Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        let unit = units.first { text.hasSuffix($0.suffix) && Double(text.dropLast($0.suffix.count)) != nil }
        // At most a year: far beyond any sensible setting, and it keeps the milliseconds in Int64's range.
        guard let value = Double(unit.map { String(text.dropLast($0.suffix.count)) } ?? text), value >= 0,
            value * (unit?.seconds ?? 1) <= 366 * 86400
        else { return nil }
        return .milliseconds(Int64((value * (unit?.seconds ?? 1) * 1000).rounded()))
    }
}

/// The running feed: the services to add to the daemon's group, and the checkpoint to write at shutdown.
struct DeprovisioningRuntime {
    let feed: DeprovisioningFeed
    /// Runs `--on-diff`; idle without a command.
    let delivery: DiffDelivery
    let logger: Logger

    /// The services to add to the daemon's group.
    var services: [any Service] { [delivery] }

    /// Writes the checkpoint after the services stopped.
    func finish() {
        do {
            try feed.writeCheckpoint()
        } catch {
            logger.warning("cannot write the deprovisioning checkpoint", metadata: ["error": "\(error)"])
        }
    }
}
