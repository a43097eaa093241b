import PropertyBased
import Testing

@testable import SCIM

/// `AttributeProjection`: `attributes`, `excludedAttributes` and the `returned` rules (RFC 7643 §7; RFC 7644
/// §3.4.2.5, §3.9).
@Suite struct QueryProjectionTests {
    private static let enterprise = Schema.enterpriseUserURN
    private static let test = QueryFixtures.testExtensionURN

    /// A user with a bit of everything, including `password` and `returned: request`/`never` extension attributes.
    private static let bjensen = QueryFixtures.user(
        "2819c223", "bjensen",
        [
            "externalId": "701984",
            "name": ["givenName": "Barbara", "familyName": "Jensen", "formatted": "Ms. Barbara J Jensen III"],
            "displayName": "Babs Jensen",
            "active": true,
            "password": "t1meMa$heen",
            "emails": [
                ["value": "bjensen@example.com", "type": "work", "primary": true],
                ["value": "babs@jensen.org", "type": "home"],
                ["type": "other"],
            ],
            "groups": [],
            enterprise: [
                "employeeNumber": "701984", "department": "Tour Operations", "manager": ["value": "26118915"],
            ],
            test: [
                "level": 3, "secretNote": "likes tea", "pin": "1234",
                "badge": ["number": "B-1", "code": "x9", "issuer": "HQ"],
            ],
        ])

    private func project(
        attributes: [String] = [], excluded: [String] = [], _ resource: JSONObject = bjensen,
        _ resourceType: ResourceType = QueryFixtures.userType
    ) throws -> JSONObject {
        try AttributeSelection(attributes: attributes, excludedAttributes: excluded).projection(for: resourceType)
            .apply(to: resource)
    }

    @Test func theDefaultSetDropsNeverAndRequestAttributesOnly() throws {
        let output = try project()
        var expected = Self.bjensen
        expected["password"] = nil
        expected[Self.test] = ["level": 3, "badge": ["number": "B-1"]]
        #expect(output == expected)
    }

