public import Foundation
public import Logging
public import ServiceLifecycle

/// Runs an action whenever one file changes, e.g. the SAML metadata that `serve --saml-metadata FILE` reads from
/// outside the directory (ARCHITECTURE §7).
///
/// ```swift
/// let watcher = FileWatcher(file: URL(fileURLWithPath: "/etc/scimdir/idp-metadata.xml"), logger: logger) {
///     await monitor.reconcile()
/// }
/// // run it in the daemon's ServiceGroup
/// ```
///
/// - It watches the file's folder with inotify, not the file, so that a file replaced by a rename (an editor's save,
///   `mv`, `git checkout`, a configuration-management tool) is followed like one written in place.
/// - Events on the file's name (written and closed, created, removed, renamed in or out) are coalesced until the folder
///   has been quiet for ``quietPeriod``: an editor's rename-over-write is one change. Other names are ignored.
/// - While the folder is missing (at start, or after it was removed or moved) the watcher tries again every
///   ``retryInterval``, and reports one change when it watches again, since the file may have changed meanwhile.
/// - Changes that arrive while the action runs are run once more after it, not once each.
///
/// Ownership: a dedicated thread reads inotify and coalesces; the service task runs the action, one run at a time.
public final class FileWatcher: Service, Sendable {
    /// The file watched.
    public let file: URL
    /// How long the folder must be quiet before a change is reported.
    public let quietPeriod: Duration
    /// How often a folder that cannot be watched is tried again.
    public let retryInterval: Duration
    private let logger: Logger
    private let onChange: @Sendable () async -> Void
    private let changes: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    /// Creates a watcher; nothing is watched until ``run()``.
    ///
    /// - Parameter onChange: called after the file changed and the folder settled; never two calls at once.
    public init(
        file: URL, quietPeriod: Duration = .milliseconds(250), retryInterval: Duration = .seconds(5), logger: Logger,
        onChange: @escaping @Sendable () async -> Void
    ) {
        self.file = file.standardizedFileURL
        self.quietPeriod = quietPeriod
        self.retryInterval = retryInterval
        self.logger = logger
        self.onChange = onChange
        (changes, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Watches until graceful shutdown.
    ///
    /// - Throws: ``InotifyWatcher/Failure`` when inotify cannot be set up (a missing folder is not an error).
    public func run() async throws {
        let inotify = try InotifyWatcher()
        let thread = Thread { [self] in coalesce(inotify) }
        thread.name = "scimdir-file-watcher"
        thread.start()
        await withGracefulShutdownHandler {
            for await _ in changes { await onChange() }
        } onGracefulShutdown: { [continuation] in
            inotify.close()
            continuation.finish()
        }
    }

    /// The watcher thread: (re)establishes the folder's watch, reads events and reports settled changes.
    private func coalesce(_ inotify: InotifyWatcher) {
        let folder = file.deletingLastPathComponent().path
        let name = file.lastPathComponent
        var watching = watch(folder, with: inotify, logFailure: true)
        var pending = false
        while true {
            let timeout = pending ? quietPeriod : watching ? nil : retryInterval
            switch inotify.read(timeoutMilliseconds: timeout.map { Int32(clamping: $0.milliseconds) } ?? -1) {
            case .closed:
                return
            case .timeout:
                if pending { continuation.yield() }
                pending = false
                if !watching && watch(folder, with: inotify, logFailure: false) {
                    watching = true
                    logger.info("watching the folder of a file", metadata: ["file": "\(file.path)"])
                    continuation.yield()
                }
            case .events(let events):
                for event in events {
                    if event.isOverflow || event.name == name { pending = true }
                    if event.isFolderGone && watching {
                        watching = false
                        pending = true
                        logger.warning(
                            "the folder of a watched file is gone; trying again every \(retryInterval)",
                            metadata: ["file": "\(file.path)"])
                    }
                }
            }
        }
    }

    /// Adds the folder's watch; `false` (logged at warning level when `logFailure`) when the folder cannot be watched.
    private func watch(_ folder: String, with inotify: InotifyWatcher, logFailure: Bool) -> Bool {
        do {
            try inotify.watch(folder)
            return true
        } catch {
            if logFailure {
                logger.warning(
                    "cannot watch the folder of a file; trying again every \(retryInterval)",
                    metadata: ["file": "\(file.path)", "error": "\(error)"])
            }
            return false
        }
    }
}
