public import Foundation
import Glibc

/// Durable, atomic file replacement and removal (ARCHITECTURE §4.1).
///
/// A write is: create a hidden temporary file in the same folder → write everything → `fsync` → `rename` over the
/// target → `fsync` the folder. A crash at any point leaves either the old file or the new one, never a torn one;
/// when the function returns, the new content survives a power loss.
public enum AtomicFile {
    /// An I/O failure, with the path and the system's reason.
    public struct Failure: Error, CustomStringConvertible {
        /// The file or folder involved.
        public var path: String
        /// What was being done, e.g. `fsync`.
        public var operation: String
        /// `errno` at the failure.
        public var code: Int32

        /// `fsync users/abc.json: No space left on device`.
        public var description: String { "\(operation) \(path): \(String(cString: strerror(code)))" }
    }

    /// Replaces `url` with `bytes`, durably.
    ///
    /// - Parameters:
    ///   - bytes: the complete new content.
    ///   - url: the target file; its folder must exist.
    ///   - permissions: the exact mode of the new file, e.g. `0o600` for secrets whatever the umask; `nil` (the
    ///     default) for `0o666` less the process's umask, as any tool creates files — `0o644` under the usual umask
    ///     022, `0o600` under systemd's `UMask=0077`.
    /// - Throws: ``Failure``; the target is then unchanged and the temporary file removed.
    public static func write(_ bytes: [UInt8], to url: URL, permissions: mode_t? = nil) throws(Failure) {
        let folder = url.deletingLastPathComponent().path
        let temporary = folder + "/." + url.lastPathComponent + ".tmp-" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions ?? 0o666)
        guard descriptor >= 0 else { throw Failure(path: temporary, operation: "create", code: errno) }
        do throws(Failure) {
            defer { close(descriptor) }
            let failedCode: Int32? = bytes.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        return errno
                    }
                    offset += written
                }
                return nil
            }
            if let failedCode { throw Failure(path: temporary, operation: "write", code: failedCode) }
            if let permissions, fchmod(descriptor, permissions) != 0 {
                throw Failure(path: temporary, operation: "chmod", code: errno)
            }
            guard fsync(descriptor) == 0 else { throw Failure(path: temporary, operation: "fsync", code: errno) }
        } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, url.path) == 0 else {
            let code = errno
            unlink(temporary)
            throw Failure(path: url.path, operation: "rename", code: code)
        }
        try syncFolder(folder)
    }

    /// Removes `url` durably. A file that is already gone is not an error.
    ///
    /// - Throws: ``Failure``.
    public static func remove(_ url: URL) throws(Failure) {
        if unlink(url.path) != 0 && errno != ENOENT {
            throw Failure(path: url.path, operation: "unlink", code: errno)
        }
        try syncFolder(url.deletingLastPathComponent().path)
    }

    /// `fsync`s a folder so that renames and removals in it are durable.
    ///
    /// - Throws: ``Failure``.
    public static func syncFolder(_ path: String) throws(Failure) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Failure(path: path, operation: "open", code: errno) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw Failure(path: path, operation: "fsync", code: errno) }
    }

    /// Whether a file name is one of this type's temporary files (`.<name>.tmp-<suffix>`), left behind by a crash.
    public static func isTemporaryFileName(_ name: String) -> Bool {
        name.hasPrefix(".") && name.contains(".tmp-")
    }
}
