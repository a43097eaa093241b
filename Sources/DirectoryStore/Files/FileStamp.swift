import Glibc

/// The identity of a file's current content as `stat(2)` sees it: inode, size and modification time.
///
/// Two equal stamps mean the file has almost certainly not been replaced or rewritten in between (an atomic rename
/// changes the inode; an in-place edit changes the time). The store keeps one per resource file to notice hand edits
/// it has not loaded yet, and rescans skip files whose stamp is unchanged.
public struct FileStamp: Sendable, Hashable {
    /// The inode number.
    public var inode: UInt64
    /// The size in bytes.
    public var size: Int64
    /// The modification time: seconds since 1970.
    public var modifiedSeconds: Int
    /// The modification time: the nanoseconds part.
    public var modifiedNanoseconds: Int

    /// The stamp of the file at `path`, or `nil` when it does not exist or cannot be read.
    public init?(path: String) {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        self.init(status)
    }

    /// The stamp of an open file.
    init?(descriptor: Int32) {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        self.init(status)
    }

    private init(_ status: stat) {
        inode = UInt64(status.st_ino)
        size = Int64(status.st_size)
        modifiedSeconds = status.st_mtim.tv_sec
        modifiedNanoseconds = status.st_mtim.tv_nsec
    }

    /// The modification time in seconds since 1970.
    public var modified: Double { Double(modifiedSeconds) + Double(modifiedNanoseconds) / 1e9 }
}

extension FileStamp {
    /// Reads a whole file and its stamp from the same open descriptor, so the stamp describes exactly the bytes read.
    ///
    /// - Returns: `nil` when the file does not exist or cannot be opened or read.
    public static func read(path: String) -> (bytes: [UInt8], stamp: FileStamp)? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        guard let stamp = FileStamp(descriptor: descriptor) else { return nil }
        // One byte more than the size, so that the read that finds the end needs no room made: appending
        // `repeatElement(0, count:)` costs one generic call per byte in a debug build (`swift run`, `swift test`).
        var bytes = [UInt8](repeating: 0, count: Int(stamp.size) + 1)
        var offset = 0
        while true {
            if offset == bytes.count { bytes += [UInt8](repeating: 0, count: 4096) }  // it grew meanwhile
            let count = bytes.withUnsafeMutableBytes { buffer in
                Glibc.read(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { return nil }
            if count == 0 { break }
            offset += count
        }
        bytes.removeSubrange(offset...)
        return (bytes, stamp)
    }
}
