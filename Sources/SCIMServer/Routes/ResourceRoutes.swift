import DirectoryStore
import Foundation
import Hummingbird
import Logging
import SCIM

/// The `/Users` and `/Groups` endpoints (RFC 7644 §3.3–3.6): create, read, replace, modify, delete, list and search.
struct ResourceRoutes<Context: RequestContext>: Sendable {
    let store: DirectoryStore
    let configuration: SCIMServerConfiguration

    func register(_ kind: ResourceKind, on router: RouterGroup<Context>) {
        let endpoint = kind.resourceType(in: .standard).endpoint
        router.post(RouterPath(endpoint)) { request, context in try await create(kind, request, context) }
        router.get(RouterPath(endpoint + "/{id}")) { request, context in try await read(kind, request, context) }
        router.put(RouterPath(endpoint + "/{id}")) { request, context in try await replace(kind, request, context) }
        router.patch(RouterPath(endpoint + "/{id}")) { request, context in try await modify(kind, request, context) }
        router.delete(RouterPath(endpoint + "/{id}")) { request, context in try await delete(kind, request, context) }
    }

    func create(_ kind: ResourceKind, _ request: Request, _ context: Context) async throws -> Response {
        var request = request
        let body = try await requireObject(request.scimJSON(limit: configuration.maxPayloadSize))
        let stored = try await store.create(kind, body, origin: .scim(method: "POST", requestID: context.id))
        context.logger.info("created", metadata: ["resource": "\(kind) \(stored.id)", "name": "\(stored.displayName)"])
        return try respond(with: stored, status: .created, request: request, includeLocation: true)
    }

    func read(_ kind: ResourceKind, _ request: Request, _ context: Context) async throws -> Response {
        let id = try context.parameters.require("id")
        guard ResourceID.isValid(id), let stored = store.snapshot.resource(kind, id: id) else {
            throw SCIMError.notFound("\(kind) \(id) does not exist")
        }
        return try respond(with: stored, status: .ok, request: request)
    }

    func replace(_ kind: ResourceKind, _ request: Request, _ context: Context) async throws -> Response {
        var request = request
        let id = try context.parameters.require("id")
        let body = try await requireObject(request.scimJSON(limit: configuration.maxPayloadSize))
        let stored = try await store.update(
            kind, id: id, ifMatch: request.headers[.ifMatch], origin: .scim(method: "PUT", requestID: context.id)
        ) { existing, resourceType throws(SCIMError) in
            try ResourceValidator(resourceType: resourceType).validate(body, mode: .replace(existing: existing))
        }
        return try respond(with: stored, status: .ok, request: request)
    }

    func modify(_ kind: ResourceKind, _ request: Request, _ context: Context) async throws -> Response {
        var request = request
        let id = try context.parameters.require("id")
        let patch = try PatchRequest(json: try await request.scimJSON(limit: configuration.maxPayloadSize))
        let stored = try await store.update(
            kind, id: id, ifMatch: request.headers[.ifMatch], origin: .scim(method: "PATCH", requestID: context.id)
        ) { existing, resourceType throws(SCIMError) in
            try PatchEngine(resourceType: resourceType).apply(patch, to: existing).resource
        }
        return try respond(with: stored, status: .ok, request: request)
    }

    func delete(_ kind: ResourceKind, _ request: Request, _ context: Context) async throws -> Response {
        let id = try context.parameters.require("id")
        try await store.delete(
            kind, id: id, ifMatch: request.headers[.ifMatch], origin: .scim(method: "DELETE", requestID: context.id))
        context.logger.info("deleted", metadata: ["resource": "\(kind) \(id)"])
        return Response(status: .noContent)
    }

    /// The resource as JSON with `meta.location`, projected by the request's `attributes`/`excludedAttributes`
    /// (RFC 7644 §3.9), with `ETag` (and `Location` for creations).
    func respond(with stored: StoredResource, status: HTTPResponse.Status, request: Request, includeLocation: Bool = false)
        throws -> Response
    {
        let location = request.scimBaseURL(configuration) + stored.kind.resourceType(in: .standard).endpoint + "/" + stored.id
        var resource = stored.resource
        var meta = resource["meta"]?.objectValue ?? [:]
        meta["location"] = .string(location)
        resource["meta"] = .object(meta)
        var headers: HTTPFields = [.eTag: stored.version]
        if includeLocation { headers[.location] = location }
        return SCIMResponse.json(.object(resource), status: status, headers: headers)
    }

    private func requireObject(_ value: JSONValue) throws -> JSONObject {
        guard case .object(let object) = value else {
            throw SCIMError.invalidSyntax("the request body must be a JSON object, not \(value.kindName)")
        }
        return object
    }
}
