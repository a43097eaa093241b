import Deprovisioning
import Logging
import Synchronization

/// `serve`'s settings on SIGHUP (ARCHITECTURE §9): reads `--environment-file` again, parses the command line against
/// it (flags still win), and applies what can change while serving — the log level, the deprovisioning guard's limit
/// and window, and the `--on-diff` command.
///
/// Every other variable that changed in the file (the listen address, the folders, the TLS files, the base path, …,
/// and variables meant for the `--on-diff` command, which systemd hands over only at start) is logged as a warning
/// that it takes a restart. A file that cannot be read or parsed, or a value that is refused, is logged as an error
/// and the settings in force stay. A missing file has no variables, as at start.
///
/// Ownership: the settings in force and the file they came from are behind one mutex; ``SIGHUPService`` runs one
/// reload at a time.
final class SettingsReloader: Sendable {
    /// The settings a reload applies.
    struct Live: Equatable, Sendable {
        var logLevel: Logger.Level
        var deprovisionLimit: DeprovisionLimit
        var deprovisionWindow: Duration
        var onDiff: HookCommand?
    }

    /// The variables behind ``Live``: a change to any other variable needs a restart.
    static let liveVariables: Set = [
        "SCIMDIR_LOG_LEVEL", "SCIMDIR_DEPROVISION_LIMIT", "SCIMDIR_DEPROVISION_WINDOW", "SCIMDIR_ON_DIFF",
    ]

    private let parse: @Sendable (EnvironmentFile) throws -> Live
    private let current: Mutex<(settings: Live, file: EnvironmentFile)>
    private let feed: DeprovisioningFeed
    private let delivery: DiffDelivery
    private let logger: Logger

    /// Creates the reloader.
    ///
    /// - Parameters:
    ///   - settings: the settings in force, parsed against `file` at start.
    ///   - parse: parses the command line against a file's variables; throws an error that describes the refused
    ///     value.
    ///   - feed: takes a new limit and window.
    ///   - delivery: takes a new `--on-diff` command.
    init(
        settings: Live, file: EnvironmentFile, parse: @escaping @Sendable (EnvironmentFile) throws -> Live,
        feed: DeprovisioningFeed, delivery: DiffDelivery, logger: Logger
    ) {
        self.parse = parse
        current = Mutex((settings, file))
        self.feed = feed
        self.delivery = delivery
        self.logger = logger
    }

    /// Re-reads the file and applies the live settings; logs what changed, what needs a restart, or why nothing did.
    func reload() {
        let (old, oldFile) = current.withLock { $0 }
        let file: EnvironmentFile
        var settings: Live
        do {
            file = try EnvironmentFile.read(path: oldFile.path)
            settings = try parse(file)
        } catch {
            logger.error(
                "cannot reload the settings; those in force stay",
                metadata: ["file": "\(oldFile.path)", "error": "\(error)"])
            return
        }
        var applied: Logger.Metadata = [:]
        if settings.logLevel != old.logLevel {
            KeyValueLogHandler.defaultLevel = settings.logLevel
            applied["logLevel"] = "\(settings.logLevel)"
        }
        if settings.deprovisionLimit != old.deprovisionLimit || settings.deprovisionWindow != old.deprovisionWindow {
            do {
                try feed.changeGuard(limit: settings.deprovisionLimit, window: settings.deprovisionWindow)
                applied["deprovisionLimit"] = "\(settings.deprovisionLimit)"
                applied["deprovisionWindow"] = "\(settings.deprovisionWindow)"
            } catch {
                logger.error(
                    "cannot change the deprovisioning limit; the one in force stays", metadata: ["error": "\(error)"])
                settings.deprovisionLimit = old.deprovisionLimit
                settings.deprovisionWindow = old.deprovisionWindow
            }
        }
        if settings.onDiff != old.onDiff {
            delivery.replaceCommand(settings.onDiff)
            applied["onDiff"] = "\(settings.onDiff?.command ?? "")"
        }
        let names = Set(oldFile.variables.keys).union(file.variables.keys)
        for name in names.sorted() where oldFile.variables[name] != file.variables[name] {
            guard !Self.liveVariables.contains(name) else { continue }
            logger.warning(
                "a setting changed in the environment file takes effect only on restart",
                metadata: ["variable": "\(name)", "file": "\(file.path)"])
        }
        logger.notice("settings reloaded", metadata: applied.merging(["file": "\(file.path)"]) { new, _ in new })
        current.withLock { $0 = (settings, file) }
    }
}
