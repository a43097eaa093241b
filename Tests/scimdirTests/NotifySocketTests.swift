import Logging
import Testing

@testable import scimdir

/// The sd_notify(3) transport and message texts.
@Suite struct NotifySocketTests {
    /// Quiet: the congestion test makes the socket log a warning per dropped message.
    static let logger = {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }()

    @Test func sendsADatagramToAFileSystemSocket() async throws {
        let systemd = try NotifyListener()
        let socket = try #require(NotifySocket(path: systemd.notifySocket, logger: Self.logger))
        socket.send(.watchdog)
        #expect(await systemd.receive(timeout: .seconds(30)) == "WATCHDOG=1")
    }

    @Test func aPathStartingWithAtNamesTheAbstractNamespace() async throws {
        let systemd = try NotifyListener(abstract: true)
        #expect(systemd.notifySocket.hasPrefix("@"))
        let socket = try #require(NotifySocket(path: systemd.notifySocket, logger: Self.logger))
        socket.send(.stopping)
        #expect(await systemd.receive(timeout: .seconds(30)) == "STOPPING=1")
    }

    @Test func aFullQueueDropsMessagesInsteadOfBlocking() async throws {
        let congested = try NotifyListener(draining: false)
        let socket = try #require(NotifySocket(path: congested.notifySocket, logger: Self.logger))
        // Far more datagrams than an unread socket queues (net.unix.max_dgram_qlen, 10 by default): a blocking
        // sender would never return from this loop.
        for _ in 0..<1000 { socket.send(.watchdog) }
    }

    @Test(arguments: ["", "@", "relative/notify", "/" + String(repeating: "x", count: 200)])
    func unusablePathsAreIgnored(path: String) {
        #expect(NotifySocket(path: path, logger: Self.logger) == nil)
    }

    @Test func messagesAreTheAssignmentsOfSdNotify() {
        #expect(NotifyMessage.ready(status: "3 users").text == "READY=1\nSTATUS=3 users")
        #expect(NotifyMessage.reloading(monotonicMicroseconds: 42).text == "RELOADING=1\nMONOTONIC_USEC=42")
        #expect(NotifyMessage.status("two\nlines").text == "STATUS=two lines")
        #expect(NotifyMessage.stopping.text == "STOPPING=1")
        #expect(NotifyMessage.watchdog.text == "WATCHDOG=1")
    }

    @Test func reloadingIsStampedWithTheMonotonicClock() {
        guard case .reloading(let first) = NotifyMessage.reloadingNow(),
            case .reloading(let second) = NotifyMessage.reloadingNow()
        else {
            Issue.record("reloadingNow() is not a reloading message")
            return
        }
        #expect(first > 0 && first <= second)
    }
}
