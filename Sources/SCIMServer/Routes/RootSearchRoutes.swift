import DirectoryStore
import Hummingbird
import SCIM

/// `POST /.search` at the service provider's root (RFC 7644 §3.4.3): one SearchRequest over Users and Groups.
///
/// The filter is compiled for each resource type; a type whose schemas do not define the filter's attributes
/// contributes nothing (`userName eq "x"` finds users only). Results are Users then Groups, each sorted by `sortBy`
/// when given; paging applies to the concatenation, and each type is asked only for its part of the page.
struct RootSearchRoutes<Context: RequestContext>: Sendable {
    let store: DirectoryStore
    let configuration: SCIMServerConfiguration

    func register(on router: RouterGroup<Context>) {
        router.post("/.search") { request, _ in
            var request = request
            let body = try await request.scimJSON(limit: configuration.maxPayloadSize)
            let query = try ListQuery(
                searchRequest: body, filterParser: FilterParser(maximumLength: configuration.maxFilterLength))
            return SCIMResponse.json(try search(query, baseURL: request.scimBaseURL(configuration)).jsonValue)
        }
    }

    func search(_ query: ListQuery, baseURL: String) throws(SCIMError) -> ListResponse {
        let snapshot = store.snapshot
        // The combined result is all matching Users, then all matching Groups. Each type is asked only for its part
        // of the page: what is left of the page, starting after what the earlier types' matches used up. So a page
        // costs the page (plus counting), and no arithmetic on startIndex can overflow.
        var remaining = min(query.count ?? configuration.maxResults, configuration.maxResults)
        var skip = query.startIndex - 1
        var totalResults = 0
        var resources: [JSONObject] = []
        var firstError: SCIMError?
        var compiledAny = false
        for kind in ResourceKind.allCases {
            let part = ListQuery(
                filter: query.filter, sortBy: query.sortBy, sortOrder: query.sortOrder, startIndex: skip + 1,
                count: remaining, attributeSelection: query.attributeSelection)
            let compiled: CompiledListQuery
            do {
                compiled = try part.compile(for: kind.resourceType(in: snapshot.registry), maxResults: remaining)
            } catch {
                firstError = firstError ?? error
                continue
            }
            compiledAny = true
            let candidates = snapshot.candidates(kind, narrowedBy: compiled.predicate?.filter).lazy.map(\.resource)
            let response = compiled.run(over: candidates) {
                ResourceRoutes<Context>.withLocation($0, kind: kind, baseURL: baseURL)
            }
            totalResults += response.totalResults
            resources += response.resources
            remaining -= response.resources.count
            skip = max(0, skip - response.totalResults)
        }
        if !compiledAny, let firstError { throw firstError }
        return ListResponse(totalResults: totalResults, startIndex: query.startIndex, resources: resources)
    }
}
