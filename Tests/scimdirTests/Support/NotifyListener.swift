import Foundation
import Glibc
import Synchronization

/// A datagram socket the test owns, standing in for systemd's notification socket: the value to put in `NOTIFY_SOCKET`
/// and the messages that arrive, in order.
///
/// A file-system socket by default; `abstract: true` binds in the abstract namespace and ``notifySocket`` starts with `@`.
/// A thread drains the socket as systemd does, so a server that sends many messages (watchdog pings) while the test is
/// busy never finds the queue full, and stamps each message with its arrival; `draining: false` leaves the queue to
/// fill, as a congested manager's would.
final class NotifyListener: Sendable {
    /// What to set `NOTIFY_SOCKET` to.
    let notifySocket: String
    private let inbox = Inbox()
    /// The socket when no thread drains (and closes) it.
    private let undrained: (descriptor: Int32, path: String?)?

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// A message and when the reader thread received it.
    struct Arrival {
        var text: String
        var time: ContinuousClock.Instant
    }

    /// Messages received and not yet taken, and whether the reader should stop; shared with the reader thread.
    private final class Inbox: Sendable {
        let messages = Mutex<[Arrival]>([])
        let stopped = Atomic(false)
    }

    init(abstract: Bool = false, draining: Bool = true) throws {
        let name = "scimdir-notify-\(UUID().uuidString.prefix(8))"
        let path = abstract ? nil : FileManager.default.temporaryDirectory.appendingPathComponent("\(name).sock").path
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = path.map { Array($0.utf8) } ?? [0] + Array(name.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let length = MemoryLayout.offset(of: \sockaddr_un.sun_path)! + bytes.count + (path == nil ? 0 : 1)
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(length)) }
        }
        guard descriptor >= 0, bound == 0 else {
            throw Failure(description: "cannot bind a notify socket: errno \(errno)")
        }
        notifySocket = path ?? "@" + name
        undrained = draining ? nil : (descriptor, path)
        guard draining else { return }
        let inbox = inbox
        Thread.detachNewThread {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while !inbox.stopped.load(ordering: .acquiring) {
                var pollDescriptor = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                guard poll(&pollDescriptor, 1, 100) == 1 else { continue }
                let count = recv(descriptor, &buffer, buffer.count, 0)
                if count > 0 {
                    let arrival = Arrival(text: String(decoding: buffer[..<count], as: UTF8.self), time: .now)
                    inbox.messages.withLock { $0.append(arrival) }
                }
            }
            close(descriptor)
            if let path { unlink(path) }
        }
    }

    deinit {
        inbox.stopped.store(true, ordering: .releasing)
        if let undrained {
            close(undrained.descriptor)
            if let path = undrained.path { unlink(path) }
        }
    }

    /// The next message, or `nil` when none arrives within `timeout`.
    func receive(timeout: Duration) async -> String? {
        await receiveArrival(timeout: timeout)?.text
    }

    /// The next message with its arrival time, or `nil` when none arrives within `timeout`.
    func receiveArrival(timeout: Duration) async -> Arrival? {
        let deadline = ContinuousClock.now + timeout
        while true {
            let message = inbox.messages.withLock { $0.isEmpty ? nil : $0.removeFirst() }
            if let message { return message }
            guard ContinuousClock.now < deadline else { return nil }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Receives until a datagram contains the line `line`, and returns every datagram received on the way (the
    /// matching one last).
    ///
    /// - Throws: ``Failure`` when `line` does not arrive within `timeout`.
    func messages(until line: String, timeout: Duration = .seconds(60)) async throws -> [String] {
        let deadline = ContinuousClock.now + timeout
        var received: [String] = []
        while let message = await receive(timeout: deadline - ContinuousClock.now) {
            received.append(message)
            if message.split(separator: "\n").contains(Substring(line)) { return received }
        }
        throw Failure(description: "\(line) did not arrive within \(timeout); received: \(received)")
    }
}
