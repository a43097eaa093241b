/// The `/ResourceTypes` and `/Schemas` documents (RFC 7644 §4, RFC 7643 §6–7), generated from the registry's schema
/// data through ``ResourceType/jsonValue`` and ``Schema/jsonValue``, so what is served is what validation,
/// filtering and projection read.
///
/// ```swift
/// registry.resourceTypesListResponse(baseURL: base).jsonValue          // GET /ResourceTypes
/// try registry.schemaDocument(id: Schema.userURN, baseURL: base)       // GET /Schemas/urn:…:User
/// ```
///
/// `baseURL` is the SCIM base URL (e.g. `https://app.example.com/api/ee/scim/v2`, a trailing `/` is ignored); each
/// document's `meta.location` is made absolute against it. RFC 7644 §4 says query parameters on these endpoints are
/// ignored (and a `filter` SHOULD be answered with 403), so the lists are always complete, in registry order.
extension SchemaRegistry {
    /// Every resource type, as a ListResponse (`GET /ResourceTypes`).
    public func resourceTypesListResponse(baseURL: String) -> ListResponse {
        Self.listResponse(resourceTypes.map(\.jsonValue), baseURL: baseURL)
    }

    /// One resource type by its id, which is its name, case-insensitively (`GET /ResourceTypes/User`).
    ///
    /// - Throws: ``SCIMError`` 404 when there is no such resource type.
    public func resourceTypeDocument(id: String, baseURL: String) throws(SCIMError) -> JSONValue {
        guard let resourceType = resourceType(named: id) else {
            throw .notFound("there is no resource type \"\(id)\"")
        }
        return resourceType.jsonValue.withAbsoluteLocation(baseURL: baseURL)
    }

    /// Every schema, core schemas first, as a ListResponse (`GET /Schemas`).
    public func schemasListResponse(baseURL: String) -> ListResponse {
        Self.listResponse(schemas.map(\.jsonValue), baseURL: baseURL)
    }

    /// One schema by its URN, case-insensitively (`GET /Schemas/urn:ietf:params:scim:schemas:core:2.0:User`).
    ///
    /// - Throws: ``SCIMError`` 404 when there is no such schema.
    public func schemaDocument(id: String, baseURL: String) throws(SCIMError) -> JSONValue {
        guard let schema = schema(urn: id) else { throw .notFound("there is no schema \"\(id)\"") }
        return schema.jsonValue.withAbsoluteLocation(baseURL: baseURL)
    }

    private static func listResponse(_ documents: [JSONValue], baseURL: String) -> ListResponse {
        let resources = documents.compactMap { $0.withAbsoluteLocation(baseURL: baseURL).objectValue }
        return ListResponse(totalResults: resources.count, resources: resources)
    }
}
