import Foundation
import Glibc
public import Logging
public import ServiceLifecycle

/// Keeps the store in step with the files: inotify events on `users/`, `groups/`, `schemas/` and `saml/` are
/// coalesced over a quiet period and reloaded as one batch (ARCHITECTURE §5).
///
/// - A burst of events (an editor's save, a `git checkout` of thousands of files) becomes one reload once no event
///   has arrived for ``Configuration/quietPeriod``, or after ``Configuration/maximumDelay`` at the latest.
/// - While git holds `DIR/.git/index.lock` (a checkout, merge or pull writing the working tree), the batch waits for
///   git to finish, however long it writes, up to ``Configuration/maximumGitDelay``: a slow checkout is one batch,
///   and no file of it is served before the others. `DIR` may be anywhere in the repository's working tree.
/// - A file removed and recreated within the quiet period is reloaded once, as a modification.
/// - Hidden files and anything but `<id>.json` (`.swp`, `~`, `.#…`, `4913`, `.git/`) are ignored.
/// - A kernel queue overflow, a watched folder that disappears or reappears and a slow safety timer trigger a full
///   rescan, which only re-reads files whose stamp changed. (SIGHUP rescans through the store directly, so that
///   `serve` can tell systemd when the rescan is done.)
///
/// Ownership: a dedicated thread reads inotify and coalesces; the service task applies the batches to the store.
public final class DirectoryWatcher: Service, Sendable {
    /// Timings of the watcher.
    public struct Configuration: Sendable {
        /// How long the directory must be quiet before a batch is reloaded.
        public var quietPeriod: Duration
        /// The longest a change waits while events keep arriving.
        public var maximumDelay: Duration
        /// How often a full rescan runs even without events (a safety net for missed events), counted from the last
        /// batch; `nil` turns the timer off (overflows, folders that come and go, and SIGHUP still rescan).
        public var rescanInterval: Duration?
        /// The longest a change waits for git to release its index lock (a lock left by a crashed git must not stop
        /// reloads for good).
        public var maximumGitDelay: Duration

        /// Creates a configuration; the defaults suit people and git.
        public init(
            quietPeriod: Duration = .milliseconds(250), maximumDelay: Duration = .seconds(2),
            rescanInterval: Duration? = .seconds(300), maximumGitDelay: Duration = .seconds(60)
        ) {
            self.quietPeriod = quietPeriod
            self.maximumDelay = maximumDelay
            self.rescanInterval = rescanInterval
            self.maximumGitDelay = maximumGitDelay
        }
    }

    private enum Request: Sendable {
        case reload(Set<String>)
        case rescan
        case samlMetadataChanged
    }

    private let store: DirectoryStore
    private let configuration: Configuration
    private let logger: Logger
    private let onSAMLMetadataChange: @Sendable () async -> Void
    private let requests: AsyncStream<Request>
    private let continuation: AsyncStream<Request>.Continuation

    /// Creates a watcher for `store`'s directory.
    ///
    /// - Parameter onSAMLMetadataChange: called after `saml/metadata.xml` changed (and settled).
    public init(
        store: DirectoryStore, configuration: Configuration = .init(), logger: Logger,
        onSAMLMetadataChange: @escaping @Sendable () async -> Void = {}
    ) {
        self.store = store
        self.configuration = configuration
        self.logger = logger
        self.onSAMLMetadataChange = onSAMLMetadataChange
        (requests, continuation) = AsyncStream.makeStream(of: Request.self)
    }

    /// Watches until graceful shutdown.
    ///
    /// - Throws: ``InotifyWatcher/Failure`` when inotify cannot be set up.
    public func run() async throws {
        let inotify = try InotifyWatcher()
        let root = store.layout.root.path
        try inotify.watch(root, mask: UInt32(IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO))
        for folder in Self.watchedFolders { try? inotify.watch(root + "/" + folder) }
        let thread = Thread { [self] in coalesce(inotify, root: root) }
        thread.name = "scimdir-watcher"
        thread.start()
        await withGracefulShutdownHandler {
            for await request in requests {
                switch request {
                case .reload(let paths): await store.reload(paths)
                case .rescan: await store.reload(nil)
                case .samlMetadataChanged: await onSAMLMetadataChange()
                }
            }
        } onGracefulShutdown: { [continuation] in
            inotify.close()
            continuation.finish()
        }
    }

    static let watchedFolders = ["users", "groups", "schemas", "saml"]

