import DirectoryStore
import SCIM

/// The SCIM operations on Users and Groups (RFC 7644 §3.3–3.6), shared by the HTTP routes and `/Bulk`.
struct ResourceOperations: Sendable {
    let store: DirectoryStore

    /// `POST`: validates `body` and stores a new resource.
    func create(_ kind: ResourceKind, body: JSONValue, requestID: String?) async throws(SCIMError) -> StoredResource {
        try await store.create(kind, try Self.object(body), origin: .scim(method: "POST", requestID: requestID))
    }

    /// `PUT`: replaces the resource with `body` (read-only attributes ignored, immutable ones checked).
    func replace(_ kind: ResourceKind, id: String, body: JSONValue, ifMatch: String?, requestID: String?)
        async throws(SCIMError) -> StoredResource
    {
        let object = try Self.object(body)
        return try await store.update(kind, id: id, ifMatch: ifMatch, origin: .scim(method: "PUT", requestID: requestID)) {
            existing, resourceType throws(SCIMError) in
            try ResourceValidator(resourceType: resourceType).validate(object, mode: .replace(existing: existing))
        }
    }

    /// `PATCH`: applies a PatchOp message, all operations or none.
    func patch(_ kind: ResourceKind, id: String, body: JSONValue, ifMatch: String?, requestID: String?)
        async throws(SCIMError) -> StoredResource
    {
        let request = try PatchRequest(json: body)
        return try await store.update(kind, id: id, ifMatch: ifMatch, origin: .scim(method: "PATCH", requestID: requestID)) {
            existing, resourceType throws(SCIMError) in
            try PatchEngine(resourceType: resourceType).apply(request, to: existing).resource
        }
    }

    /// `DELETE`.
    func delete(_ kind: ResourceKind, id: String, ifMatch: String?, requestID: String?) async throws(SCIMError) {
        try await store.delete(kind, id: id, ifMatch: ifMatch, origin: .scim(method: "DELETE", requestID: requestID))
    }

    private static func object(_ value: JSONValue) throws(SCIMError) -> JSONObject {
        guard case .object(let object) = value else {
            throw .invalidSyntax("the request body must be a JSON object, not \(value.kindName)")
        }
        return object
    }
}
