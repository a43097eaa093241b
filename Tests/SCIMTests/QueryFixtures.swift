@testable import SCIM

/// Canonical resources and a registry with one extension of every sortable type, shared by the Query* suites.
enum QueryFixtures {
    /// An extension with integer, decimal, `returned: request` and `returned: never` attributes, which the core
    /// schemas lack.
    static let testExtensionURN = "urn:example:params:scim:schemas:extension:test:2.0:User"

    static let testExtension = Schema(
        id: testExtensionURN, name: "TestUser", description: "Attributes for the query tests",
        attributes: [
            .init(name: "level", type: .integer),
            .init(name: "score", type: .decimal),
            .init(name: "hireDate", type: .dateTime),
            .init(name: "secretNote", type: .string, returned: .request),
            .init(name: "pin", type: .string, mutability: .writeOnly, returned: .never),
            .init(
                name: "badge", type: .complex,
                subAttributes: [
                    .init(name: "number", type: .string),
                    .init(name: "code", type: .string, returned: .never),
                    .init(name: "issuer", type: .string, returned: .request),
                ]),
        ])

    /// User (with the Enterprise and the test extension) and Group.
    static let registry: SchemaRegistry = {
        var registry = SchemaRegistry.standard
        try! registry.addExtension(testExtension, to: "User")
        return registry
    }()

    static var userType: ResourceType { registry.user }

    /// A canonical User with `id`, `schemas`, `userName` and `meta`, plus `extra` members.
    static func user(_ id: String, _ userName: String, _ extra: JSONObject = [:]) -> JSONObject {
        var user: JSONObject = [
            "id": .string(id),
            "schemas": [.string(Schema.userURN)],
            "userName": .string(userName),
            "meta": [
                "resourceType": "User", "created": "2024-01-01T00:00:00Z", "lastModified": "2024-01-01T00:00:00Z",
                "version": #"W/"1""#,
            ],
        ]
        user.merge(extra) { _, new in new }
        return user
    }

    /// The ids of a page, in order.
    static func ids(_ response: ListResponse) -> [String] {
        response.resources.map { $0["id"]?.stringValue ?? "?" }
    }

    /// Runs URL query parameters over `resources` as the HTTP layer would.
    static func list(
        _ parameters: [(name: String, value: String)], over resources: [JSONObject],
        resourceType: ResourceType = userType, maxResults: Int = 200
    ) throws -> ListResponse {
        try ListQuery(queryParameters: parameters).compile(for: resourceType, maxResults: maxResults)
            .run(over: resources)
    }
}
