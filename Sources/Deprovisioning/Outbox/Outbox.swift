public import Foundation

/// The diffs, one file each: `STATE/outbox/<10-digit zero-padded sequence>.json` (ARCHITECTURE §6).
///
/// Sequences start at 1 and are contiguous and strictly increasing; a file is written once, atomically and durably,
/// and never modified. ``DeprovisioningFeed`` is the only writer; anyone may read.
///
/// ```swift
/// let outbox = Outbox(files: StateFiles(directory: stateURL))
/// for sequence in outbox.sequences() { print(try outbox.read(sequence).summary) }
/// ```
public struct Outbox: Sendable {
    /// The state directory's files.
    public let files: StateFiles

    /// The outbox of a state directory.
    public init(files: StateFiles) {
        self.files = files
    }

    /// `0000000042.json`.
    public static func fileName(for sequence: Int) -> String {
        let digits = String(sequence)
        return String(repeating: "0", count: max(0, 10 - digits.count)) + digits + ".json"
    }

    /// The sequence a file name stands for, or `nil` for anything but `<10 digits>.json`.
    public static func sequence(fromFileName name: String) -> Int? {
        guard name.utf8.count == 15, name.hasSuffix(".json") else { return nil }
        let digits = name.prefix(10)
        guard digits.allSatisfy(\.isASCIIDigit) else { return nil }
        return Int(digits)
    }

    /// The file of a diff (whether or not it exists).
    public func url(for sequence: Int) -> URL {
        files.outbox.appendingPathComponent(Self.fileName(for: sequence))
    }

    /// The sequences of the diffs in the outbox, ascending; empty when there is no outbox yet.
    public func sequences() -> [Int] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: files.outbox.path)) ?? []
        return names.compactMap(Self.sequence(fromFileName:)).sorted()
    }

    /// The highest sequence in the outbox, 0 when it is empty.
    public var latestSequence: Int {
        sequences().last ?? 0
    }

    /// Reads one diff.
    ///
    /// - Throws: ``StateFiles/Failure`` when the file is missing or is not a diff.
    public func read(_ sequence: Int) throws(StateFiles.Failure) -> DeprovisioningDiff {
        let url = url(for: sequence)
        guard let diff = try files.read(DeprovisioningDiff.self, from: url) else {
            throw StateFiles.Failure(path: url.path, reason: "no such diff")
        }
        return diff
    }

    /// Writes a new diff durably.
    ///
    /// - Returns: the file written.
    /// - Throws: ``StateFiles/Failure`` when the diff has no sequence, its file exists already (diffs are never
    ///   modified), or the file cannot be written.
    @discardableResult
    public func write(_ diff: DeprovisioningDiff) throws(StateFiles.Failure) -> URL {
        guard let sequence = diff.sequence else {
            throw StateFiles.Failure(
                path: files.outbox.path, reason: "a diff without a sequence cannot enter the outbox")
        }
        let url = url(for: sequence)
        guard !FileManager.default.fileExists(atPath: url.path) else {
            throw StateFiles.Failure(path: url.path, reason: "the diff exists already; diffs are never modified")
        }
        try files.write(diff, to: url)
        return url
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
