import Foundation
import Glibc

/// A raw HTTP/1.1 connection to `127.0.0.1`, for what a normal client cannot do: send a request in pieces, pipeline
/// requests, and see whether the server still accepts connections.
final class LoopbackConnection: Sendable {
    /// A response as read off the wire.
    struct Response: Sendable {
        var status: Int
        /// Header names in lower case.
        var headers: [String: String]
        var body: String
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private let descriptor: Int32

    /// Connects to `127.0.0.1:port`.
    init(port: Int) throws {
        guard let descriptor = Self.connected(port: port) else {
            throw Failure(description: "cannot connect to 127.0.0.1:\(port): errno \(errno)")
        }
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// Whether a new connection to `127.0.0.1:port` is accepted now.
    static func accepts(port: Int) -> Bool {
        guard let descriptor = connected(port: port) else { return false }
        close(descriptor)
        return true
    }

    /// A connected TCP socket to `127.0.0.1:port`, or `nil` (with `errno` set) when the connection is refused.
    static func connected(port: Int) -> Int32? {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            close(descriptor)
            return nil
        }
        return descriptor
    }

    /// Sends `text` as is.
    func send(_ text: String) async throws {
        let bytes = Array(text.utf8)
        let sent = await offThread { [descriptor] in Glibc.send(descriptor, bytes, bytes.count, Int32(MSG_NOSIGNAL)) }
        guard sent == bytes.count else { throw Failure(description: "send failed: errno \(errno)") }
    }

    /// Reads one response (a status line, headers, and a `Content-Length` body).
    ///
    /// - Throws: ``Failure`` when the connection closes first or nothing arrives within `timeout`.
    func readResponse(timeout: Duration = .seconds(60)) async throws -> Response {
        let deadline = ContinuousClock.now + timeout
        var received: [UInt8] = []
        while true {
            if let response = Self.parse(&received) { return response }
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { throw Failure(description: "no complete response within \(timeout)") }
            guard let chunk = await read(timeout: remaining), !chunk.isEmpty else {
                throw Failure(description: "the connection closed after \(received.count) bytes of a response")
            }
            received += chunk
        }
    }

    /// Whether the server closed the connection (end of file) within `timeout` without sending anything more.
    func closesWithoutResponse(timeout: Duration = .seconds(60)) async -> Bool {
        await read(timeout: timeout) == []
    }

    /// The next bytes, `[]` at end of file, `nil` when nothing arrives within `timeout`.
    private func read(timeout: Duration) async -> [UInt8]? {
        await offThread { [descriptor] in
            var pollDescriptor = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(
                timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
            guard poll(&pollDescriptor, 1, max(milliseconds, 1)) == 1 else { return nil }
            var buffer = [UInt8](repeating: 0, count: 65536)
            let count = recv(descriptor, &buffer, buffer.count, 0)
            return count <= 0 ? [] : Array(buffer[..<count])
        }
    }

    /// Removes and returns the first complete response in `bytes`, or `nil` when it has not fully arrived.
    private static func parse(_ bytes: inout [UInt8]) -> Response? {
        let separator = Array("\r\n\r\n".utf8)
        guard let headEnd = bytes.indices.first(where: { bytes[$0...].starts(with: separator) }) else { return nil }
        let lines = String(decoding: bytes[..<headEnd], as: UTF8.self).components(separatedBy: "\r\n")
        guard let statusLine = lines.first, statusLine.split(separator: " ").count >= 2,
            let status = Int(statusLine.split(separator: " ")[1])
        else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        let bodyStart = headEnd + separator.count
        let length = Int(headers["content-length"] ?? "0") ?? 0
        guard bytes.count >= bodyStart + length else { return nil }
        let body = String(decoding: bytes[bodyStart..<bodyStart + length], as: UTF8.self)
        bytes.removeFirst(bodyStart + length)
        return Response(status: status, headers: headers, body: body)
    }
}

extension LoopbackConnection {
    /// One request on a new connection, answered in full.
    static func request(
        port: Int, _ method: String, _ path: String, headers: [String: String] = [:], body: String = ""
    ) async throws -> Response {
        let connection = try LoopbackConnection(port: port)
        try await connection.send(requestText(method, path, headers: headers, body: body))
        return try await connection.readResponse()
    }

    /// The text of a request with `Host`, `Content-Length` (when there is a body) and `headers`.
    static func requestText(_ method: String, _ path: String, headers: [String: String] = [:], body: String = "")
        -> String
    {
        var text = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { text += "\(name): \(value)\r\n" }
        if !body.isEmpty { text += "Content-Length: \(body.utf8.count)\r\n" }
        return text + "\r\n" + body
    }
}
