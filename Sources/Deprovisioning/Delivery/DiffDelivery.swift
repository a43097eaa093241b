import Foundation
public import Logging
public import ServiceLifecycle
import Synchronization

/// Delivers the outbox to the host through the `--on-diff` command (ARCHITECTURE §6), as a service of the daemon.
///
/// One diff at a time, in order: the command runs with the next deliverable diff (``DiffQueue/deliverable()``); exit 0
/// acknowledges it; a failure is retried after ``Configuration/retryDelay``, doubling up to
/// ``Configuration/maximumRetryDelay``, and blocks every later diff. A held diff stops delivery until someone releases
/// it. Delivery is at-least-once: after a restart, every unacknowledged diff is delivered again. Without a command
/// the service idles; ``replaceCommand(_:)`` gives it one, or another, while it runs (`serve` does on SIGHUP).
///
/// The service wakes when ``wake()`` is called (the feed calls it after each diff) and checks the queue every
/// ``Configuration/pollInterval`` as well, which is how it notices `scimdir diff release` and `scimdir diff ack` run
/// from a shell. On graceful shutdown a running command receives SIGTERM, and its diff will be delivered again.
public final class DiffDelivery: Service, Sendable {
    /// How delivery runs.
    public struct Configuration: Sendable {
        /// The command to run for each diff; `nil`: deliver nothing until ``DiffDelivery/replaceCommand(_:)``.
        public var command: HookCommand?
        /// The wait before the first retry of a failed diff.
        public var retryDelay: Duration = .seconds(1)
        /// The longest wait between retries.
        public var maximumRetryDelay: Duration = .seconds(300)
        /// How often the queue is checked without a wake-up: the longest it takes to notice `scimdir diff release`.
        public var pollInterval: Duration = .seconds(2)
        /// How long one run of the command may take: then its process group gets SIGTERM (SIGKILL 5 s later) and
        /// the run counts as failed, so that a consumer hung on a dead host cannot block delivery for good; `nil`
        /// waits forever.
        public var timeout: Duration? = .seconds(600)

        /// The defaults for a command: retries after 1 s, 2 s, 4 s, … up to 5 min.
        public init(command: HookCommand?) {
            self.command = command
        }
    }

    private let queue: DiffQueue
    private let configuration: Configuration
    private let command: Mutex<HookCommand?>
    private let logger: Logger
    private let wakeUps: AsyncStream<Void>
    private let wakeUpContinuation: AsyncStream<Void>.Continuation

    /// A delivery service for a state directory's outbox.
    public init(files: StateFiles, configuration: Configuration, logger: Logger) {
        self.queue = DiffQueue(files: files)
        self.configuration = configuration
        self.command = Mutex(configuration.command)
        self.logger = logger
        (wakeUps, wakeUpContinuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Asks the service to look at the queue now (a new diff was written).
    public func wake() {
        wakeUpContinuation.yield()
    }

    /// Runs `command` from the next delivery attempt on (a command running now finishes); `nil` stops delivering.
    public func replaceCommand(_ command: HookCommand?) {
        self.command.withLock { $0 = command }
        wake()
    }

    /// The delay before retry number `failures` (1, 2, …): `retryDelay` doubled per earlier failure, at most
    /// `maximumRetryDelay`.
    public func retryDelay(afterFailures failures: Int) -> Duration {
        var delay = configuration.retryDelay
        for _ in 1..<max(1, failures) where delay < configuration.maximumRetryDelay { delay *= 2 }
        return min(delay, configuration.maximumRetryDelay)
    }

    /// Delivers until graceful shutdown.
    public func run() async throws {
        let pollInterval = configuration.pollInterval
        let continuation = wakeUpContinuation
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: pollInterval)
                    continuation.yield()
                }
            }
            continuation.yield()
            for await _ in wakeUps.cancelOnGracefulShutdown() {
                await deliverAll()
            }
            group.cancelAll()
        }
    }

    /// Runs the command for one diff, stopping it after ``Configuration/timeout``.
    ///
    /// - Returns: its exit status; ``timedOut`` when it was stopped for taking too long.
    private func run(_ command: HookCommand, path: URL, sequence: Int) async throws -> Int32 {
        guard let timeout = configuration.timeout else { return try await command.run(path: path, sequence: sequence) }
        return try await withThrowingTaskGroup(of: Int32?.self) { group in
            group.addTask { try await command.run(path: path, sequence: sequence) }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            let first = try await group.next()!
            group.cancelAll()  // stops the command, or the timer
            guard let status = first else {
                logger.warning(
                    "the --on-diff command took longer than its timeout; it was stopped",
                    metadata: ["sequence": "\(sequence)", "timeout": "\(timeout)"])
                return Self.timedOut
            }
            return status
        }
    }

    /// The status of a run stopped by ``Configuration/timeout`` (as `timeout(1)` reports it).
    public static let timedOut: Int32 = 124

    /// Delivers every deliverable diff, retrying a failing one until it succeeds, someone acknowledges it, or the
    /// daemon shuts down.
    private func deliverAll() async {
        var failing = (sequence: 0, failures: 0)
        while !Task.isShuttingDownGracefully {
            guard let command = self.command.withLock({ $0 }) else { return }
            let next: Int
            do {
                guard let first = try queue.deliverable().first else {
                    if let hold = try queue.blockingHold() {
                        logger.debug("delivery waits for a held diff", metadata: ["sequence": "\(hold.sequence)"])
                    }
                    return
                }
                next = first
            } catch {
                logger.error("cannot read the delivery state", metadata: ["error": "\(error)"])
                return
            }
            let path = queue.outbox.url(for: next)
            let status: Int32
            do {
                status = try await cancelWhenGracefulShutdown { try await self.run(command, path: path, sequence: next) }
            } catch {
                if Task.isShuttingDownGracefully { return }
                logger.error(
                    "cannot run the --on-diff command", metadata: ["error": "\(error)", "sequence": "\(next)"])
                status = -1
            }
            if status == 0 {
                do {
                    try queue.acknowledge(next)
                    logger.info("diff delivered", metadata: ["sequence": "\(next)", "path": "\(path.path)"])
                    continue
                } catch {
                    logger.error(
                        "cannot acknowledge the delivered diff", metadata: ["error": "\(error)", "sequence": "\(next)"])
                }
            }
            if Task.isShuttingDownGracefully { return }
            failing = (next, failing.sequence == next ? failing.failures + 1 : 1)
            let delay = retryDelay(afterFailures: failing.failures)
            logger.warning(
                "the --on-diff command failed; later diffs wait until it succeeds",
                metadata: [
                    "sequence": "\(next)", "status": "\(status)", "failures": "\(failing.failures)",
                    "retryIn": "\(delay)",
                ])
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: delay) }
        }
    }
}
