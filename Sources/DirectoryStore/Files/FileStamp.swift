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
        inode = UInt64(status.st_ino)
        size = Int64(status.st_size)
        modifiedSeconds = status.st_mtim.tv_sec
        modifiedNanoseconds = status.st_mtim.tv_nsec
    }

    /// The modification time in seconds since 1970.
    public var modified: Double { Double(modifiedSeconds) + Double(modifiedNanoseconds) / 1e9 }
}