    @Test func attributesReturnTheNamedPlusTheAlwaysAttributes() throws {
        #expect(
            try project(attributes: ["userName"]) == [
                "id": "2819c223", "schemas": [.string(Schema.userURN)], "userName": "bjensen",
            ])
        #expect(
            try project(attributes: ["displayName", "active"]).keys.sorted() == [
                "active", "displayName", "id", "schemas",
            ])
    }

    @Test func attributeNamesAreCaseInsensitiveAndMayBeQualifiedWithTheCoreURN() throws {
        let output = try project(attributes: ["USERNAME", "urn:ietf:params:scim:schemas:core:2.0:User:displayName"])
        #expect(output["userName"] == "bjensen")
        #expect(output["displayName"] == "Babs Jensen")
        #expect(output.count == 4)
    }

    @Test func aSubAttributeKeepsItsParentWithOnlyThatSubAttribute() throws {
        #expect(try project(attributes: ["name.givenName"])["name"] == ["givenName": "Barbara"])
        #expect(try project(attributes: ["name.givenName", "name"])["name"] == Self.bjensen["name"])
    }

    @Test func aSubAttributeOfAMultiValuedAttributeIsProjectedInEveryElement() throws {
        // The third email has no value, so projecting it leaves nothing and it is dropped.
        #expect(
            try project(attributes: ["emails.value"])["emails"] == [
                ["value": "bjensen@example.com"], ["value": "babs@jensen.org"],
            ])
        #expect(
            try project(attributes: ["Emails.Type", "emails.primary"])["emails"] == [
                ["type": "work", "primary": true], ["type": "home"], ["type": "other"],
            ])
    }

    @Test func aProjectionThatEmptiesAValueDropsIt() throws {
        let user = QueryFixtures.user("1", "u", ["name": ["familyName": "Jensen"], "emails": [["type": "work"]]])
        let output = try project(attributes: ["name.givenName", "emails.value"], user)
        #expect(output["name"] == nil)
        #expect(output["emails"] == nil)
        #expect(try project(excluded: ["name.familyName"], user)["name"] == nil)
    }

    @Test func emptyValuesThatWereStoredStayAsTheyAre() throws {
        #expect(try project()["groups"] == .array([]))
    }

    @Test func extensionAttributesAreNamedByTheirURN() throws {
        let department = try project(attributes: ["\(Self.enterprise):department"])
        #expect(department[Self.enterprise] == ["department": "Tour Operations"])
        #expect(department["userName"] == nil)
        let manager = try project(attributes: ["\(Self.enterprise.uppercased()):manager.value"])
        #expect(manager[Self.enterprise] == ["manager": ["value": "26118915"]])
    }

    @Test func aWholeExtensionIsNamedByItsURNAlone() throws {
        #expect(try project(attributes: [Self.enterprise])[Self.enterprise] == Self.bjensen[Self.enterprise])
        let excluded = try project(excluded: [Self.enterprise])
        #expect(excluded[Self.enterprise] == nil)
        #expect(excluded["userName"] == "bjensen")
    }

    @Test func excludedAttributesRemoveDefaultAttributesOnly() throws {
        let output = try project(excluded: ["emails", "name.givenName", "meta", "id", "schemas", "password"])
        #expect(output["emails"] == nil)
        #expect(output["meta"] == nil)
        #expect(output["name"] == ["familyName": "Jensen", "formatted": "Ms. Barbara J Jensen III"])
        #expect(output["id"] == "2819c223")
        #expect(output["schemas"] == [.string(Schema.userURN)])
        #expect(output["password"] == nil)
        #expect(output["userName"] == "bjensen")
    }

    @Test func excludingMembersKeepsTheRestOfTheGroup() throws {
        let group: JSONObject = [
            "id": "e9e30dba", "schemas": [.string(Schema.groupURN)], "displayName": "Tour Guides",
            "members": [["value": "2819c223", "display": "Babs Jensen"]], "meta": ["resourceType": "Group"],
        ]
        var expected = group
        expected["members"] = nil
        #expect(try project(excluded: ["members"], group, .group) == expected)
        #expect(try project(excluded: ["MEMBERS"], group, .group) == expected)
        #expect(try project(attributes: ["members.value"], group, .group)["members"] == [["value": "2819c223"]])
    }

    @Test func requestAttributesAppearOnlyWhenNamedThemselves() throws {
        #expect(try project()[Self.test]?["secretNote"] == nil)
        #expect(try project(attributes: ["\(Self.test):secretNote"])[Self.test] == ["secretNote": "likes tea"])
        // Naming the whole extension (or the parent) returns what is returned by default, not `request` attributes.
        #expect(try project(attributes: [Self.test])[Self.test] == ["level": 3, "badge": ["number": "B-1"]])
        #expect(try project(attributes: ["\(Self.test):badge"])[Self.test] == ["badge": ["number": "B-1"]])
        #expect(try project(attributes: ["\(Self.test):badge.issuer"])[Self.test] == ["badge": ["issuer": "HQ"]])
        #expect(try project(excluded: ["userName"])[Self.test]?["secretNote"] == nil)
    }

    @Test func neverAttributesAreNeverReturnedEvenWhenNamed() throws {
        let output = try project(attributes: ["password", "\(Self.test):pin", "\(Self.test):badge.code", "userName"])
        #expect(output["password"] == nil)
        #expect(output[Self.test] == nil)
        #expect(output["userName"] == "bjensen")
    }

    @Test func unknownNamesAreIgnored() throws {
        #expect(
            try project(attributes: ["shoeSize", "urn:example:unknown:Thing:x", "name.nickname"]) == [
                "id": "2819c223", "schemas": [.string(Schema.userURN)],
            ])
        #expect(try project(excluded: ["shoeSize"]) == (try project()))
    }

    @Test(arguments: [#"emails[type eq "work"]"#, "name.", "1abc", "urn:"])
    func namesThatAreNoAttributePathsAreRefused(name: String) {
        do {
            _ = try AttributeSelection(attributes: [name])
            Issue.record("\(name) was accepted")
        } catch {
            #expect(error.status == 400)
            #expect(error.scimType == .invalidPath)
        }
    }

    @Test func metaSubAttributesCanBeSelected() throws {
        var user = Self.bjensen
        user["meta"] = ["resourceType": "User", "location": "https://example.com/v2/Users/2819c223"]
        #expect(
            try project(attributes: ["meta.location"], user)["meta"] == [
                "location": "https://example.com/v2/Users/2819c223"
            ])
        #expect(try project(excluded: ["meta.location"], user)["meta"] == ["resourceType": "User"])
    }

    @Test func membersNoSchemaDeclaresAreNotReturned() throws {
        var user = Self.bjensen
        user["shoeSize"] = 42
        user["name"] = ["givenName": "Barbara", "nonsense": true]
        user["urn:example:unknown:2.0:User"] = ["x": 1]
        let output = try project(user)
        #expect(output["shoeSize"] == nil)
        #expect(output["name"] == ["givenName": "Barbara"])
        #expect(output["urn:example:unknown:2.0:User"] == nil)
    }

    @Test func singleResourceResponsesUseTheSameProjection() throws {
        let selection = try AttributeSelection(queryParameters: [("attributes", "userName")])
        let projected = selection.projection(for: QueryFixtures.userType).apply(to: Self.bjensen)
        #expect(projected.keys.sorted() == ["id", "schemas", "userName"])
    }

    // MARK: Properties

    private static let namePool: [String] = [
        "password", "PASSWORD", "id", "schemas", "userName", "name", "name.givenName", "emails", "emails.value",
        "meta", "meta.version", "groups", "shoeSize", enterprise, "\(enterprise):department", test, "\(test):pin",
        "\(test):secretNote", "\(test):badge.code", "urn:ietf:params:scim:schemas:core:2.0:User:password",
    ]

    @Test func noProjectionEverReturnsPasswordAndEveryProjectionReturnsIdAndSchemas() async {
        let names = Gen.int(in: 0...(Self.namePool.count - 1)).map { Self.namePool[$0] }.array(of: 0...6)
        let mode = Gen.int(in: 0...2)
        let passwords = Gen.letterOrNumber.string(of: 0...12)
        await propertyCheck(count: 300, input: names, mode, passwords) { names, mode, password in
            var resource = Self.bjensen
            resource["password"] = .string(password)
            let selection: AttributeSelection
            switch mode {
            case 0: selection = .default
            case 1: selection = .attributes(names.map { try! AttributePath(parsing: $0) })
            default: selection = .excludedAttributes(names.map { try! AttributePath(parsing: $0) })
            }
            for resourceType in [QueryFixtures.userType, ResourceType.user] {
                let output = selection.projection(for: resourceType).apply(to: resource)
                #expect(!Self.containsMember(named: "password", in: .object(output)))
                #expect(output["id"] == "2819c223")
                #expect(output["schemas"] == resource["schemas"])
                #expect(output[Self.test]?["pin"] == nil)
            }
        }
    }

    private static func containsMember(named name: String, in value: JSONValue) -> Bool {
        switch value {
        case .object(let members):
            return members.contains { $0.key.caseInsensitiveEquals(name) || containsMember(named: name, in: $0.value) }
        case .array(let elements):
            return elements.contains { containsMember(named: name, in: $0) }
        default:
            return false
        }
    }
}
