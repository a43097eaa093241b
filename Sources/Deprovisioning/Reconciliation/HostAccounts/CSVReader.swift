/// Splits CSV text into rows of fields as RFC 4180 §2 defines them: fields separated by commas, rows by CRLF (LF and
/// a lone CR are accepted too), a field in double quotes may hold commas, line breaks and doubled quotes (`""`).
///
/// ```swift
/// try CSVReader.rows(Array("email,active\r\n\"a,b@example.com\",true\r\n".utf8))
/// // [Row(line: 1, fields: ["email", "active"]), Row(line: 2, fields: ["a,b@example.com", "true"])]
/// ```
///
/// Blank lines are skipped. A quote inside an unquoted field, text after a closing quote, and a quoted field that is
/// never closed are errors with the line where they occur.
enum CSVReader {
    /// One row and the line it starts on.
    struct Row: Equatable {
        /// The 1-based line of the row's first character.
        var line: Int
        /// The fields, unquoted, in order.
        var fields: [String]
    }

    private static let quote = UInt8(ascii: "\"")
    private static let comma = UInt8(ascii: ",")
    private static let carriageReturn = UInt8(ascii: "\r")
    private static let lineFeed = UInt8(ascii: "\n")

    /// The rows of `bytes`, which must be UTF-8.
    ///
    /// - Throws: ``HostAccountImportError`` with the line of a malformed quote.
    static func rows(_ bytes: [UInt8]) throws(HostAccountImportError) -> [Row] {
        var rows: [Row] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var fieldQuoted = false
        var inQuotes = false
        var afterClosingQuote = false
        var line = 1
        var rowLine = 1
        var quoteLine = 1
        var index = 0

        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field = []
            fieldQuoted = false
            afterClosingQuote = false
        }
        func endRow() {
            let blank = fields.isEmpty && field.isEmpty && !fieldQuoted
            endField()
            if !blank { rows.append(Row(line: rowLine, fields: fields)) }
            fields = []
        }
        /// Whether `bytes[index]` ends a line: LF, or CR not followed by LF (CRLF ends at its LF).
        func endsLine(_ index: Int) -> Bool {
            bytes[index] == lineFeed || (bytes[index] == carriageReturn && bytes[safe: index + 1] != lineFeed)
        }

        while index < bytes.count {
            let byte = bytes[index]
            if inQuotes {
                if byte == quote {
                    if bytes[safe: index + 1] == quote {
                        field.append(quote)
                        index += 1
                    } else {
                        inQuotes = false
                        afterClosingQuote = true
                    }
                } else {
                    if endsLine(index) { line += 1 }
                    field.append(byte)
                }
            } else if byte == comma {
                endField()
            } else if byte == carriageReturn || byte == lineFeed {
                if endsLine(index) {
                    endRow()
                    line += 1
                    rowLine = line
                }
            } else if byte == quote {
                guard field.isEmpty, !afterClosingQuote else {
                    throw HostAccountImportError(
                        line: line,
                        message: "a double quote inside a field that does not start with one; quote the whole field "
                            + "and double the quotes inside it (RFC 4180 §2)")
                }
                inQuotes = true
                fieldQuoted = true
                quoteLine = line
            } else {
                guard !afterClosingQuote else {
                    throw HostAccountImportError(
                        line: line,
                        message: "text after the closing quote of a quoted field; a quote inside quotes is written "
                            + "twice (\"\")")
                }
                field.append(byte)
            }
            index += 1
        }
        guard !inQuotes else {
            throw HostAccountImportError(line: quoteLine, message: "the quoted field that starts here is never closed")
        }
        endRow()
        return rows
    }
}

extension Array where Element == UInt8 {
    /// The byte at `index`, or `nil` past either end.
    fileprivate subscript(safe index: Int) -> UInt8? {
        indices.contains(index) ? self[index] : nil
    }
}
