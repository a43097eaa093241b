/// A list query as a client asks for it (RFC 7644 §3.4.2, §3.4.3): which resources (`filter`), in what order
/// (`sortBy`, `sortOrder`), which page (`startIndex`, `count`) and which attributes of each (`attributes`,
/// `excludedAttributes`).
///
/// Read one from a URL (``init(queryParameters:filterParser:)``, `GET /Users?…`) or from a SearchRequest body
/// (``init(searchRequest:filterParser:)``, `POST /Users/.search`), then compile it for a resource type and run it
/// over the store's resources:
///
/// ```swift
/// let query = try ListQuery(queryParameters: [("filter", #"userName sw "a""#), ("sortBy", "name.familyName")])
/// let compiled = try query.compile(for: registry.user, maxResults: config.filterMaxResults)
/// let response = compiled.run(over: candidates)    // a ListResponse
/// ```
///
/// The paging rules of RFC 7644 §3.4.2.4 are applied when the query is made: a `startIndex` below 1 is 1, a negative
/// `count` is 0. `count` above the server's maximum is clamped by ``compile(for:maxResults:)``, not refused.
public struct ListQuery: Sendable, Hashable {
    /// `sortOrder` (RFC 7644 §3.4.2.3).
    public enum SortOrder: String, Sendable, Hashable, CaseIterable {
        /// Smallest first; resources without a value last. The default.
        case ascending
        /// Largest first; resources without a value first.
        case descending
    }

    /// The parsed `filter`, or `nil` for every resource.
    public let filter: Filter?
    /// The attribute to sort by, or `nil` to keep the order the store supplies.
    public let sortBy: AttributePath?
    /// The direction of the sort; ignored without ``sortBy``.
    public let sortOrder: SortOrder
    /// The 1-based index of the first resource of the page; at least 1.
    public let startIndex: Int
    /// The most resources the page may hold (at least 0), or `nil` for the server's maximum.
    public let count: Int?
    /// `attributes` or `excludedAttributes`.
    public let attributeSelection: AttributeSelection

    /// Creates a query; `startIndex` below 1 becomes 1 and a negative `count` becomes 0 (RFC 7644 §3.4.2.4).
    public init(
        filter: Filter? = nil, sortBy: AttributePath? = nil, sortOrder: SortOrder = .ascending, startIndex: Int = 1,
        count: Int? = nil, attributeSelection: AttributeSelection = .default
    ) {
        self.filter = filter
        self.sortBy = sortBy
        self.sortOrder = sortOrder
        self.startIndex = max(1, startIndex)
        self.count = count.map { max(0, $0) }
        self.attributeSelection = attributeSelection
    }

    /// Parses a `sortOrder` value case-insensitively (`Descending` is `descending`).
    ///
    /// - Throws: 400 `invalidValue` for anything but `ascending` or `descending`.
    static func sortOrder(_ text: String) throws(SCIMError) -> SortOrder {
        guard let order = SortOrder.allCases.first(where: { $0.rawValue.caseInsensitiveEquals(text) }) else {
            throw .invalidValue("sortOrder must be \"ascending\" or \"descending\", not \"\(text)\"")
        }
        return order
    }
}
