import Foundation
import Testing

@testable import SCIM

/// Schemas as data (RFC 7643 §2, §7): the core definitions, `Schema(json:)`, path resolution and the registry.
@Suite struct SchemaTests {
    // MARK: Schema(json:) ⇄ Schema.jsonValue

    @Test(arguments: [Schema.user, Schema.group, Schema.enterpriseUser])
    func coreSchemasRoundTripThroughTheirJSONRepresentation(_ schema: Schema) throws {
        #expect(try Schema(json: schema.jsonValue) == schema)
        let text = JSONWriter.pretty.string(schema.jsonValue)
        #expect(try Schema(json: JSONParser().parse(text)) == schema)
    }

    @Test func schemaRepresentationHasTheShapeOfRFC7643Section7() throws {
        let json = Schema.user.jsonValue
        #expect(json["schemas"] == ["urn:ietf:params:scim:schemas:core:2.0:Schema"])
        #expect(json["id"] == .string(Schema.userURN))
        #expect(json["meta"]?["resourceType"] == "Schema")
        #expect(json["meta"]?["location"] == .string("/Schemas/\(Schema.userURN)"))
        let attributes = try #require(json["attributes"]?.arrayValue)
        let userName = try #require(attributes.first { $0["name"] == "userName" })
        #expect(userName["type"] == "string")
        #expect(userName["required"] == true)
        #expect(userName["caseExact"] == false)
        #expect(userName["uniqueness"] == "server")
        #expect(userName["mutability"] == "readWrite")
        #expect(userName["returned"] == "default")
        #expect(userName["multiValued"] == false)
        let emails = try #require(attributes.first { $0["name"] == "emails" })
        #expect(
            emails["subAttributes"]?.arrayValue?.compactMap { $0["name"]?.stringValue }
                == ["value", "display", "type", "primary"])
        #expect(
            emails["subAttributes"]?.arrayValue?.first { $0["name"] == "type" }?["canonicalValues"]
                == ["work", "home", "other"])
        let password = try #require(attributes.first { $0["name"] == "password" })
        #expect(password["mutability"] == "writeOnly")
        #expect(password["returned"] == "never")
    }

    @Test func missingCharacteristicsTakeTheRFCDefaults() throws {
        let schema = try Schema(json: [
            "id": "urn:example:params:scim:schemas:extension:acme:2.0:User",
            "attributes": [["name": "badge", "type": "string"]],
        ])
        let badge = try #require(schema.attribute(named: "BADGE"))
        #expect(badge == AttributeDefinition(name: "badge", type: .string))
        #expect(!badge.multiValued && !badge.required && !badge.caseExact)
        #expect(badge.mutability == .readWrite && badge.returned == .default && badge.uniqueness == .none)
        #expect(schema.name == schema.id)
        #expect(schema.description == "")
    }

    @Test func customExtensionLoadsFromItsFixtureFile() throws {
        let schema = try Schema(json: fixture("acme-extension-schema.json"))
        #expect(schema.id == "urn:example:params:scim:schemas:extension:acme:2.0:User")
        #expect(schema.attribute(named: "level")?.type == .integer)
        #expect(schema.attribute(named: "score")?.type == .decimal)
        #expect(schema.attribute(named: "badges")?.multiValued == true)
        #expect(schema.attribute(named: "badges")?.subAttribute(named: "VALUE")?.caseExact == true)
        #expect(try Schema(json: schema.jsonValue) == schema)
    }

    // MARK: Malformed definitions

    @Test(
        arguments: [
            (JSONValue.array([]), "must be a JSON object"),
            (["attributes": []], "needs an \"id\" that is a URN"),
            (["id": "User", "attributes": []], "needs an \"id\" that is a URN"),
            (["id": 7, "attributes": []], "needs an \"id\" that is a URN"),
            (["id": "urn:x:y"], "needs an \"attributes\" array"),
            (["id": "urn:x:y", "attributes": ["a"]], "every attribute needs a \"name\""),
            (["id": "urn:x:y", "attributes": [["type": "string"]]], "every attribute needs a \"name\""),
            (["id": "urn:x:y", "attributes": [["name": "", "type": "string"]]], "every attribute needs a \"name\""),
            (["id": "urn:x:y", "attributes": [["name": "a"]]], "urn:x:y:a: the attribute needs a \"type\""),
            (
                ["id": "urn:x:y", "attributes": [["name": "a", "type": "text"]]],
                "urn:x:y:a: \"type\" has the unknown value \"text\""
            ),
            (["id": "urn:x:y", "attributes": [["name": "a", "type": "String"]]], "\"type\" has the unknown value"),
            (
                ["id": "urn:x:y", "attributes": [["name": "a", "type": "string", "mutability": "readonly"]]],
                "\"mutability\""
            ),
            (
                ["id": "urn:x:y", "attributes": [["name": "a", "type": "string", "returned": "sometimes"]]],
                "\"returned\""
            ),
            (["id": "urn:x:y", "attributes": [["name": "a", "type": "string", "uniqueness": 1]]], "\"uniqueness\""),
            (
                ["id": "urn:x:y", "attributes": [["name": "a", "type": "string", "multiValued": "true"]]],
                "urn:x:y:a: \"multiValued\" must be a boolean"
            ),
            (
                ["id": "urn:x:y", "attributes": [["name": "a", "type": "string", "canonicalValues": [1]]]],
                "\"canonicalValues\" must be an array of strings"
            ),
            (
                ["id": "urn:x:y", "attributes": [["name": "a", "type": "reference", "referenceTypes": "User"]]],
                "\"referenceTypes\" must be an array of strings"
            ),
            (
                ["id": "urn:x:y", "attributes": [["name": "a", "type": "complex"]]],
                "a complex attribute needs \"subAttributes\""
            ),
            (
                ["id": "urn:x:y", "attributes": [["name": "a", "type": "complex", "subAttributes": []]]],
                "a complex attribute needs \"subAttributes\""
            ),
            (
                [
                    "id": "urn:x:y",
                    "attributes": [
                        [
                            "name": "a", "type": "complex",
                            "subAttributes": [
                                ["name": "b", "type": "complex", "subAttributes": [["name": "c", "type": "string"]]]
                            ],
                        ]
                    ],
                ],
                "urn:x:y:a:b: sub-attributes cannot be complex"
            ),
            (
                ["id": "urn:x:y", "attributes": [["name": "a", "type": "complex", "subAttributes": [["name": "b"]]]]],
                "urn:x:y:a:b: the attribute needs a \"type\""
            ),
            (
                [
                    "id": "urn:x:y",
                    "attributes": [
                        ["name": "a", "type": "complex", "subAttributes": [["name": "b", "type": "complex"]]]
                    ],
                ],
                "urn:x:y:a:b: sub-attributes cannot be complex"
            ),
            (
                [
                    "id": "urn:x:y",
                    "attributes": [
                        ["name": "a", "type": "complex", "subAttributes": ["name": "b", "type": "string"]]
                    ],
                ],
                "urn:x:y:a: \"subAttributes\" must be an array"
            ),
            (
                [
                    "id": "urn:x:y",
                    "attributes": [
                        ["name": "a", "type": "string", "subAttributes": [["name": "b", "type": "string"]]]
                    ],
                ],
                "urn:x:y:a: only complex attributes have \"subAttributes\"; this one is string"
            ),
        ] as [(JSONValue, String)])
    func malformedDefinitionsNameTheAttributeAndTheProblem(_ json: JSONValue, _ expected: String) throws {
        let error = try #require(throws: SCIMError.self) { try Schema(json: json) }
        #expect(error.status == 400)
        #expect(error.scimType == .invalidValue)
        #expect(error.detail.contains(expected), "\(error.detail)")
    }

    @Test(arguments: ["first name", "a.b", "urn:x", "1st", "$", "naïve", "a[b]"])
    func attributeNamesOutsideTheATTRNAMEGrammarAreRejected(_ name: String) throws {
        let json: JSONValue = ["id": "urn:x:y", "attributes": [["name": .string(name), "type": "string"]]]
        let error = try #require(throws: SCIMError.self) { try Schema(json: json) }
        #expect(error.detail.contains(name))
    }

    @Test func attributeNamesDifferingOnlyInCaseAreRejected() throws {
        let json: JSONValue = [
            "id": "urn:x:y",
            "attributes": [["name": "badge", "type": "string"], ["name": "Badge", "type": "integer"]],
        ]
        let error = try #require(throws: SCIMError.self) { try Schema(json: json) }
        #expect(error.detail.contains("Badge"))
        let subAttributes: JSONValue = [
            "id": "urn:x:y",
            "attributes": [
                [
                    "name": "a", "type": "complex",
                    "subAttributes": [["name": "value", "type": "string"], ["name": "VALUE", "type": "string"]],
                ]
            ],
        ]
        #expect(throws: SCIMError.self) { try Schema(json: subAttributes) }
    }

    @Test func anEmptySubAttributeListOnASimpleAttributeIsTolerated() throws {
        let schema = try Schema(json: [
            "id": "urn:x:y", "attributes": [["name": "a", "type": "string", "subAttributes": []]],
        ])
        #expect(schema.attribute(named: "a")?.subAttributes == [])
    }

    @Test func dollarRefIsAValidAttributeName() throws {
        let schema = try Schema(json: [
            "id": "urn:x:y",
            "attributes": [
                ["name": "owner", "type": "complex", "subAttributes": [["name": "$ref", "type": "reference"]]]
            ],
        ])
        #expect(schema.attribute(named: "owner")?.subAttribute(named: "$REF")?.type == .reference)
    }

    // MARK: The core definitions (RFC 7643 §4, §8.7.1)

    @Test func coreUserCharacteristicsFollowTheRFC() throws {
        let user = Schema.user
        #expect(user.attribute(named: "userName")?.required == true)
        #expect(user.attribute(named: "userName")?.caseExact == false)
        #expect(user.attribute(named: "userName")?.uniqueness == .server)
        #expect(user.attribute(named: "groups")?.mutability == .readOnly)
        #expect(user.attribute(named: "password")?.returned == .never)
        #expect(user.attribute(named: "active")?.type == .boolean)
        #expect(user.attribute(named: "profileUrl")?.type == .reference)
        #expect(user.attribute(named: "x509Certificates")?.subAttribute(named: "value")?.type == .binary)
        // Binary is case-exact (RFC 7643 §2.3.6; erratum 6000 to §8.7.1).
        #expect(user.attribute(named: "x509Certificates")?.subAttribute(named: "value")?.caseExact == true)
        #expect(user.attribute(named: "emails")?.hasPrimary == true)
        #expect(user.attribute(named: "addresses")?.hasPrimary == true)
        #expect(user.attribute(named: "name")?.hasPrimary == false)
        #expect(Schema.group.attribute(named: "members")?.subAttribute(named: "value")?.mutability == .immutable)
        #expect(
            Schema.enterpriseUser.attribute(named: "manager")?.subAttribute(named: "displayName")?.mutability
                == .readOnly)
        #expect(CommonAttributes.id.caseExact && CommonAttributes.id.mutability == .readOnly)
        #expect(CommonAttributes.externalId.caseExact)
        for schema in [Schema.user, Schema.group, Schema.enterpriseUser] {
            for attribute in schema.attributes {
                #expect(AttributePath.isValidName(attribute.name))
                #expect(attribute.type == .complex ? !attribute.subAttributes.isEmpty : attribute.subAttributes.isEmpty)
                for sub in attribute.subAttributes { #expect(sub.type != .complex) }
            }
        }
    }

    // MARK: ResourceType.resolve

    @Test(arguments: [
        ("userName", "userName"),
        ("USERNAME", "userName"),
        ("username", "userName"),
        ("name.givenName", "name.givenName"),
        ("NAME.GIVENNAME", "name.givenName"),
        ("emails.value", "emails.value"),
        ("Emails.Type", "emails.type"),
        ("id", "id"),
        ("ID", "id"),
        ("externalid", "externalId"),
        ("meta.lastModified", "meta.lastModified"),
        ("META.LASTMODIFIED", "meta.lastModified"),
        ("schemas", "schemas"),
        ("groups.$ref", "groups.$ref"),
        ("urn:ietf:params:scim:schemas:core:2.0:User:userName", "userName"),
        ("URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER:name.familyName", "name.familyName"),
        ("urn:ietf:params:scim:schemas:core:2.0:User:meta.created", "meta.created"),
        (
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department"
        ),
        (
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:user:MANAGER.VALUE",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value"
        ),
        (
            "Urn:Ietf:Params:Scim:Schemas:Extension:Enterprise:2.0:User:manager.$ref",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.$ref"
        ),
    ])
    func resolveFindsTheCanonicalPathInAnyCase(_ text: String, _ canonical: String) throws {
        let path = try AttributePath(parsing: text)
        let location = try #require(ResourceType.user.resolve(path))
        #expect(location.path.description == canonical)
    }

    @Test func resolvedLocationsCarryTheirDefinitions() throws {
        let manager = try #require(
            ResourceType.user.resolve(
                AttributePath(parsing: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value")))
        #expect(manager.extensionURN == Schema.enterpriseUserURN)
        #expect(manager.attribute.name == "manager")
        #expect(manager.leaf.name == "value")
        let userName = try #require(ResourceType.user.resolve(AttributePath(attribute: "userName")))
        #expect(userName.extensionURN == nil && userName.subAttribute == nil && userName.leaf.name == "userName")
    }

    @Test(arguments: [
        "department",  // extension attributes need their URN
        "name.nickName", "userName.value", "emails.foo", "members",
        "urn:ietf:params:scim:schemas:core:2.0:Group:displayName",
        "urn:example:unknown:2.0:User:userName", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:userName",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.familyName",
    ])
    func resolveRejectsPathsNoSchemaDefines(_ text: String) throws {
        #expect(ResourceType.user.resolve(try AttributePath(parsing: text)) == nil)
    }

    @Test func groupResolvesItsOwnAttributesOnly() throws {
        #expect(
            ResourceType.group.resolve(try AttributePath(parsing: "members.value"))?.path.description == "members.value"
        )
        #expect(
            ResourceType.group.resolve(try AttributePath(parsing: "DISPLAYNAME"))?.path.description == "displayName")
        #expect(ResourceType.group.resolve(try AttributePath(parsing: "userName")) == nil)
    }

    @Test func extensionNamedAsAWholeIsFound() throws {
        let path = try AttributePath(parsing: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:user")
        #expect(ResourceType.user.extensionNamed(by: path)?.id == Schema.enterpriseUserURN)
        #expect(ResourceType.user.extensionNamed(by: try AttributePath(parsing: "userName")) == nil)
        #expect(ResourceType.group.extensionNamed(by: path) == nil)
    }

    // MARK: AttributePath syntax

    @Test func attributePathsParseIntoTheirParts() throws {
        let qualified = try AttributePath(
            parsing: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value")
        #expect(qualified.schemaURN == "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")
        #expect(qualified.attribute == "manager")
        #expect(qualified.subAttribute == "value")
        #expect(qualified.parent.description == "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager")
        #expect(
            try AttributePath(parsing: "name.givenName") == AttributePath(attribute: "name", subAttribute: "givenName"))
    }

    @Test(arguments: [
        "", ".", "name.", ".name", "name..x", "name.given.x", "1abc", "a b", "a-b.c d", "urn:x:", "urn:x:y:1a",
        "emails[type", "é", "a:b",
    ])
    func malformedAttributePathsAreInvalidPath(_ text: String) throws {
        let error = try #require(throws: SCIMError.self) { try AttributePath(parsing: text) }
        #expect(error.scimType == .invalidPath)
    }

    // MARK: SchemaRegistry

    @Test func standardRegistryListsCoreSchemasThenExtensions() {
        let registry = SchemaRegistry.standard
        #expect(registry.schemas.map(\.id) == [Schema.userURN, Schema.groupURN, Schema.enterpriseUserURN])
        #expect(registry.user.name == "User" && registry.group.name == "Group")
        #expect(registry.resourceType(named: "users") == nil)
        #expect(registry.resourceType(named: "USER")?.endpoint == "/Users")
        #expect(registry.schema(urn: Schema.enterpriseUserURN.uppercased())?.name == "EnterpriseUser")
    }

    @Test func addExtensionPicksTheResourceTypeFromTheURN() throws {
        var registry = SchemaRegistry.standard
        try registry.addExtension(Schema(id: "urn:example:ext:2.0:Group", name: "G", description: "", attributes: []))
        try registry.addExtension(Schema(id: "urn:example:ext:2.0:Thing", name: "T", description: "", attributes: []))
        try registry.addExtension(
            Schema(id: "urn:example:other:2.0:User", name: "O", description: ""),
            to: "group", required: true)
        #expect(
            registry.group.extensions.map(\.schema.id) == ["urn:example:ext:2.0:Group", "urn:example:other:2.0:User"])
        #expect(registry.group.extensions.last?.required == true)
        #expect(registry.user.extensions.map(\.schema.id) == [Schema.enterpriseUserURN, "urn:example:ext:2.0:Thing"])
    }

    @Test func addingAnExtensionAgainReplacesIt() throws {
        var registry = SchemaRegistry.standard
        let first = Schema(id: "urn:example:ext:2.0:User", name: "v1", description: "", attributes: [])
        try registry.addExtension(first)
        try registry.addExtension(Schema(id: "URN:EXAMPLE:EXT:2.0:USER", name: "v2", description: "", attributes: []))
        #expect(registry.user.extensions.count == 2)
        #expect(registry.user.extensions.last?.schema.name == "v2")
        #expect(registry.schemas.count == 4)
    }

    @Test func coreSchemasCannotBeRedefinedAndUnknownTypesCannotBeExtended() throws {
        var registry = SchemaRegistry.standard
        let core = try #require(throws: SCIMError.self) { try registry.addExtension(Schema.user) }
        #expect(core.detail.contains("core schema"))
        let unknown = try #require(throws: SCIMError.self) {
            try registry.addExtension(Schema(id: "urn:x:y", name: "", description: "", attributes: []), to: "Device")
        }
        #expect(unknown.detail.contains("Device"))
        #expect(registry == .standard)
    }

    @Test func resourceTypeRepresentationListsExtensions() {
        let json = ResourceType.user.jsonValue
        #expect(json["id"] == "User" && json["endpoint"] == "/Users")
        #expect(json["schema"] == .string(Schema.userURN))
        #expect(json["schemaExtensions"] == [["schema": .string(Schema.enterpriseUserURN), "required": false]])
        #expect(ResourceType.group.jsonValue["schemaExtensions"] == [])
    }
}

private extension Schema {
    init(id: String, name: String, description: String) {
        self.init(id: id, name: name, description: description, attributes: [])
    }
}

extension SchemaTests {
    @Test func pathEqualityIsTextualWhileResolutionIgnoresCase() throws {
        let lower = try AttributePath(parsing: "name.givenName")
        let upper = try AttributePath(parsing: "NAME.GIVENNAME")
        #expect(lower != upper)
        #expect(ResourceType.user.resolve(lower) == ResourceType.user.resolve(upper))
        #expect(ResourceType.user.resolve(upper)?.path == lower)
    }
}
