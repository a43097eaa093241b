/// A ListResponse message (RFC 7644 §3.4.2): one page of resources and where it lies in the whole result.
///
/// ```json
/// {"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
///  "totalResults": 5, "startIndex": 3, "itemsPerPage": 2, "Resources": [{…}, {…}]}
/// ```
///
/// ``jsonValue`` always carries all four members, as integers, and `Resources` even when it is empty: RFC 7644 lets
/// an empty `Resources` be omitted, but Okta's and Entra ID's examples show `"Resources": []` and their clients read it.
public struct ListResponse: Sendable, Hashable {
    /// The schema URN of a ListResponse message.
    public static let schemaURN = "urn:ietf:params:scim:api:messages:2.0:ListResponse"

    /// How many resources matched the query in all, across every page.
    public var totalResults: Int
    /// The 1-based index of this page's first resource in the whole result, as the client asked for it.
    public var startIndex: Int
    /// The resources of this page, already projected.
    public var resources: [JSONObject]

    /// The number of resources on this page (not the requested `count`: the last page may hold fewer).
    public var itemsPerPage: Int { resources.count }

    /// Creates a page.
    public init(totalResults: Int, startIndex: Int = 1, resources: [JSONObject]) {
        self.totalResults = totalResults
        self.startIndex = startIndex
        self.resources = resources
    }

    /// The message as JSON.
    public var jsonValue: JSONValue {
        .object([
            "schemas": [.string(Self.schemaURN)],
            "totalResults": .integer(totalResults),
            "startIndex": .integer(startIndex),
            "itemsPerPage": .integer(itemsPerPage),
            "Resources": .array(resources.map(JSONValue.object)),
        ])
    }
}
