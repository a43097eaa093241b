import Foundation
import Glibc
import Synchronization

/// A raw TCP connection to `127.0.0.1` for requests no HTTP client would send: arbitrary bytes, lying or missing
/// lengths, bodies that stop half-way, a byte at a time.
///
/// Unlike a client library it never retries, never normalizes a header, and tolerates a server that answers early
/// and closes while it is still sending.
final class HostileConnection: Sendable {
    /// A response as read off the wire.
    struct Response: Sendable, CustomStringConvertible {
        var status: Int
        /// Header names in lower case; a repeated header keeps its last value.
        var headers: [String: String]
        var body: [UInt8]

        var text: String { String(decoding: body, as: UTF8.self) }
        var description: String { "\(status) \(text.prefix(300))" }
    }

    private let descriptor: Int32
    /// Bytes read past the last response (pipelined responses).
    private let pending = Mutex<[UInt8]>([])

    /// Connects to `127.0.0.1:port`.
    init(port: Int) throws {
        guard let descriptor = LoopbackConnection.connected(port: port) else {
            throw ProcessFailure(description: "connect to 127.0.0.1:\(port): errno \(errno)")
        }
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// Sends `bytes`; returns how many the server took before it closed the connection (all of them, normally).
    @discardableResult
    func send(_ bytes: [UInt8]) async -> Int {
        await offThread { [descriptor] in
            var offset = 0
            while offset < bytes.count {
                let sent = bytes[offset...].withUnsafeBytes {
                    Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
                }
                if sent < 0 && errno == EINTR { continue }
                guard sent > 0 else { break }
                offset += sent
            }
            return offset
        }
    }

    /// Sends `text` as UTF-8.
    @discardableResult
    func send(_ text: String) async -> Int {
        await send(Array(text.utf8))
    }

    /// Reads one response: a status line, headers, and a body of `Content-Length` bytes, chunked, or up to the end
    /// of the connection. `nil` when the connection closes (or `timeout` passes) before a whole response arrived.
    func response(timeout: Duration = .seconds(60)) async -> Response? {
        let deadline = ContinuousClock.now + timeout
        var received = pending.withLock { $0 }
        var closed = false
        defer { pending.withLock { $0 = received } }
        while true {
            if let response = Self.parse(&received, closed: closed) { return response }
            if closed { return nil }
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero, let chunk = await read(timeout: remaining) else { return nil }
            if chunk.isEmpty { closed = true } else { received += chunk }
        }
    }

    /// Whether the server closes the connection within `timeout`; what it sends meanwhile is read and ignored.
    func isClosed(within timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while true {
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero, let chunk = await read(timeout: remaining) else { return false }
            if chunk.isEmpty { return true }
        }
    }

    /// The next bytes, `[]` at the end of the connection (or a reset), `nil` when nothing arrives within `timeout`.
    private func read(timeout: Duration) async -> [UInt8]? {
        await offThread { [descriptor] in
            var pollDescriptor = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(
                min(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000, 600_000)
            )
            guard poll(&pollDescriptor, 1, max(milliseconds, 1)) == 1 else { return nil }
            var buffer = [UInt8](repeating: 0, count: 65536)
            let count = recv(descriptor, &buffer, buffer.count, 0)
            return count <= 0 ? [] : Array(buffer[..<count])
        }
    }

    /// Removes and returns the first complete response in `bytes`, or `nil` when it has not fully arrived.
    private static func parse(_ bytes: inout [UInt8], closed: Bool) -> Response? {
        let separator = Array("\r\n\r\n".utf8)
        guard let headEnd = (0..<max(0, bytes.count - 3)).first(where: { bytes[$0..<$0 + 4].elementsEqual(separator) })
        else { return nil }
        let lines = String(decoding: bytes[..<headEnd], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        let bodyStart = headEnd + 4
        if let length = headers["content-length"].flatMap({ Int($0) }) {
            guard bytes.count >= bodyStart + length else { return nil }
            let body = Array(bytes[bodyStart..<bodyStart + length])
            bytes.removeFirst(bodyStart + length)
            return Response(status: status, headers: headers, body: body)
        }
        if headers["transfer-encoding"]?.lowercased() == "chunked" {
            var body: [UInt8] = []
            var index = bodyStart
            while true {
                guard
                    let lineEnd = (index..<max(index, bytes.count - 1)).first(where: {
                        bytes[$0] == 13 && bytes[$0 + 1] == 10
                    }),
                    let size = Int(String(decoding: bytes[index..<lineEnd], as: UTF8.self), radix: 16)
                else { return nil }
                let dataStart = lineEnd + 2
                guard bytes.count >= dataStart + size + 2 else { return nil }
                body += bytes[dataStart..<dataStart + size]
                index = dataStart + size + 2
                if size == 0 {
                    bytes.removeFirst(index)
                    return Response(status: status, headers: headers, body: body)
                }
            }
        }
        if status == 204 || status == 304 || (100..<200).contains(status) {
            bytes.removeFirst(bodyStart)
            return Response(status: status, headers: headers, body: [])
        }
        guard closed else { return nil }
        let body = Array(bytes[bodyStart...])
        bytes.removeAll()
        return Response(status: status, headers: headers, body: body)
    }
}

extension ScimdirProcess {
    /// The resident memory of the process, in kilobytes (`VmRSS` of `/proc/<pid>/status`).
    var residentKilobytes: Int {
        let status = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }

    /// The path of a SCIM endpoint on the wire, e.g. `/api/ee/scim/v2/Users`.
    func wirePath(_ path: String) -> String {
        URL(string: baseURL)!.path + path
    }

    /// One request on a new raw connection: `head` is the request line and headers without the final blank line;
    /// `Host` is added. Returns the response, or `nil` when the server closed the connection without one.
    func raw(_ head: String, body: [UInt8] = [], timeout: Duration = .seconds(60)) async throws -> HostileConnection
        .Response?
    {
        let connection = try HostileConnection(port: port)
        await connection.send(Array("\(head)\r\nHost: 127.0.0.1\r\n\r\n".utf8) + body)
        return await connection.response(timeout: timeout)
    }

    /// Whether the server still serves: `/healthz` answers 200 and an authenticated `GET /Users` 200.
    func stillServes() async throws -> Bool {
        let health = try await raw("GET /healthz HTTP/1.1")
        let users = try await raw("GET \(wirePath("/Users?count=1")) HTTP/1.1\r\nAuthorization: Bearer \(token)")
        return health?.status == 200 && users?.status == 200
    }
}
