extension ListQuery {
    /// Reads a list query from the URL query parameters of `GET /Users`, `GET /Groups` (RFC 7644 §3.4.2).
    ///
    /// ```swift
    /// try ListQuery(queryParameters: [("filter", #"userName eq "bjensen""#), ("startIndex", "1"), ("count", "10")])
    /// ```
    ///
    /// - Parameters:
    ///   - queryParameters: name/value pairs in request order, already percent-decoded, with `+` already decoded as
    ///     a space (the HTTP layer's job). Names are matched case-insensitively (`startindex` is `startIndex`); names
    ///     other than `filter`, `sortBy`, `sortOrder`, `startIndex`, `count`, `attributes` and `excludedAttributes`
    ///     are ignored. `attributes` and `excludedAttributes` are comma-separated attribute paths.
    ///   - filterParser: the parser, with the server's bounds on filter length and nesting.
    /// - Throws: ``SCIMError`` 400 with `scimType`
    ///   - `invalidFilter` when the filter does not parse;
    ///   - `invalidValue` when `startIndex` or `count` is not an integer (64-bit), `sortOrder` is neither `ascending`
    ///     nor `descending` (case-insensitive), a parameter is repeated, or both `attributes` and
    ///     `excludedAttributes` are given;
    ///   - `invalidPath` when `sortBy` or a name in `attributes`/`excludedAttributes` is not an attribute path.
    public init(
        queryParameters: [(name: String, value: String)], filterParser: FilterParser = FilterParser()
    ) throws(SCIMError) {
        let lookup = ParameterLookup(queryParameters)
        func integer(_ name: String) throws(SCIMError) -> Int? {
            guard let text = try lookup.value(name) else { return nil }
            guard let value = Int(text) else { throw .invalidValue("\(name) must be an integer, not \"\(text)\"") }
            return value
        }
        self.init(
            filter: try lookup.value("filter").map { text throws(SCIMError) in try filterParser.parse(text) },
            sortBy: try lookup.value("sortBy").map { text throws(SCIMError) in try AttributePath(parsing: text) },
            sortOrder: try lookup.value("sortOrder").map { text throws(SCIMError) in try Self.sortOrder(text) }
                ?? .ascending,
            startIndex: try integer("startIndex") ?? 1,
            count: try integer("count"),
            attributeSelection: try AttributeSelection(lookup))
    }
}
