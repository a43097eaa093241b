import Glibc
import Synchronization

/// A thin wrapper over Linux inotify(7): watch folders, then read events with a timeout.
///
/// ```swift
/// let inotify = try InotifyWatcher()
/// try inotify.watch("/srv/dir/users")
/// switch inotify.read(timeoutMilliseconds: 250) { case .events(let events): …; case .timeout: …; case .closed: … }
/// ```
///
/// Ownership: one thread calls ``read(timeoutMilliseconds:)``; ``watch(_:mask:)`` and ``close()`` may be called from
/// any thread (the watch table is behind a mutex, and closing wakes the reader through a pipe).
public final class InotifyWatcher: Sendable {
    /// One inotify event, with the watched folder resolved.
    public struct Event: Sendable, Hashable {
        /// The watched folder the event is about (as passed to ``InotifyWatcher/watch(_:mask:)``).
        public var folder: String
        /// The entry's name inside the folder; empty for events about the folder itself.
        public var name: String
        /// The inotify mask bits (`IN_CLOSE_WRITE`, `IN_MOVED_TO`, …).
        public var mask: UInt32

        /// The kernel dropped events (`IN_Q_OVERFLOW`): the watcher must rescan.
        public var isOverflow: Bool { mask & UInt32(IN_Q_OVERFLOW) != 0 }
        /// The watched folder itself was removed or moved: its watch is gone.
        public var isFolderGone: Bool { mask & UInt32(IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF) != 0 }
    }

    /// What ``read(timeoutMilliseconds:)`` returns.
    public enum ReadResult: Sendable {
        /// Events read in one go.
        case events([Event])
        /// Nothing happened within the timeout.
        case timeout
        /// ``close()`` was called.
        case closed
    }

    /// An error from the inotify system calls, with `errno`.
    public struct Failure: Error, CustomStringConvertible {
        /// The call that failed.
        public var operation: String
        /// `errno`.
        public var code: Int32
        /// `inotify_add_watch /x: No such file or directory`.
        public var description: String { "\(operation): \(String(cString: strerror(code)))" }
    }

    /// The events scimdir needs: files written and closed, created, removed or renamed in or out, and the folder
    /// itself going away.
    public static let defaultMask = UInt32(
        IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF)

    private let descriptor: Int32
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let watches = Mutex<[Int32: String]>([:])

    /// Opens an inotify instance.
    ///
    /// - Throws: ``Failure`` when the kernel refuses (e.g. `fs.inotify.max_user_instances` reached).
    public init() throws {
        descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard descriptor >= 0 else { throw Failure(operation: "inotify_init1", code: errno) }
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else {
            let code = errno
            Glibc.close(descriptor)
            throw Failure(operation: "pipe2", code: code)
        }
        wakeRead = ends[0]
        wakeWrite = ends[1]
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
    }

    deinit {
        Glibc.close(descriptor)
        Glibc.close(wakeRead)
        Glibc.close(wakeWrite)
    }

    /// Starts watching `folder` (again, after it was recreated, is fine).
    ///
    /// - Throws: ``Failure``, e.g. when the folder does not exist.
    public func watch(_ folder: String, mask: UInt32 = InotifyWatcher.defaultMask) throws {
        let watch = inotify_add_watch(descriptor, folder, mask | UInt32(IN_ONLYDIR))
        guard watch >= 0 else { throw Failure(operation: "inotify_add_watch \(folder)", code: errno) }
        watches.withLock { $0[watch] = folder }
    }

    /// Waits up to `timeoutMilliseconds` (negative: forever) for events and returns all that are queued.
    public func read(timeoutMilliseconds: Int32) -> ReadResult {
        var descriptors = [pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0),
                           pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
        let ready = poll(&descriptors, 2, timeoutMilliseconds)
        if descriptors[1].revents != 0 { return .closed }
        guard ready > 0, descriptors[0].revents != 0 else { return .timeout }
        var events: [Event] = []
        let bufferSize = 64 * 1024
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: bufferSize, alignment: MemoryLayout<inotify_event>.alignment)
        defer { buffer.deallocate() }
        while true {
            let count = Glibc.read(descriptor, buffer, bufferSize)
            guard count > 0 else { break }
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= count {
                let header = buffer.load(fromByteOffset: offset, as: inotify_event.self)
                let nameStart = buffer.advanced(by: offset + MemoryLayout<inotify_event>.size)
                let name = header.len > 0 ? String(cString: nameStart.assumingMemoryBound(to: CChar.self)) : ""
                let folder = watches.withLock { table in
                    let folder = table[header.wd] ?? ""
                    if header.mask & UInt32(IN_IGNORED) != 0 { table[header.wd] = nil }
                    return folder
                }
                events.append(Event(folder: folder, name: name, mask: header.mask))
                offset += MemoryLayout<inotify_event>.size + Int(header.len)
            }
        }
        return .events(events)
    }

    /// Wakes and ends a pending or future ``read(timeoutMilliseconds:)`` with ``ReadResult/closed``.
    public func close() {
        var byte: UInt8 = 1
        _ = Glibc.write(wakeWrite, &byte, 1)
    }
}