    /// The watcher thread: reads events, coalesces them, and hands batches to the service task.
    private func coalesce(_ inotify: InotifyWatcher, root: String) {
        let clock = ContinuousClock()
        var pending = Set<String>()
        var rescan = false
        var samlChanged = false
        var firstPending: ContinuousClock.Instant?
        var lastFlush = clock.now
        /// Whether the pending batch should wait although the quiet period or the maximum delay has passed.
        func gitIsWriting(since first: ContinuousClock.Instant) -> Bool {
            // Looked up each time: the repository may be created (or removed) while scimdir runs.
            guard let gitIndexLock = Self.gitIndexLock(forWorkTreeAt: root), access(gitIndexLock, F_OK) == 0 else {
                return false
            }
            guard clock.now - first < configuration.maximumGitDelay else {
                logger.warning(
                    "git has held its index lock too long; reloading anyway", metadata: ["lock": "\(gitIndexLock)"])
                return false
            }
            return true
        }

        func flush() {
            if rescan {
                logger.info("rescanning the directory")
                continuation.yield(.rescan)
            } else if !pending.isEmpty {
                continuation.yield(.reload(pending))
            }
            if samlChanged { continuation.yield(.samlMetadataChanged) }
            pending = []
            rescan = false
            samlChanged = false
            firstPending = nil
            lastFlush = clock.now
        }

        while true {
            let waiting = firstPending != nil
            // -1: no safety timer, so wait for events however long.
            let timeout =
                waiting
                ? max(0, configuration.quietPeriod.milliseconds)
                : configuration.rescanInterval.map { max(0, ($0 - (clock.now - lastFlush)).milliseconds) } ?? -1
            switch inotify.read(timeoutMilliseconds: Int32(clamping: timeout)) {
            case .closed:
                return
            case .timeout:
                if let first = firstPending, gitIsWriting(since: first) { continue }
                if !waiting { rescan = true }
                flush()
            case .events(let events):
                for event in events {
                    if event.isOverflow {
                        logger.warning("inotify queue overflowed; rescanning")
                        rescan = true
                    } else if event.folder == root {
                        guard Self.watchedFolders.contains(event.name) else { continue }
                        try? inotify.watch(root + "/" + event.name)
                        rescan = true
                    } else if event.isFolderGone {
                        rescan = true
                    } else if let path = Self.relevantPath(folder: event.folder, name: event.name) {
                        if path == "saml/metadata.xml" { samlChanged = true } else { pending.insert(path) }
                    } else {
                        continue
                    }
                    if firstPending == nil { firstPending = clock.now }
                }
                if let first = firstPending, clock.now - first >= configuration.maximumDelay,
                    !gitIsWriting(since: first)
                {
                    flush()
                }
            }
        }
    }

    /// The `index.lock` of the git repository whose working tree holds `root`, found at the nearest `.git` above it:
    /// a folder, or a file `gitdir: <path>` (worktrees, submodules). `nil` when `root` is in no repository.
    static func gitIndexLock(forWorkTreeAt root: String) -> String? {
        var folder = URL(fileURLWithPath: root).standardizedFileURL
        while true {
            let dotGit = folder.appendingPathComponent(".git")
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: dotGit.path, isDirectory: &isFolder) {
                if isFolder.boolValue { return dotGit.appendingPathComponent("index.lock").path }
                guard let text = try? String(contentsOf: dotGit, encoding: .utf8), text.hasPrefix("gitdir:") else {
                    return nil
                }
                let target = text.dropFirst("gitdir:".count).trimmingCharacters(in: .whitespacesAndNewlines)
                let gitFolder =
                    target.hasPrefix("/") ? URL(fileURLWithPath: target) : folder.appendingPathComponent(target)
                return gitFolder.standardizedFileURL.appendingPathComponent("index.lock").path
            }
            let parent = folder.deletingLastPathComponent()
            guard parent.path != folder.path else { return nil }
            folder = parent
        }
    }

    /// `users/<id>.json`, `groups/<id>.json`, `schemas/<name>.json` or `saml/metadata.xml` for an event in a watched
    /// folder; `nil` for hidden files, editor droppings and anything else.
    static func relevantPath(folder: String, name: String) -> String? {
        guard !name.hasPrefix("."), let subfolder = folder.split(separator: "/").last.map(String.init) else { return nil }
        switch subfolder {
        case "users", "groups":
            return DirectoryLayout.resourceID(fromFileName: name) == nil ? nil : "\(subfolder)/\(name)"
        case "schemas":
            return name.hasSuffix(".json") ? "schemas/\(name)" : nil
        case "saml":
            return name == "metadata.xml" ? "saml/metadata.xml" : nil
        default:
            return nil
        }
    }
}

extension Duration {
    /// The duration in whole milliseconds, rounded down.
    var milliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}
