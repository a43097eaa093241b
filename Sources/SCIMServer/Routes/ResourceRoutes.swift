import DirectoryStore
import Foundation
import Hummingbird
import Logging
import SCIM

/// The `/Users` and `/Groups` endpoints (RFC 7644 §3.3–3.6): create, read, replace, modify, delete, list and
/// `.search`. Responses carry `ETag`, `meta.location`, and honour `attributes`/`excludedAttributes` (§3.9).
struct ResourceRoutes<Context: RequestContext>: Sendable {
    let store: DirectoryStore
    let configuration: SCIMServerConfiguration
    var operations: ResourceOperations { ResourceOperations(store: store) }

    func register(_ kind: ResourceKind, on router: RouterGroup<Context>) {
        let endpoint = kind.resourceType(in: .standard).endpoint
        let item = RouterPath(endpoint + "/{id}")
        router.get(RouterPath(endpoint)) { request, _ in try list(kind, request) }
        router.post(RouterPath(endpoint + "/.search")) { request, _ in try await search(kind, request) }
        router.post(RouterPath(endpoint)) { request, context in
            var request = request
            let body = try await request.scimJSON(limit: configuration.maxPayloadSize)
            let stored = try await operations.create(kind, body: body, requestID: context.id)
            context.logger.info("created", metadata: ["resource": "\(kind) \(stored.id)", "name": "\(stored.displayName)"])
            return try respond(with: stored, status: .created, request: request, includeLocation: true)
        }
        router.get(item) { request, context in
            let id = try context.parameters.require("id")
            guard ResourceID.isValid(id), let stored = store.snapshot.resource(kind, id: id) else {
                throw SCIMError.notFound("\(kind) \(id) does not exist")
            }
            return try respond(with: stored, status: .ok, request: request)
        }
        router.put(item) { request, context in
            var request = request
            let body = try await request.scimJSON(limit: configuration.maxPayloadSize)
            let stored = try await operations.replace(
                kind, id: try context.parameters.require("id"), body: body, ifMatch: request.headers[.ifMatch],
                requestID: context.id)
            return try respond(with: stored, status: .ok, request: request)
        }
        router.patch(item) { request, context in
            var request = request
            let body = try await request.scimJSON(limit: configuration.maxPayloadSize)
            let stored = try await operations.patch(
                kind, id: try context.parameters.require("id"), body: body, ifMatch: request.headers[.ifMatch],
                requestID: context.id)
            return try respond(with: stored, status: .ok, request: request)
        }
        router.delete(item) { request, context in
            let id = try context.parameters.require("id")
            try await operations.delete(kind, id: id, ifMatch: request.headers[.ifMatch], requestID: context.id)
            context.logger.info("deleted", metadata: ["resource": "\(kind) \(id)"])
            return Response(status: .noContent)
        }
    }

    /// `GET /Users?filter=…&sortBy=…&startIndex=…&count=…` (RFC 7644 §3.4.2).
    func list(_ kind: ResourceKind, _ request: Request) throws -> Response {
        let query = try ListQuery(
            queryParameters: try QueryParameters(request.uri.query).pairs, filterParser: filterParser)
        return try run(query, kind, request)
    }

    /// `POST /Users/.search` with a SearchRequest body (RFC 7644 §3.4.3).
    func search(_ kind: ResourceKind, _ request: Request) async throws -> Response {
        var request = request
        let body = try await request.scimJSON(limit: configuration.maxPayloadSize)
        return try run(try ListQuery(searchRequest: body, filterParser: filterParser), kind, request)
    }

    private var filterParser: FilterParser { FilterParser(maximumLength: configuration.maxFilterLength) }

    private func run(_ query: ListQuery, _ kind: ResourceKind, _ request: Request) throws -> Response {
        let snapshot = store.snapshot
        let compiled = try query.compile(for: kind.resourceType(in: snapshot.registry), maxResults: configuration.maxResults)
        let candidates = snapshot.candidates(kind, narrowedBy: compiled.predicate?.filter).lazy.map(\.resource)
        let baseURL = request.scimBaseURL(configuration)
        let response = compiled.run(over: candidates) { Self.withLocation($0, kind: kind, baseURL: baseURL) }
        return SCIMResponse.json(response.jsonValue)
    }

    /// The resource as JSON with `meta.location`, projected by the request's `attributes`/`excludedAttributes`
    /// (RFC 7644 §3.9), with `ETag` (and `Location` for creations).
    func respond(with stored: StoredResource, status: HTTPResponse.Status, request: Request, includeLocation: Bool = false)
        throws -> Response
    {
        let baseURL = request.scimBaseURL(configuration)
        let resource = Self.withLocation(stored.resource, kind: stored.kind, baseURL: baseURL)
        let selection = try AttributeSelection(queryParameters: try QueryParameters(request.uri.query).pairs)
        let projected = selection.projection(for: stored.kind.resourceType(in: store.snapshot.registry)).apply(to: resource)
        var headers: HTTPFields = [.eTag: stored.version]
        if includeLocation { headers[.location] = Self.location(of: stored.id, kind: stored.kind, baseURL: baseURL) }
        return SCIMResponse.json(.object(projected), status: status, headers: headers)
    }

    static func location(of id: String, kind: ResourceKind, baseURL: String) -> String {
        baseURL + kind.resourceType(in: .standard).endpoint + "/" + id
    }

    /// `resource` with `meta.location` set; the stored form omits it because it depends on the base URL.
    static func withLocation(_ resource: JSONObject, kind: ResourceKind, baseURL: String) -> JSONObject {
        var resource = resource
        var meta = resource["meta"]?.objectValue ?? [:]
        meta["location"] = .string(location(of: resource["id"]?.stringValue ?? "", kind: kind, baseURL: baseURL))
        resource["meta"] = .object(meta)
        return resource
    }
}
