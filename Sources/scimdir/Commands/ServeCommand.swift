import ArgumentParser
import Deprovisioning
import DirectoryStore
import Foundation
import Hummingbird
import Logging
import NIOCore
import SCIMServer
import ServiceLifecycle
import UnixSignals

/// `scimdir serve`: the SCIM 2.0 endpoint on the directory (the main job).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the SCIM 2.0 endpoint on the directory.")

    @OptionGroup var directory: DirectoryOptions
    @OptionGroup var state: StateOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup(title: "Deprovisioning diffs") var deprovisioning: DiffServeOptions
    @OptionGroup var shutdown: ShutdownOptions
    @OptionGroup(title: "Watching the directory") var watch: WatchOptions
    @OptionGroup(title: "SAML reconciliation") var reconciliation: ReconcileOptions
    @OptionGroup(title: "HTTP and TLS") var http: HTTPServerOptions

    @Option(help: ArgumentHelp("Address to listen on, HOST:PORT (env SCIMDIR_LISTEN).", valueName: "host:port"))
    var listen: String = SettingsEnvironment["SCIMDIR_LISTEN"] ?? "127.0.0.1:8080"

    @Option(help: ArgumentHelp("Path of the SCIM endpoint (env SCIMDIR_BASE_PATH).", valueName: "path"))
    var basePath: String = SettingsEnvironment["SCIMDIR_BASE_PATH"] ?? "/api/ee/scim/v2"

    @Option(
        help: ArgumentHelp(
            "Public URL of the SCIM endpoint, for Location headers behind a proxy (env SCIMDIR_PUBLIC_URL).",
            valueName: "url"))
    var publicURL: String = SettingsEnvironment["SCIMDIR_PUBLIC_URL"] ?? ""

    @Flag(help: "Make every SCIM write one git commit in the directory (runs git init if needed).")
    var gitCommit = false

    @Option(help: ArgumentHelp("Author of those commits.", valueName: "name <email>"))
    var gitAuthor: String = "scimdir <scimdir@localhost>"

    @Option(
        help: ArgumentHelp(
            "A file of SCIMDIR_* settings in systemd's EnvironmentFile= syntax, read at start and on SIGHUP; its "
                + "settings win over the environment's, flags over both (env SCIMDIR_ENVIRONMENT_FILE).",
            valueName: "file"))
    var environmentFile: String = ProcessInfo.processInfo.environment["SCIMDIR_ENVIRONMENT_FILE"] ?? ""

    func validate() throws {
        _ = try ListenAddress(listen)
        if !publicURL.isEmpty {
            // Location and meta.location are built from it: a relative or schemeless value would make every one wrong.
            let url = URLComponents(string: publicURL)
            guard let url, ["http", "https"].contains(url.scheme?.lowercased()), url.host?.isEmpty == false,
                url.query == nil, url.fragment == nil
            else {
                throw ValidationError(
                    "\(SettingsEnvironment.describe("--public-url", "SCIMDIR_PUBLIC_URL")) must be an absolute http(s) "
                        + "URL such as https://scim.example.com/api/ee/scim/v2; got \(publicURL)")
            }
        }
        guard GitCommitter.Identity(parsing: gitAuthor) != nil else {
            throw ValidationError("--git-author must look like: Name <email@example.com>")
        }
    }

    func run() async throws {
        guard !environmentFile.isEmpty else { return try await serve(reloading: nil) }
        let file: EnvironmentFile
        do {
            file = try EnvironmentFile.read(path: environmentFile)
        } catch {
            throw ValidationError(error.description)
        }
        try await Self.parsed(against: file).serve(reloading: file)
    }

    /// The command line parsed again with `file`'s variables over the process environment's.
    ///
    /// - Throws: `ValidationError` naming the file and the refused value.
    static func parsed(against file: EnvironmentFile) throws -> ServeCommand {
        let command = try SettingsEnvironment.$file.withValue(file) {
            do {
                return try SCIMDirCommand.parseAsRoot(Array(CommandLine.arguments.dropFirst()))
            } catch {
                throw ValidationError("with the settings of \(file.path): \(SCIMDirCommand.message(for: error))")
            }
        }
        guard let command = command as? ServeCommand else { throw ValidationError("not a serve command line") }
        return command
    }

    /// What a reload may change.
    var liveSettings: SettingsReloader.Live {
        get throws {
            try SettingsReloader.Live(
                logLevel: logging.level, deprovisionLimit: deprovisioning.deprovisionGuard.limit,
                deprovisionWindow: deprovisioning.deprovisionGuard.window, onDiff: deprovisioning.hookCommand)
        }
    }

    /// Serves with these settings.
    ///
    /// - Parameter file: the environment file they were parsed against, re-read on SIGHUP.
    private func serve(reloading file: EnvironmentFile?) async throws {
        let logger = logging.bootstrap()
        let address = try ListenAddress(listen)
        try state.createStateDirectory(logger: logger)
        let tokens = TokenStore(stateDirectory: state.stateDirectoryURL)
        let newToken = try createTokenIfAppropriate(tokens, logger: logger)

        let store = try await DirectoryStore.open(layout: DirectoryLayout(root: directory.directoryURL), logger: logger)
        let committer =
            gitCommit
            ? try GitCommitter(
                directory: directory.directoryURL, author: GitCommitter.Identity(parsing: gitAuthor)!, logger: logger)
            : nil
        if let committer { await store.addObserver(committer) }
        let outbox = DiffQueue(files: StateFiles(directory: state.stateDirectoryURL))
        let health = ServiceHealth(store: store, diffQueue: { try DiffQueueCounts(outbox) })
        let metrics = SCIMMetrics(health: health)
        await store.addObserver(metrics)
        let systemd = SystemdNotifier(
            socket: NotifySocket.fromEnvironment(logger: logger), watchdog: WatchdogInterval.fromEnvironment(),
            probe: StoreLivenessProbe { await store.answer() }, health: health, logger: logger)
        // The metadata is reconciled before the feed starts, so that even the startup diff carries NameIDs.
        let monitor = reconciliation.monitor(store: store, stateDirectory: state.stateDirectoryURL, logger: logger)
        await monitor.reconcile()
        let deprovisioningFeed = try await deprovisioning.startFeed(
            store: store, stateDirectory: state.stateDirectoryURL, nameID: monitor.nameIDResolver, logger: logger)
        let settings = try file.map { file in
            try SettingsReloader(
                settings: liveSettings, file: file, parse: { try Self.parsed(against: $0).liveSettings },
                feed: deprovisioningFeed.feed, delivery: deprovisioningFeed.delivery, logger: logger)
        }
        let configuration = SCIMServerConfiguration(
            basePath: basePath, publicBaseURL: publicURL.isEmpty ? nil : publicURL,
            scheme: http.scheme)
        let router = SCIMApplication.router(
            store: store, tokens: TokenVerifier(store: tokens), configuration: configuration, health: health,
            metrics: metrics)
        let server = try http.serverBuilder(logger: logger)
        let app = Application(
            router: router, server: server,
            configuration: .init(address: .hostname(address.host, port: address.port), serverName: "scimdir"),
            onServerRunning: { [http] channel in
                let port = channel.localAddress?.port ?? address.port
                let url = "\(http.scheme)://\(address.displayHost):\(port)\(configuration.basePath)"
                logger.info(
                    "serving SCIM",
                    metadata: [
                        "url": "\(url)", "directory": "\(directory.directoryURL.path)",
                        "readTimeout": "\(http.readTimeout)",
                    ])
                announce(url: url, newToken: newToken)
                systemd.serverDidStart()
            },
            logger: logger)
        let watcher = DirectoryWatcher(
            store: store, configuration: try watch.watcherConfiguration(), logger: logger
        ) { await monitor.reconcile() }
        let metadataWatcher = reconciliation.metadataFileWatcher(
            directory: directory.directoryURL, monitor: monitor, logger: logger)
        // SIGHUP: rescan the directory (schemas included) and reconcile the SAML metadata again, between RELOADING=1
        // and READY=1. The token needs no reload: TokenVerifier notices a rotated token file by itself. Environment
        // settings: those of --environment-file that can change live are applied first; the others need a restart.
        let reload = SIGHUPService(logger: logger) {
            await systemd.reload {
                settings?.reload()
                await store.reload(nil)
                await monitor.reconcile()
                metrics.recordReload()
            }
        }
        // Services stop in reverse order: STOPPING=1 first, then the server drains its requests in flight.
        var group = ServiceGroupConfiguration(
            services: [app, watcher] + (metadataWatcher.map { [$0] } ?? []) + [reload] + deprovisioningFeed.services
                + [systemd],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        group.maximumGracefulShutdownDuration = shutdown.gracefulShutdownBound
        try await ServiceGroup(configuration: group).run()
        committer?.flush()
        deprovisioningFeed.finish()
        logger.info("stopped")
    }

    /// On the first start there is no token: create one and show it, as an admin screen would. Under systemd
    /// (`INVOCATION_ID` set) standard output goes to the journal, where a secret must never land, so the admin is
    /// told to run `scimdir token rotate` instead.
    private func createTokenIfAppropriate(_ tokens: TokenStore, logger: Logger) throws -> String? {
        guard tokens.status().created == nil else { return nil }
        if ProcessInfo.processInfo.environment["INVOCATION_ID"] != nil {
            logger.warning("no bearer token exists yet; create one with: scimdir token rotate")
            return nil
        }
        return try tokens.createIfMissing()
    }

    private func announce(url: String, newToken: String?) {
        var text = "scimdir is serving SCIM 2.0 at \(url)\n"
        if let newToken {
            text += """

                A bearer token was created. Copy it now; it cannot be shown again:

                    \(newToken)

                Give the identity provider the URL above and this token (Okta: authentication mode "HTTP Header";
                Entra ID: "Secret Token"). Rotate it with: scimdir token rotate

                """
        }
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}

/// `HOST:PORT`, `[IPv6]:PORT` or `:PORT` (all interfaces).
struct ListenAddress {
    var host: String
    var port: Int

    init(_ text: String) throws {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65535).contains(port)
        else {
            throw ValidationError(
                "\(SettingsEnvironment.describe("--listen", "SCIMDIR_LISTEN")) must be HOST:PORT, e.g. "
                    + "127.0.0.1:8080; got \(text)")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self.host = host.isEmpty ? "0.0.0.0" : host
        self.port = port
    }

    /// The host as it goes into a URL.
    var displayHost: String { host.contains(":") ? "[\(host)]" : host }
}
