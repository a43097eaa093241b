extension ListQuery {
    /// The schema URN of a SearchRequest message (RFC 7644 §3.4.3).
    public static let searchRequestURN = "urn:ietf:params:scim:api:messages:2.0:SearchRequest"

    /// Reads a list query from the body of `POST /.search`, `POST /Users/.search` (RFC 7644 §3.4.3).
    ///
    /// ```swift
    /// try ListQuery(searchRequest: [
    ///     "schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
    ///     "attributes": ["displayName", "userName"], "filter": #"displayName sw "smith""#,
    ///     "startIndex": 1, "count": 10,
    /// ])
    /// ```
    ///
    /// Members are those of the URL form with JSON types: `filter`, `sortBy` and `sortOrder` strings, `startIndex` and
    /// `count` integers, `attributes` and `excludedAttributes` arrays of attribute paths. Member names are
    /// case-insensitive; a `null` member counts as absent; other members are ignored. The paging rules are those of
    /// ``init(filter:sortBy:sortOrder:startIndex:count:attributeSelection:)``.
    ///
    /// - Throws: ``SCIMError`` 400 with `scimType`
    ///   - `invalidSyntax` when the body is not an object, its `schemas` does not list ``searchRequestURN``, or a
    ///     member has the wrong JSON type (`"count": "10"`, `"attributes": "userName"`);
    ///   - otherwise as ``init(queryParameters:filterParser:)``: `invalidFilter`, `invalidValue` (bad `sortOrder`,
    ///     a repeated member, both `attributes` and `excludedAttributes`), `invalidPath`.
    public init(searchRequest body: JSONValue, filterParser: FilterParser = FilterParser()) throws(SCIMError) {
        guard case .object(let members) = body else {
            throw .invalidSyntax("a SearchRequest must be a JSON object, not \(body.kindName)")
        }
        let lookup = ParameterLookup(members.map { (name: $0.key, value: $0.value) })
        let schemas = try lookup.value("schemas")?.arrayValue ?? []
        guard schemas.contains(where: { $0.stringValue?.caseInsensitiveEquals(Self.searchRequestURN) == true }) else {
            throw .invalidSyntax("a SearchRequest must have \"schemas\": [\"\(Self.searchRequestURN)\"]")
        }
        func member<Value>(_ name: String, _ type: String, _ read: (JSONValue) -> Value?) throws(SCIMError) -> Value? {
            guard let value = try lookup.value(name), !value.isNull else { return nil }
            guard let read = read(value) else {
                throw .invalidSyntax("SearchRequest \"\(name)\" must be \(type), not \(value.kindName) \(value)")
            }
            return read
        }
        let strings = { (value: JSONValue) -> [String]? in
            guard let elements = value.arrayValue else { return nil }
            let strings = elements.compactMap(\.stringValue)
            return strings.count == elements.count ? strings : nil
        }
        self.init(
            filter: try member("filter", "a string", \.stringValue).map { text throws(SCIMError) in
                try filterParser.parse(text)
            },
            sortBy: try member("sortBy", "a string", \.stringValue).map { text throws(SCIMError) in
                try AttributePath(parsing: text)
            },
            sortOrder: try member("sortOrder", "a string", \.stringValue).map { text throws(SCIMError) in
                try Self.sortOrder(text)
            } ?? .ascending,
            startIndex: try member("startIndex", "an integer", \.integerValue) ?? 1,
            count: try member("count", "an integer", \.integerValue),
            attributeSelection: try AttributeSelection(
                attributes: try member("attributes", "an array of strings", strings) ?? [],
                excludedAttributes: try member("excludedAttributes", "an array of strings", strings) ?? []))
    }
}
