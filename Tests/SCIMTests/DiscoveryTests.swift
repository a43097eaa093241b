import Testing

@testable import SCIM

/// `/ServiceProviderConfig`, `/ResourceTypes` and `/Schemas` (RFC 7644 §4, RFC 7643 §5–7).
@Suite struct DiscoveryTests {
    private let base = "https://app.example.com/api/ee/scim/v2"

    @Test func serviceProviderConfigDescribesScimdir() {
        let document = ServiceProviderConfig().jsonValue(baseURL: base)
        #expect(document["schemas"] == ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"])
        #expect(document["patch"] == ["supported": true])
        #expect(document["bulk"] == ["supported": true, "maxOperations": 1000, "maxPayloadSize": 1_048_576])
        #expect(document["filter"] == ["supported": true, "maxResults": 200])
        #expect(document["changePassword"] == ["supported": false])
        #expect(document["sort"] == ["supported": true])
        #expect(document["etag"] == ["supported": true])
        #expect(document["authenticationSchemes"]?.arrayValue?.count == 1)
        let scheme = document["authenticationSchemes"]?.arrayValue?.first
        #expect(scheme?["type"] == "oauthbearertoken")
        #expect(scheme?["name"] == "OAuth Bearer Token")
        #expect(scheme?["primary"] == true)
        #expect(scheme?["description"]?.stringValue?.isEmpty == false)
        #expect(
            document["meta"] == [
                "resourceType": "ServiceProviderConfig", "location": .string("\(base)/ServiceProviderConfig"),
            ])
        #expect(document["documentationUri"] == nil)
    }

    @Test func serviceProviderConfigCarriesTheConfiguredValues() {
        let config = ServiceProviderConfig(
            documentationUri: "https://docs.example.com/scim", bulkMaxOperations: 10, bulkMaxPayloadSize: 65_536,
            filterMaxResults: 100,
            authenticationSchemes: [
                .oauthBearerToken,
                .init(type: "httpbasic", name: "HTTP Basic", description: "Not used", documentationUri: "https://x"),
            ])
        let document = config.jsonValue(baseURL: base + "/")
        #expect(document["documentationUri"] == "https://docs.example.com/scim")
        #expect(document["bulk"]?["maxOperations"] == 10)
        #expect(document["bulk"]?["maxPayloadSize"] == 65_536)
        #expect(document["filter"]?["maxResults"] == 100)
        #expect(document["meta"]?["location"] == .string("\(base)/ServiceProviderConfig"))
        #expect(
            document["authenticationSchemes"]?.arrayValue?.last == [
                "type": "httpbasic", "name": "HTTP Basic", "description": "Not used", "documentationUri": "https://x",
                "primary": false,
            ])
    }

    @Test func resourceTypesAreAListResponseOfTheRegistrysTypes() {
        let response = SchemaRegistry.standard.resourceTypesListResponse(baseURL: base)
        #expect(response.totalResults == 2)
        #expect(response.itemsPerPage == 2)
        #expect(response.resources.map { $0["name"] } == ["User", "Group"])
        let user = response.resources[0]
        #expect(user["endpoint"] == "/Users")
        #expect(user["schema"] == .string(Schema.userURN))
        #expect(user["schemaExtensions"] == [["schema": .string(Schema.enterpriseUserURN), "required": false]])
        #expect(user["meta"]?["location"] == .string("\(base)/ResourceTypes/User"))
        #expect(JSONValue.object(user) == ResourceType.user.jsonValue.withAbsoluteLocation(baseURL: base))
    }

    @Test func oneResourceTypeByItsIdCaseInsensitively() throws {
        let group = try SchemaRegistry.standard.resourceTypeDocument(id: "group", baseURL: base)
        #expect(group["id"] == "Group")
        #expect(group["meta"]?["location"] == .string("\(base)/ResourceTypes/Group"))
        #expect(throws: SCIMError.notFound(#"there is no resource type "Printer""#)) {
            try SchemaRegistry.standard.resourceTypeDocument(id: "Printer", baseURL: self.base)
        }
    }

    @Test func schemasAreAListResponseOfEverySchemaOnce() {
        let response = SchemaRegistry.standard.schemasListResponse(baseURL: base)
        #expect(
            response.resources.map { $0["id"] } == [
                .string(Schema.userURN), .string(Schema.groupURN), .string(Schema.enterpriseUserURN),
            ])
        #expect(response.totalResults == 3)
        let user = response.resources[0]
        #expect(user["attributes"] == Schema.user.jsonValue["attributes"])
        #expect(user["meta"]?["location"] == .string("\(base)/Schemas/\(Schema.userURN)"))
    }

    @Test func oneSchemaByItsURNCaseInsensitively() throws {
        let schema = try SchemaRegistry.standard.schemaDocument(
            id: Schema.enterpriseUserURN.uppercased(), baseURL: base)
        #expect(schema["id"] == .string(Schema.enterpriseUserURN))
        #expect(schema["meta"]?["location"] == .string("\(base)/Schemas/\(Schema.enterpriseUserURN)"))
        do {
            _ = try SchemaRegistry.standard.schemaDocument(id: "urn:example:nothing", baseURL: base)
            Issue.record("an unknown schema was found")
        } catch {
            #expect(error.status == 404)
        }
    }

    @Test func anAddedExtensionIsDiscoveredEverywhereFromTheSameData() throws {
        let registry = QueryFixtures.registry
        let user = registry.resourceTypesListResponse(baseURL: base).resources[0]
        #expect(
            user["schemaExtensions"]?.arrayValue?.map { $0["schema"] } == [
                .string(Schema.enterpriseUserURN), .string(QueryFixtures.testExtensionURN),
            ])
        let schema = try registry.schemaDocument(id: QueryFixtures.testExtensionURN, baseURL: base)
        #expect(schema["attributes"] == QueryFixtures.testExtension.jsonValue["attributes"])
        #expect(registry.schemasListResponse(baseURL: base).totalResults == 4)
    }

    @Test func noDocumentHasNullValues() {
        let documents: [JSONValue] =
            [
                ServiceProviderConfig().jsonValue(baseURL: base),
                SchemaRegistry.standard.resourceTypesListResponse(baseURL: base).jsonValue,
                SchemaRegistry.standard.schemasListResponse(baseURL: base).jsonValue,
            ]
        for document in documents {
            #expect(!Self.containsNull(document))
        }
    }

    private static func containsNull(_ value: JSONValue) -> Bool {
        switch value {
        case .null: return true
        case .array(let elements): return elements.contains(where: containsNull)
        case .object(let members): return members.values.contains(where: containsNull)
        default: return false
        }
    }
}
