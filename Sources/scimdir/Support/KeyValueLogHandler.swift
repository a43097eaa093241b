import Foundation
import Glibc
import Logging
import Synchronization

/// Writes one line per event to standard error: `level=info msg="request" method=GET status=200 …`, which journald
/// stores as is and `journalctl` greps well (ARCHITECTURE §9). Timestamps are added only when standard error is a
/// terminal, because journald stamps every line itself. When standard error is the journal (`$JOURNAL_STREAM`, see
/// systemd.exec(5)), each line starts with its syslog priority, `<3>` for an error (sd-daemon(3)), which journald turns
/// into the entry's `PRIORITY=`, so that `journalctl -p warning` and the colours of `journalctl` work.
///
/// Every handler follows ``defaultLevel`` (which `serve` changes on SIGHUP) until its logger sets a level of its own.
struct KeyValueLogHandler: LogHandler {
    var metadata: Logger.Metadata = [:]
    let label: String
    private var ownLevel: Logger.Level?
    private static let output = Mutex(FileHandle.standardError)
    private static let sharedLevel = Mutex(Logger.Level.info)
    private static let stampLines = isatty(STDERR_FILENO) == 1
    private static let prefixPriority = standardErrorIsJournal(ProcessInfo.processInfo.environment["JOURNAL_STREAM"])

    /// The level of every handler whose logger has not set its own; `info` until `LoggingOptions` sets it.
    static var defaultLevel: Logger.Level {
        get { sharedLevel.withLock { $0 } }
        set { sharedLevel.withLock { $0 = newValue } }
    }

    init(label: String) {
        self.label = label
    }

    var logLevel: Logger.Level {
        get { ownLevel ?? Self.defaultLevel }
        set { ownLevel = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var line = Self.prefixPriority ? "<\(Self.syslogPriority(event.level))>" : ""
        line += Self.stampLines ? "time=\(Self.timestamp()) " : ""
        line += "level=\(event.level) msg=\(Self.quoted(event.message.description))"
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        for key in merged.keys.sorted() {
            line += " \(key)=\(Self.quoted(merged[key]!.description))"
        }
        line += "\n"
        Self.output.withLock { $0.write(Data(line.utf8)) }
    }

    /// Quotes a value when it contains spaces, quotes, `=` or control characters, so that each line splits
    /// unambiguously; inside quotes, `\` and `"` are escaped and every control character (a newline, a carriage return,
    /// an escape sequence from a hostile request) is written as `\n`, `\r`, `\t` or `\u{1b}`, so an event is always one
    /// line.
    static func quoted(_ value: String) -> String {
        func isControl(_ scalar: Unicode.Scalar) -> Bool {
            [.control, .lineSeparator, .paragraphSeparator].contains(scalar.properties.generalCategory)
        }
        guard
            value.isEmpty
                || value.unicodeScalars.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" || isControl($0) })
        else { return value }
        var escaped = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            case _ where isControl(scalar): escaped += "\\u{\(String(scalar.value, radix: 16))}"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return "\"\(escaped)\""
    }

    /// The syslog priority of `level` (RFC 5424 §6.2.1): trace and debug 7, info 6, notice 5, warning 4, error 3,
    /// critical 2.
    static func syslogPriority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    /// Whether standard error is the journal stream `journalStream` names (`<device>:<inode>`, systemd.exec(5)).
    static func standardErrorIsJournal(_ journalStream: String?) -> Bool {
        var status = stat()
        guard let journalStream, fstat(STDERR_FILENO, &status) == 0 else { return false }
        return journalStream == "\(status.st_dev):\(status.st_ino)"
    }

    private static func timestamp() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date())
    }
}
