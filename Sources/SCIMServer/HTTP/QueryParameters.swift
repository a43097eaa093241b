import Foundation
public import SCIM

/// The query string of a SCIM request, decoded as HTML forms encode it: `+` is a space and `%XX` a byte
/// (Entra ID writes spaces as `+`, Okta as `%20`; both must work).
public struct QueryParameters: Sendable {
    /// Name–value pairs in order; names as sent.
    public let pairs: [(name: String, value: String)]

    /// Decodes `query` (without the `?`).
    ///
    /// - Throws: 400 `invalidSyntax` for a malformed `%` escape or bytes that are not UTF-8.
    public init(_ query: String?) throws(SCIMError) {
        var pairs: [(String, String)] = []
        for component in (query ?? "").split(separator: "&", omittingEmptySubsequences: true) {
            let parts = component.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = try Self.decode(parts[0])
            let value = parts.count > 1 ? try Self.decode(parts[1]) : ""
            pairs.append((name, value))
        }
        self.pairs = pairs
    }

    /// The value of the first parameter called `name` (case-insensitive), if any.
    public subscript(name: String) -> String? {
        pairs.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    private static func decode(_ text: Substring) throws(SCIMError) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        guard let decoded = spaced.removingPercentEncoding else {
            throw .invalidSyntax("the query string has a malformed %-escape or is not UTF-8: \(text.prefix(100))")
        }
        return decoded
    }
}
