import Foundation
import SCIM

/// The JSON form of every state file and diff: the directory's own file format (``JSONWriter/pretty``: sorted keys,
/// two-space indentation, `"name": value`, a final newline), so that files are stable, readable and diff well.
enum StateJSON {
    /// The decoder for state files and diffs.
    static let decoder = JSONDecoder()

    /// The bytes of `value`'s file.
    static func encode(_ value: some Encodable) -> [UInt8] {
        // Every state type encodes strings, integers, booleans, arrays and objects only, which neither encoding nor
        // re-parsing can fail on.
        let data = try! JSONEncoder().encode(value)
        return JSONWriter.pretty.bytes(try! JSONParser().parse(Array(data)))
    }
}
