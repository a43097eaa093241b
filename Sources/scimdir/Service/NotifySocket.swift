import Foundation
import Glibc
import Logging

/// The service manager's notification socket, `$NOTIFY_SOCKET`: sends ``NotifyMessage``s as sd_notify(3) does, without
/// libsystemd.
///
/// Each message is one `AF_UNIX` `SOCK_DGRAM` datagram. A path that starts with `@` names a socket in the abstract
/// namespace (the `@` becomes a NUL byte); any other path is a file-system socket. Sending never blocks
/// (`MSG_DONTWAIT`: when the manager's queue is full the message is dropped, where a blocked sender would stall the
/// watchdog and shutdown) and never fails the caller: a lost notification is logged, as sd_notify's callers
/// conventionally ignore its errors.
///
/// ```swift
/// if let socket = NotifySocket.fromEnvironment(logger: logger) { socket.send(.ready(status: "serving")) }
/// ```
///
/// Ownership: the descriptor is opened once with `SOCK_CLOEXEC` (so child processes such as git never inherit it) and
/// closed when the value is released; `sendto` on it is safe from any thread.
final class NotifySocket: Sendable {
    /// The path as given, e.g. `/run/systemd/notify` or `@/org/freedesktop/systemd1/notify/…`.
    let path: String
    private let descriptor: Int32
    private let address: [UInt8]
    private let logger: Logger

    /// Opens a socket for sending to `path`.
    ///
    /// - Returns: `nil`, after logging why, when the path is empty, longer than `sun_path` allows (108 bytes), neither
    ///   absolute nor abstract, or when no socket can be created.
    init?(path: String, logger: Logger) {
        var name = Array(path.utf8)
        if name.first == UInt8(ascii: "@") { name[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: sockaddr_un().sun_path)
        guard name.count > 1, name[0] == 0 || name[0] == UInt8(ascii: "/"),
            name.count + (name[0] == 0 ? 0 : 1) <= capacity
        else {
            logger.warning(
                "ignoring NOTIFY_SOCKET: not an absolute or abstract socket path", metadata: ["path": "\(path)"])
            return nil
        }
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else {
            logger.warning("cannot create the notification socket", metadata: ["errno": "\(errno)"])
            return nil
        }
        self.path = path
        self.descriptor = descriptor
        self.address = name
        self.logger = logger
    }

    deinit {
        close(descriptor)
    }

    /// The socket named by `NOTIFY_SOCKET`, or `nil` when the variable is unset (not started by systemd with
    /// `Type=notify`). The variable is removed from the environment, as `sd_notify(1, …)` does, so that commands this
    /// process starts do not talk to the service manager in its name.
    static func fromEnvironment(logger: Logger) -> NotifySocket? {
        guard let path = ProcessInfo.processInfo.environment["NOTIFY_SOCKET"] else { return nil }
        unsetenv("NOTIFY_SOCKET")
        return NotifySocket(path: path, logger: logger)
    }

    /// Sends one message; failures are logged at `warning`.
    func send(_ message: NotifyMessage) {
        let text = Array(message.text.utf8)
        var socketAddress = sockaddr_un()
        socketAddress.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &socketAddress.sun_path) { $0.copyBytes(from: address) }
        // An abstract name's length is exact; a path's includes its terminating NUL (already zero in sun_path).
        let length = MemoryLayout.offset(of: \sockaddr_un.sun_path)! + address.count + (address[0] == 0 ? 0 : 1)
        let sent = withUnsafePointer(to: &socketAddress) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketPointer in
                sendto(
                    descriptor, text, text.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT), socketPointer, socklen_t(length))
            }
        }
        if sent < 0 {
            logger.warning(
                "cannot notify the service manager",
                metadata: ["message": "\(message.text.prefix(while: { $0 != "=" }))", "errno": "\(errno)"])
        }
    }
}
