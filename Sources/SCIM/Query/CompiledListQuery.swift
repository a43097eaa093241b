/// A ``ListQuery`` checked against a resource type and the server's limits, ready to run over the store's resources.
///
/// ```swift
/// let compiled = try query.compile(for: registry.user, maxResults: 200)
/// let candidates = snapshot.users(narrowedBy: compiled.predicate?.filter)   // the store's index, or everything
/// let response = compiled.run(over: candidates) { withLocation($0) }
/// ```
///
/// What running costs: with neither filter nor `sortBy`, over a `Collection`, only the page (`totalResults` is the
/// collection's `count`), so paging through the whole directory stays linear (ARCHITECTURE §4.6). Otherwise one pass
/// over the candidates: without `sortBy` their order is kept and only the page is retained; with `sortBy` the
/// matches are collected, their sort values normalized once, and their positions sorted. Only the page is projected.
public struct CompiledListQuery: Sendable {
    /// The compiled filter, with canonical attribute names in ``FilterPredicate/filter``, so the store can choose an
    /// index; `nil` when the query has no filter.
    public let predicate: FilterPredicate?
    /// The 1-based index of the page's first resource.
    public let startIndex: Int
    /// The page size: the requested `count` clamped to `maxResults`, or `maxResults` when none was requested.
    public let count: Int
    /// What each resource of the page is cut down to.
    public let projection: AttributeProjection
    private let sort: ListSort?

    init(predicate: FilterPredicate?, startIndex: Int, count: Int, projection: AttributeProjection, sort: ListSort?) {
        self.predicate = predicate
        self.startIndex = startIndex
        self.count = count
        self.projection = projection
        self.sort = sort
    }

    /// Filters, sorts, pages and projects `candidates` into a ``ListResponse``.
    ///
    /// - Parameters:
    ///   - candidates: canonical resources of the compiled resource type: all of them, or any superset of the matches
    ///     that an index lookup yields; every candidate is tested against ``predicate``, so a superset is harmless.
    ///     Without `sortBy` their order is the order of the result and must be the same on every call.
    ///   - complete: applied to each resource of the page before projection, e.g. to add `meta.location`; not called
    ///     for resources outside the page.
    public func run(
        over candidates: some Sequence<JSONObject>, completing complete: (JSONObject) -> JSONObject = { $0 }
    ) -> ListResponse {
        respond(select(from: candidates), complete)
    }

    /// Filters, sorts, pages and projects `candidates`, taking only the page when there is neither filter nor sort.
    ///
    /// The same as the `Sequence` form otherwise; see it for the parameters.
    public func run(
        over candidates: some Collection<JSONObject>, completing complete: (JSONObject) -> JSONObject = { $0 }
    ) -> ListResponse {
        guard predicate == nil, sort == nil else { return respond(select(from: candidates), complete) }
        return respond((candidates.count, Array(candidates.dropFirst(startIndex - 1).prefix(count))), complete)
    }

    /// The number of matches and the page of them, in result order.
    private func select(from candidates: some Sequence<JSONObject>) -> (totalResults: Int, page: [JSONObject]) {
        let matches = candidates.lazy.filter { self.predicate?.matches($0) ?? true }
        let skip = startIndex - 1
        if let sort {
            let all = Array(matches)
            return (all.count, sort.sortedPositions(of: all).dropFirst(skip).prefix(count).map { all[$0] })
        }
        var totalResults = 0
        var page: [JSONObject] = []
        for resource in matches {
            if totalResults >= skip && page.count < count { page.append(resource) }
            totalResults += 1
        }
        return (totalResults, page)
    }

    private func respond(
        _ selection: (totalResults: Int, page: [JSONObject]), _ complete: (JSONObject) -> JSONObject
    ) -> ListResponse {
        ListResponse(
            totalResults: selection.totalResults, startIndex: startIndex,
            resources: selection.page.map { projection.apply(to: complete($0)) })
    }
}

extension ListQuery {
    /// Checks the query against `resourceType` and applies the server's page limit.
    ///
    /// - Parameters:
    ///   - resourceType: the type of the resources the query will run over.
    ///   - maxResults: the most resources a page may hold, the `filter.maxResults` advertised by
    ///     ``ServiceProviderConfig``; a larger `count` is clamped to it (RFC 7644 §3.4.2.4 lets a server return fewer
    ///     resources than asked for), and an absent `count` means it.
    /// - Throws: ``SCIMError`` 400 `invalidFilter` when the filter names an attribute the resource type does not
    ///   define or compares values of the wrong type; 400 `invalidPath` when `sortBy` names no attribute of the
    ///   resource type, a whole extension, or a complex attribute without a `value` sub-attribute.
    public func compile(for resourceType: ResourceType, maxResults: Int) throws(SCIMError) -> CompiledListQuery {
        CompiledListQuery(
            predicate: try filter.map { filter throws(SCIMError) in try filter.compile(for: resourceType) },
            startIndex: startIndex,
            count: min(count ?? maxResults, max(0, maxResults)),
            projection: attributeSelection.projection(for: resourceType),
            sort: try sortBy.map { path throws(SCIMError) in
                try ListSort(sortBy: path, order: sortOrder, resourceType: resourceType)
            })
    }
}
