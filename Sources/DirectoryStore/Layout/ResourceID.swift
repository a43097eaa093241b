import Foundation

/// Resource ids: generated as lower-case UUIDs, and checked before they are ever used in a path (ARCHITECTURE §3).
public enum ResourceID {
    /// The longest id accepted, in characters.
    public static let maximumLength = 128

    /// A new id: a random lower-case UUID, e.g. `2819c223-7f76-453a-919d-413861904646`.
    public static func generate() -> String {
        UUID().uuidString.lowercased()
    }

    /// Whether `id` is 1–128 characters of `[A-Za-z0-9._-]` and not `.` or `..`, so that `<folder>/<id>.json` can
    /// never leave its folder nor name a hidden file.
    public static func isValid(_ id: some StringProtocol) -> Bool {
        guard (1...maximumLength).contains(id.utf8.count), id.first != "." else { return false }
        return id.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                return true
            default:
                return false
            }
        }
    }
}
