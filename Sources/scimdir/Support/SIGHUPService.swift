import Logging
import ServiceLifecycle
import UnixSignals

/// Runs `action` on every SIGHUP: the conventional "reload" of a Linux daemon (`systemctl reload scimdir`).
struct SIGHUPService: Service {
    let logger: Logger
    let action: @Sendable () async -> Void

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        await withGracefulShutdownHandler {
            for await _ in signals.cancelOnGracefulShutdown() {
                logger.info("SIGHUP received; reloading")
                await action()
            }
        } onGracefulShutdown: {}
    }
}
