import DirectoryStore
public import Foundation
import Glibc

/// The deprovisioning feed's files in the state directory (ARCHITECTURE §3, §6), and the one way they are read and
/// written:
///
/// ```
/// STATE/outbox/<sequence>.json   the diffs (``Outbox``)
/// STATE/access-state.json        the checkpoint of the emitted state (``AccessCheckpoint``)
/// STATE/delivery.json            the highest acknowledged sequence (``DeliveryCursor``)
/// STATE/held.json                the diffs the guard held, and their releases (``HoldLedger``)
/// ```
///
/// Files are written durably and atomically (``AtomicFile``) with mode 0600, folders are created with mode 0700.
/// Every write of these files runs under an exclusive `flock` on `STATE/.deprovisioning.lock` (``withLock(_:)``),
/// so that the daemon and CLI commands never interleave a read-modify-write, and the temporary files a crash left
/// can be removed safely (``removeTemporaryFiles()``).
public struct StateFiles: Sendable {
    /// The state directory.
    public let directory: URL

    /// The files of the state directory `directory`.
    public init(directory: URL) {
        self.directory = directory.standardizedFileURL
    }

    /// `STATE/outbox`.
    public var outbox: URL { directory.appendingPathComponent("outbox", isDirectory: true) }
    /// `STATE/access-state.json`.
    public var checkpoint: URL { directory.appendingPathComponent("access-state.json") }
    /// `STATE/delivery.json`.
    public var deliveryCursor: URL { directory.appendingPathComponent("delivery.json") }
    /// `STATE/held.json`.
    public var holds: URL { directory.appendingPathComponent("held.json") }
    private var lockFile: URL { directory.appendingPathComponent(".deprovisioning.lock") }

    /// A state file that cannot be read, parsed or written.
    public struct Failure: Error, CustomStringConvertible {
        /// The file.
        public var path: String
        /// What went wrong.
        public var reason: String

        /// `/var/lib/scimdir/delivery.json: not a valid state file: …`.
        public var description: String { "\(path): \(reason)" }
    }

    /// Creates the state directory and `outbox/` (mode 0700) if they are missing.
    ///
    /// - Throws: ``Failure``.
    public func createFolders() throws(Failure) {
        do {
            try FileManager.default.createDirectory(
                at: outbox, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw Failure(path: outbox.path, reason: "cannot create the folder: \(error)")
        }
    }

    /// Reads a JSON state file.
    ///
    /// - Returns: the value, or `nil` when the file does not exist.
    /// - Throws: ``Failure`` when it exists but cannot be read or parsed.
    public func read<Value: Decodable>(_ type: Value.Type, from url: URL) throws(Failure) -> Value? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw Failure(path: url.path, reason: "cannot read the file")
        }
        do {
            return try StateJSON.decoder.decode(type, from: data)
        } catch {
            throw Failure(path: url.path, reason: "not a valid state file: \(error)")
        }
    }

    /// Writes a JSON state file durably and atomically, mode 0600.
    ///
    /// - Throws: ``Failure``; the file is then unchanged.
    public func write(_ value: some Encodable, to url: URL) throws(Failure) {
        do {
            try AtomicFile.write(StateJSON.encode(value), to: url, permissions: 0o600)
        } catch {
            throw Failure(path: url.path, reason: error.description)
        }
    }

    /// Removes the temporary files that interrupted atomic writes left (`.<name>.tmp-…`, ``AtomicFile``): every one
    /// in `outbox/` and of the files written under the lock (the checkpoint, the cursor, the holds); of the state files
    /// written without it (`token.json`, `reconcile.json`), those older than a minute, whose writer is surely gone.
    /// Call it holding the lock (``withLock(_:)``).
    ///
    /// - Returns: the paths removed.
    public func removeTemporaryFiles() -> [String] {
        let lockedFiles = [checkpoint, deliveryCursor, holds].map(\.lastPathComponent)
        var removed: [String] = []
        for folder in [outbox, directory] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for name in names where AtomicFile.isTemporaryFileName(name) {
                let path = folder.appendingPathComponent(name).path
                if folder == directory, !lockedFiles.contains(where: { name.hasPrefix(".\($0).tmp-") }) {
                    let attributes = try? FileManager.default.attributesOfItem(atPath: path)
                    guard let modified = attributes?[.modificationDate] as? Date,
                        modified < Date(timeIntervalSinceNow: -60)
                    else { continue }
                }
                if unlink(path) == 0 { removed.append(path) }
            }
        }
        return removed
    }

    /// Runs `body` holding the exclusive lock of the deprovisioning state, so that the daemon and `scimdir diff`
    /// commands never interleave a read-modify-write of the same file. Blocks while another process holds it.
    ///
    /// - Throws: ``Failure`` when the lock file cannot be opened, or what `body` throws.
    public func withLock<Result>(_ body: () throws -> Result) throws -> Result {
        let descriptor = open(lockFile.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw Failure(path: lockFile.path, reason: "cannot open the lock file: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                throw Failure(path: lockFile.path, reason: "cannot lock: \(String(cString: strerror(errno)))")
            }
        }
        return try body()
    }
}
