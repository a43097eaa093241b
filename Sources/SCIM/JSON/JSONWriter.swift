/// Serializes ``JSONValue`` deterministically: member names sorted by Unicode code point, so equal values give equal
/// bytes and a git diff of a resource file shows only what changed (ARCHITECTURE §3).
///
/// ```swift
/// JSONWriter.compact.string(["b": 1, "a": [true]])    // {"a":[true],"b":1}
/// JSONWriter.pretty.data(value)                        // two-space indentation and a final newline
/// ```
public struct JSONWriter: Sendable {
    /// Single-line output without spaces; for HTTP responses.
    public static let compact = JSONWriter(indentation: nil)
    /// Two-space indentation, `"name": value`, and a final newline; the format of files in the directory.
    public static let pretty = JSONWriter(indentation: 2)

    /// Spaces per nesting level, or `nil` for compact output.
    public let indentation: Int?

    /// Creates a writer; use ``compact`` or ``pretty`` unless you need another indentation.
    public init(indentation: Int?) {
        self.indentation = indentation
    }

    /// The UTF-8 bytes of `value`.
    public func bytes(_ value: JSONValue) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        write(value, level: 0, into: &output)
        if indentation != nil { output.append(0x0A) }
        return output
    }

    /// The text of `value`.
    public func string(_ value: JSONValue) -> String {
        String(decoding: bytes(value), as: UTF8.self)
    }

    private func write(_ value: JSONValue, level: Int, into output: inout [UInt8]) {
        switch value {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .integer(let integer): output.append(contentsOf: String(integer).utf8)
        case .decimal(let decimal):
            // Swift prints the shortest text that reads back to the same Double, and always with '.' or 'e'.
            output.append(contentsOf: (decimal.isFinite ? "\(decimal)" : "null").utf8)
        case .string(let string): Self.writeString(string, into: &output)
        case .array(let elements):
            if elements.isEmpty {
                output.append(contentsOf: "[]".utf8)
                return
            }
            output.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                newline(level: level + 1, into: &output)
                write(element, level: level + 1, into: &output)
            }
            newline(level: level, into: &output)
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            if members.isEmpty {
                output.append(contentsOf: "{}".utf8)
                return
            }
            output.append(UInt8(ascii: "{"))
            let names = members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (position, name) in names.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                newline(level: level + 1, into: &output)
                Self.writeString(name, into: &output)
                output.append(UInt8(ascii: ":"))
                if indentation != nil { output.append(UInt8(ascii: " ")) }
                write(members[name]!, level: level + 1, into: &output)
            }
            newline(level: level, into: &output)
            output.append(UInt8(ascii: "}"))
        }
    }

    private func newline(level: Int, into output: inout [UInt8]) {
        guard let indentation else { return }
        output.append(0x0A)
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indentation * level))
    }

    private static func writeString(_ string: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): output.append(contentsOf: #"\\"#.utf8)
            case 0x0A: output.append(contentsOf: #"\n"#.utf8)
            case 0x0D: output.append(contentsOf: #"\r"#.utf8)
            case 0x09: output.append(contentsOf: #"\t"#.utf8)
            case 0x00..<0x20:
                let digits = String(byte, radix: 16)
                output.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - digits.count) + digits).utf8)
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
