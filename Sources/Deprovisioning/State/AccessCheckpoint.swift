import DirectoryStore
import Foundation
import SCIM

/// The emitted state as of one diff, saved so that a restart need not replay the whole outbox (ARCHITECTURE §6):
/// `STATE/access-state.json`, `{"formatVersion": 1, "sequence": 41, "state": {"users": […], "groups": […]}}`.
///
/// Written at startup, at shutdown and every few diffs; on start the emitted state is the checkpoint plus the outbox
/// diffs after ``sequence``.
public struct AccessCheckpoint: Sendable, Hashable, Codable {
    /// The version of this format.
    public var formatVersion = 1
    /// The last diff the state includes; 0 before the first diff.
    public var sequence: Int
    /// The emitted state after that diff.
    public var state: AccessState

    /// Creates a checkpoint.
    public init(sequence: Int, state: AccessState) {
        self.sequence = sequence
        self.state = state
    }

    /// Reads `STATE/access-state.json`.
    ///
    /// - Returns: the checkpoint, or `nil` when there is none yet.
    /// - Throws: ``StateFiles/Failure`` when the file exists but cannot be read.
    public static func read(from files: StateFiles) throws(StateFiles.Failure) -> AccessCheckpoint? {
        let url = files.checkpoint
        guard let (bytes, _) = FileStamp.read(path: url.path) else {
            guard !FileManager.default.fileExists(atPath: url.path) else {
                throw StateFiles.Failure(path: url.path, reason: "cannot read the file")
            }
            return nil
        }
        do {
            return try AccessCheckpoint(json: try JSONParser().parse(bytes))
        } catch let failure as StateFiles.Failure {
            throw StateFiles.Failure(path: url.path, reason: failure.reason)
        } catch {
            throw StateFiles.Failure(path: url.path, reason: "not a valid state file: \(error)")
        }
    }

    /// Writes `STATE/access-state.json` durably.
    ///
    /// - Throws: ``StateFiles/Failure``.
    public func write(to files: StateFiles) throws(StateFiles.Failure) {
        do {
            try AtomicFile.write(JSONWriter.pretty.bytes(jsonValue), to: files.checkpoint, permissions: 0o600)
        } catch {
            throw StateFiles.Failure(path: files.checkpoint.path, reason: error.description)
        }
    }
}
