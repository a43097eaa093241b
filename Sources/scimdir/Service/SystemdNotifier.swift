import Logging
import SCIMServer
import ServiceLifecycle

/// Tells the service manager and `/healthz` where `serve` is in its life (ARCHITECTURE §9, sd_notify(3)):
///
/// 1. once the directory is loaded and the HTTP socket listens (``serverDidStart()``): ``ServiceHealth`` becomes `ok`,
///    then `READY=1` with `STATUS=` counts;
/// 2. while serving: `WATCHDOG=1` every half `WATCHDOG_USEC`, but only while the store's writer answers
///    (``StoreLivenessProbe``), and `STATUS=` again whenever the counts changed;
/// 3. around a reload (``reload(_:)``): `RELOADING=1` with `MONOTONIC_USEC=`, then `READY=1`;
/// 4. when graceful shutdown begins: ``ServiceHealth`` becomes `stopping`, then `STOPPING=1`.
///
/// Without `NOTIFY_SOCKET` only the health phase moves. Put it last in the `ServiceGroup`: services stop in reverse
/// order, so `STOPPING=1` goes out first and the HTTP server drains after it.
///
/// Ownership: immutable after creation; the readiness signal is an `AsyncStream` finished once.
final class SystemdNotifier: Service, Sendable {
    private let socket: NotifySocket?
    private let watchdog: WatchdogInterval?
    private let probe: StoreLivenessProbe
    private let health: ServiceHealth
    private let logger: Logger
    private let started: AsyncStream<Void>
    private let startedContinuation: AsyncStream<Void>.Continuation

    /// How often `STATUS=` is refreshed when there is no watchdog to piggyback on.
    static let statusRefreshInterval = Duration.seconds(10)

    /// Creates the notifier.
    ///
    /// - Parameters:
    ///   - socket: `$NOTIFY_SOCKET`, or `nil` when not run by systemd.
    ///   - watchdog: `$WATCHDOG_USEC` for this process, or `nil`.
    ///   - probe: proves the store answers before each watchdog ping.
    ///   - health: advanced to `ok` when ready and to `stopping` on shutdown; its report gives `STATUS=`.
    init(
        socket: NotifySocket?, watchdog: WatchdogInterval?, probe: StoreLivenessProbe, health: ServiceHealth,
        logger: Logger
    ) {
        self.socket = socket
        self.watchdog = watchdog
        self.probe = probe
        self.health = health
        self.logger = logger
        (started, startedContinuation) = AsyncStream.makeStream(of: Void.self)
    }

    /// The HTTP server listens (Hummingbird's `onServerRunning`); the directory was loaded before the server started.
    func serverDidStart() {
        startedContinuation.yield()
        startedContinuation.finish()
    }

    /// Runs `work` between `RELOADING=1` and `READY=1`. Before the service is ready or once it is stopping, `work`
    /// runs without notifications, so a SIGHUP never announces readiness early or late.
    func reload(_ work: @Sendable () async -> Void) async {
        let announce = health.phase == .ok
        if announce { socket?.send(.reloadingNow()) }
        await work()
        if announce, health.phase == .ok { socket?.send(.ready(status: await health.report().summary)) }
    }

    /// Waits for the server, announces readiness, pings and refreshes the status until graceful shutdown, then
    /// announces stopping.
    func run() async throws {
        try? await cancelWhenGracefulShutdown { [self] in
            for await _ in started {}
            try Task.checkCancellation()
            health.markReady()
            let report = await health.report()
            socket?.send(.ready(status: report.summary))
            logger.info(
                "ready",
                metadata: [
                    "users": "\(report.users)", "groups": "\(report.groups)", "invalidFiles": "\(report.invalidFiles)",
                    "watchdog": "\(watchdog.map { "\($0.timeout)" } ?? "off")",
                ])
            try await tick(lastStatus: report.summary)
        }
        health.markStopping()
        socket?.send(.stopping)
        logger.info("stopping: no new connections; draining requests in flight")
    }

    /// Every half watchdog interval (or ``statusRefreshInterval``): `WATCHDOG=1` if the store answered, and `STATUS=`
    /// if it changed. Ends only by cancellation.
    private func tick(lastStatus: String) async throws {
        var lastStatus = lastStatus
        var wedged = false
        while true {
            try await Task.sleep(for: watchdog?.pingInterval ?? Self.statusRefreshInterval)
            guard let socket else { continue }
            if watchdog != nil {
                let answered = probe.answeredSinceLastCheck()
                if answered {
                    socket.send(.watchdog)
                    if wedged { logger.notice("the directory store answers again; watchdog pings resume") }
                } else if !wedged {
                    logger.error("the directory store does not answer; withholding watchdog pings")
                }
                wedged = !answered
            }
            let status = await health.report().summary
            if status != lastStatus {
                socket.send(.status(status))
                lastStatus = status
            }
        }
    }
}
