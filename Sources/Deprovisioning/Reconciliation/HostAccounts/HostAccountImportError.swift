/// Why a host-account export cannot be read, with where: `line 7: the quoted field is never closed`.
///
/// ```swift
/// do { _ = try HostAccountExport(parsing: data) } catch { print(error) }  // "record 3: email must be a string, …"
/// ```
public struct HostAccountImportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The 1-based line of a CSV file (or of a JSON syntax error), when the problem is on one.
    public let line: Int?
    /// The 1-based record of a JSON export (an element of the array), when the problem is in one.
    public let record: Int?
    /// What is wrong, without the position.
    public let message: String

    /// Creates an error.
    public init(line: Int? = nil, record: Int? = nil, message: String) {
        self.line = line
        self.record = record
        self.message = message
    }

    /// `line N: message`, `record N: message`, or the message alone.
    public var description: String {
        if let line { return "line \(line): \(message)" }
        if let record { return "record \(record): \(message)" }
        return message
    }
}
