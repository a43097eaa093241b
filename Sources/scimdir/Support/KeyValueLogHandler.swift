import Foundation
import Logging
import Synchronization

/// Writes one line per event to standard error: `level=info msg="request" method=GET status=200 …`, which journald
/// stores as is and `journalctl` greps well (ARCHITECTURE §9). Timestamps are added only when standard error is a
/// terminal, because journald stamps every line itself.
struct KeyValueLogHandler: LogHandler {
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    let label: String
    private static let output = Mutex(FileHandle.standardError)
    private static let stampLines = isatty(STDERR_FILENO) == 1

    init(label: String, level: Logger.Level) {
        self.label = label
        self.logLevel = level
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var line = Self.stampLines ? "time=\(Self.timestamp()) " : ""
        line += "level=\(event.level) msg=\(Self.quoted(event.message.description))"
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        for key in merged.keys.sorted() {
            line += " \(key)=\(Self.quoted(merged[key]!.description))"
        }
        line += "\n"
        Self.output.withLock { $0.write(Data(line.utf8)) }
    }

    /// Quotes a value when it contains spaces, quotes or `=`, so that each line splits unambiguously.
    static func quoted(_ value: String) -> String {
        guard value.isEmpty || value.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" || $0.isNewline }) else {
            return value
        }
        let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
        return "\"\(escaped)\""
    }

    private static func timestamp() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date())
    }
}
