import Foundation

/// A file of `NAME=VALUE` assignments in the syntax of systemd's `EnvironmentFile=` (systemd.exec(5)), such as
/// `/etc/scimdir/scimdir.env`: what `serve --environment-file` reads at start and on SIGHUP.
///
/// ```
/// # a comment; so is a line starting with ;
/// SCIMDIR_LOG_LEVEL=warning
/// SCIMDIR_ON_DIFF="/usr/bin/python3 /opt/consumer.py"   ← the quotes are removed
/// SCIMDIR_DEPROVISION_LIMIT = 10,5%                     ← blanks around the name and value are removed
/// ```
///
/// - An unquoted value keeps its inner blanks and any quotes after its first character; `\` keeps the next character
///   as is, and `\` at the end of a line continues the value on the next.
/// - A value in single quotes is taken verbatim and may span lines; in double quotes, `\` escapes `"`, `\`, `` ` ``
///   and `$`, and continues the line before a newline. Only blanks may follow the closing quote.
/// - Where systemd skips a line that is not an assignment, this reader refuses the file (``Failure``): a typo in a
///   setting should not pass unnoticed.
struct EnvironmentFile: Equatable, Sendable {
    /// The file's path as given.
    var path: String
    /// The assignments, the last one winning when a name repeats.
    var variables: [String: String]

    /// A file that cannot be read or parsed; the description names the file and, for a syntax error, the line.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Reads the file at `path`. A missing file has no variables, as systemd's `EnvironmentFile=-…` allows.
    ///
    /// - Throws: ``Failure`` when the file exists but cannot be read, is not UTF-8, or does not parse.
    static func read(path: String) throws(Failure) -> EnvironmentFile {
        guard FileManager.default.fileExists(atPath: path) else { return try EnvironmentFile(path: path, text: "") }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw Failure(description: "cannot read \(path): \(error.localizedDescription)")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw Failure(description: "\(path) is not UTF-8 text")
        }
        return try EnvironmentFile(path: path, text: text)
    }

    /// Parses `text`, the contents of the file at `path`.
    ///
    /// - Throws: ``Failure`` for a line that is neither blank, a comment nor an assignment, a name that is not a
    ///   shell variable name, text after a closing quote, or a quote that is never closed.
    init(path: String, text: String) throws(Failure) {
        self.path = path
        variables = [:]
        var parser = Parser(scalars: Array(text.unicodeScalars))
        do {
            while let (name, value) = try parser.nextAssignment() { variables[name] = value }
        } catch {
            throw Failure(description: "\(path), line \(error.line): \(error.problem)")
        }
    }

    /// Reads assignments one by one; ``line`` counts the newlines passed.
    private struct Parser {
        struct SyntaxError: Error {
            var line: Int
            var problem: String
        }

        let scalars: [Unicode.Scalar]
        var index = 0
        var line = 1

        init(scalars: [Unicode.Scalar]) {
            self.scalars = scalars
        }

        private static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
            scalar == " " || scalar == "\t" || scalar == "\r"
        }

        /// A shell variable name: letters, digits and `_`, not starting with a digit.
        private static func isVariableName(_ name: String) -> Bool {
            guard let head = name.unicodeScalars.first, !("0"..."9").contains(head) else { return false }
            return name.unicodeScalars.allSatisfy {
                $0 == "_" || ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
            }
        }

        private var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

        private mutating func advance() -> Unicode.Scalar? {
            guard let scalar = current else { return nil }
            index += 1
            if scalar == "\n" { line += 1 }
            return scalar
        }

        private mutating func skipBlanks() {
            while let scalar = current, Self.isBlank(scalar) { _ = advance() }
        }

        /// The next assignment, or `nil` at the end of the text.
        mutating func nextAssignment() throws(SyntaxError) -> (String, String)? {
            while true {
                skipBlanks()
                guard let first = current else { return nil }
                if first == "\n" {
                    _ = advance()
                } else if first == "#" || first == ";" {
                    while let scalar = advance(), scalar != "\n" {}
                } else {
                    break
                }
            }
            let start = line
            var name = ""
            while let scalar = current, scalar != "=", scalar != "\n" {
                name.unicodeScalars.append(scalar)
                _ = advance()
            }
            guard advance() == "=" else { throw SyntaxError(line: start, problem: "expected NAME=VALUE") }
            name = name.trimmingCharacters(in: .whitespaces)
            guard Self.isVariableName(name) else {
                throw SyntaxError(line: start, problem: "\"\(name)\" is not a variable name (letters, digits and _)")
            }
            skipBlanks()
            switch current {
            case "'": return (name, try quoted(by: "'"))
            case "\"": return (name, try quoted(by: "\""))
            default: return (name, unquoted())
            }
        }

        /// An unquoted value up to the end of its line: trailing blanks dropped unless escaped.
        private mutating func unquoted() -> String {
            var value = ""
            var keptLength = 0
            while let scalar = advance(), scalar != "\n" {
                if scalar == "\\" {
                    guard let escaped = advance() else { break }
                    if escaped == "\n" { continue }
                    value.unicodeScalars.append(escaped)
                    keptLength = value.unicodeScalars.count
                } else {
                    value.unicodeScalars.append(scalar)
                    if !Self.isBlank(scalar) { keptLength = value.unicodeScalars.count }
                }
            }
            return String(String.UnicodeScalarView(value.unicodeScalars.prefix(keptLength)))
        }

        /// A value in `quote`s, then nothing but blanks to the end of the line.
        private mutating func quoted(by quote: Unicode.Scalar) throws(SyntaxError) -> String {
            let start = line
            _ = advance()
            var value = ""
            while true {
                guard let scalar = advance() else {
                    throw SyntaxError(line: start, problem: "the quote \(quote) is never closed")
                }
                if scalar == quote { break }
                if quote == "\"", scalar == "\\", let next = current {
                    _ = advance()
                    if next == "\n" { continue }
                    if !["\"", "\\", "`", "$"].contains(next) { value.unicodeScalars.append(scalar) }
                    value.unicodeScalars.append(next)
                } else {
                    value.unicodeScalars.append(scalar)
                }
            }
            skipBlanks()
            guard current == nil || current == "\n" else {
                throw SyntaxError(line: line, problem: "only blanks may follow the closing quote \(quote)")
            }
            return value
        }
    }
}
