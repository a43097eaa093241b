import DirectoryStore
import Hummingbird
import SCIM

/// `/ServiceProviderConfig`, `/ResourceTypes[/{id}]` and `/Schemas[/{id}]` (RFC 7644 §4), generated from the schema
/// registry in force and the server's configuration. They are read-only: any other method gets 405.
struct DiscoveryRoutes<Context: RequestContext>: Sendable {
    let store: DirectoryStore
    let configuration: SCIMServerConfiguration

    var serviceProviderConfig: ServiceProviderConfig {
        ServiceProviderConfig(
            bulkMaxOperations: configuration.maxBulkOperations, bulkMaxPayloadSize: configuration.maxPayloadSize,
            filterMaxResults: configuration.maxResults)
    }

    func register(on router: RouterGroup<Context>) {
        get("/ServiceProviderConfig", on: router) { request, _ in
            serviceProviderConfig.jsonValue(baseURL: request.scimBaseURL(configuration))
        }
        get("/ResourceTypes", on: router) { request, _ in
            store.snapshot.registry.resourceTypesListResponse(baseURL: request.scimBaseURL(configuration)).jsonValue
        }
        get("/ResourceTypes/{id}", on: router) { request, context in
            try store.snapshot.registry.resourceTypeDocument(
                id: try context.parameters.require("id"), baseURL: request.scimBaseURL(configuration))
        }
        get("/Schemas", on: router) { request, _ in
            store.snapshot.registry.schemasListResponse(baseURL: request.scimBaseURL(configuration)).jsonValue
        }
        get("/Schemas/{id}", on: router) { request, context in
            try store.snapshot.registry.schemaDocument(
                id: try context.parameters.require("id"), baseURL: request.scimBaseURL(configuration))
        }
    }

    /// A GET route answering `document`, and 405 for every other method on the same path.
    private func get(
        _ path: String, on router: RouterGroup<Context>,
        _ document: @escaping @Sendable (Request, Context) throws -> JSONValue
    ) {
        router.get(RouterPath(path)) { request, context in SCIMResponse.json(try document(request, context)) }
        for method in [HTTPRequest.Method.post, .put, .patch, .delete] {
            router.on(RouterPath(path), method: method) { request, _ -> Response in
                throw SCIMError.methodNotAllowed("\(request.method) is not allowed on \(path); it is read-only")
            }
        }
    }
}
