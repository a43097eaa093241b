import Foundation
import PropertyBased
import Testing

@testable import SCIM

/// Shared helpers for validator tests.
enum ValidationSupport {
    static let acmeURN = "urn:example:params:scim:schemas:extension:acme:2.0:User"

    /// The standard registry plus the Acme extension of `Fixtures/acme-extension-schema.json` on User.
    static func acmeRegistry() throws -> SchemaRegistry {
        var registry = SchemaRegistry.standard
        try registry.addExtension(Schema(json: fixture("acme-extension-schema.json")))
        return registry
    }

    static func object(_ text: String) throws -> JSONObject {
        try #require(try JSONParser().parse(text).objectValue)
    }
}

/// `ResourceValidator`: the canonical stored form, and a 400 that names the attribute for everything else.
@Suite struct ValidationTests {
    let users = ResourceValidator(resourceType: .user)
    let groups = ResourceValidator(resourceType: .group)

    func create(_ text: String, _ validator: ResourceValidator? = nil) throws -> JSONObject {
        try (validator ?? users).validate(ValidationSupport.object(text), mode: .create)
    }

    func createError(_ text: String, _ validator: ResourceValidator? = nil) throws -> SCIMError {
        let input = try ValidationSupport.object(text)
        return try #require(throws: SCIMError.self) { try (validator ?? users).validate(input, mode: .create) }
    }

    // MARK: Required attributes

    @Test(arguments: [#"{}"#, #"{"userName": null}"#, #"{"userName": ""}"#, #"{"displayName": "B"}"#])
    func userNameIsRequired(_ text: String) throws {
        let error = try createError(text)
        #expect(error.status == 400)
        #expect(error.scimType == .invalidValue)
        #expect(error.detail.contains("userName is required"))
    }

    @Test func groupDisplayNameIsRequired() throws {
        let error = try createError(#"{"members": []}"#, groups)
        #expect(error.detail.contains("displayName is required"))
        #expect(
            try create(#"{"displayName": "Admins"}"#, groups) == [
                "displayName": "Admins", "schemas": [.string(Schema.groupURN)],
            ])
    }

    @Test func requiredAttributesOfAnAbsentOptionalExtensionAreNotDemanded() throws {
        var registry = SchemaRegistry.standard
        try registry.addExtension(
            Schema(json: [
                "id": "urn:example:cost:2.0:User",
                "attributes": [
                    ["name": "costCode", "type": "string", "required": true], ["name": "region", "type": "string"],
                ],
            ]))
        let validator = ResourceValidator(resourceType: registry.user)
        #expect(try create(#"{"userName": "a"}"#, validator)["schemas"] == [.string(Schema.userURN)])
        // Only null inside: the extension is not used, so nothing is missing.
        let onlyNull = try create(#"{"userName": "a", "urn:example:cost:2.0:User": {"costCode": null}}"#, validator)
        #expect(onlyNull["schemas"] == [.string(Schema.userURN)])
        let error = try createError(#"{"userName": "a", "urn:example:cost:2.0:User": {"region": "EU"}}"#, validator)
        #expect(error.detail.contains("costCode is required"))
        let present = try create(#"{"userName": "a", "urn:example:cost:2.0:User": {"costCode": "C1"}}"#, validator)
        #expect(present["urn:example:cost:2.0:User"] == ["costCode": "C1"])
    }

    @Test func aRequiredExtensionMustBePresent() throws {
        var registry = SchemaRegistry.standard
        try registry.addExtension(
            Schema(json: ["id": "urn:example:cost:2.0:User", "attributes": [["name": "costCode", "type": "string"]]]),
            required: true)
        let validator = ResourceValidator(resourceType: registry.user)
        let error = try createError(#"{"userName": "a"}"#, validator)
        #expect(error.detail.contains("urn:example:cost:2.0:User"))
    }

    // MARK: Types

    @Test func stringsAndReferencesMustBeStrings() throws {
        #expect(try createError(#"{"userName": 5}"#).detail == "userName must be a string, not integer 5")
        #expect(try createError(#"{"userName": "a", "title": true}"#).detail.contains("title must be a string"))
        #expect(
            try createError(#"{"userName": "a", "profileUrl": {}}"#).detail.contains(
                "profileUrl must be a URI string, not object"))
        #expect(try create(#"{"userName": "a", "profileUrl": "../Users/x"}"#)["profileUrl"] == "../Users/x")
    }

    @Test func entraStringFalseIsStoredAsBoolean() throws {
        #expect(try create(#"{"userName": "a", "active": "False"}"#)["active"] == false)
    }

    @Test(arguments: [
        ("True", true), ("true", true), ("TRUE", true), ("False", false), ("false", false), ("fALSE", false),
    ])
    func booleanStringsBecomeJSONBooleans(_ text: String, _ expected: Bool) throws {
        let output = try create(
            #"{"userName": "a", "active": "\#(text)", "emails": [{"value": "a@b.c", "primary": "\#(text)"}]}"#)
        #expect(output["active"] == .bool(expected))
        #expect(output["emails"]?.arrayValue?.first?["primary"] == .bool(expected))
    }

    @Test(arguments: [#""yes""#, "1", "0", "1.0", #""""#, "[true]", #"" true""#, #""t""#, #"{"value": true}"#])
    func otherValuesAreNotBooleans(_ literal: String) throws {
        let error = try createError(#"{"userName": "a", "active": \#(literal)}"#)
        #expect(error.detail.contains("active must be a boolean"))
    }

    @Test func numbersDateTimesAndBinaryFromACustomExtension() throws {
        let validator = ResourceValidator(resourceType: try ValidationSupport.acmeRegistry().user)
        let acme = ValidationSupport.acmeURN
        let output = try create(
            #"{"userName": "a", "\#(acme)": {"level": 3, "score": 2.5, "hired": "2020-02-29T09:00:00+01:00", "avatar": "aGVsbG8=", "isManager": "True", "homepage": "https://example.com/a"}}"#,
            validator)
        #expect(
            output[acme] == [
                "level": 3, "score": 2.5, "hired": "2020-02-29T09:00:00+01:00", "avatar": "aGVsbG8=", "isManager": true,
                "homepage": "https://example.com/a",
            ])
        #expect(output["schemas"] == [.string(Schema.userURN), .string(acme)])
        // A whole number is a valid decimal and keeps its integer spelling.
        #expect(try create(#"{"userName": "a", "\#(acme)": {"score": 3}}"#, validator)[acme]?["score"] == .integer(3))

        let cases: [(String, String)] = [
            (#""level": 1.5"#, "level must be an integer, not decimal 1.5"),
            (#""level": 1.0"#, "level must be an integer"),
            (#""level": "3""#, "level must be an integer, not string \"3\""),
            (#""score": "2.5""#, "score must be a number"),
            (#""hired": "yesterday""#, "hired must be a dateTime"),
            (#""hired": "2021-02-29T00:00:00Z""#, "hired must be a dateTime"),
            (#""hired": 1700000000"#, "hired must be a dateTime"),
            (#""avatar": "not base64!""#, "avatar must be base64-encoded binary"),
            (#""avatar": "aGVsbG8""#, "avatar must be base64-encoded binary"),
            (#""isManager": "maybe""#, "isManager must be a boolean"),
            (#""homepage": 7"#, "homepage must be a URI string"),
            (#""sponsor": 7"#, "sponsor must be an object"),
            (#""sponsor": {"since": "soon"}"#, "sponsor.since must be a dateTime"),
        ]
        for (member, expected) in cases {
            let error = try createError(#"{"userName": "a", "\#(acme)": {\#(member)}}"#, validator)
            #expect(error.status == 400 && error.scimType == .invalidValue)
            #expect(error.detail.contains(expected), "\(member) → \(error.detail)")
            #expect(error.detail.contains("\(acme):"), "the detail names the qualified attribute: \(error.detail)")
        }
    }

    @Test func complexAttributesNeedObjects() throws {
        #expect(
            try createError(#"{"userName": "a", "name": "Barbara"}"#).detail.contains(
                "name must be an object, not string"))
        #expect(
            try createError(#"{"userName": "a", "name": [{"givenName": "B"}]}"#).detail.contains(
                "name must be an object, not array"))
        #expect(try createError(#"{"userName": "a", "emails": [5]}"#).detail.contains("emails[0] must be an object"))
        #expect(try createError(#"{"userName": "a", "emails": [[{"value": "x"}]]}"#).detail.contains("emails[0]"))
        #expect(
            try createError(#"{"userName": "a", "emails": [{"value": "x"}, {"value": 3}]}"#).detail.contains(
                "emails[1].value"))
    }

    // MARK: Read-only and write-only attributes

    @Test func readOnlyAttributesAreIgnoredOnInputWhateverTheirShape() throws {
        let output = try create(
            #"{"userName": "a", "id": "chosen-by-client", "meta": {"created": "x"}, "groups": 5, "ID": 3, "Meta": []}"#)
        #expect(output == ["userName": "a", "schemas": [.string(Schema.userURN)]])
    }

    @Test func passwordIsAcceptedButNeverInTheOutput() throws {
        let output = try create(#"{"userName": "a", "password": "t1meMa$heen"}"#)
        #expect(output["password"] == nil)
        #expect(!JSONWriter.compact.string(.object(output)).contains("t1meMa"))
        #expect(try create(#"{"userName": "a", "PASSWORD": "x"}"#)["PASSWORD"] == nil)
    }

    @Test func aMistypedPasswordIsRejectedWithoutEchoingIt() throws {
        for literal in ["123456789", "true", #"["s3cret-value"]"#, #"{"p": "s3cret-value"}"#] {
            let error = try createError(#"{"userName": "a", "password": \#(literal)}"#)
            #expect(error.status == 400)
            #expect(error.detail.contains("password"))
            #expect(!error.detail.contains("123456789") && !error.detail.contains("s3cret"), "\(error.detail)")
        }
    }

    @Test func writeOnlyExtensionAttributesAreDroppedToo() throws {
        let validator = ResourceValidator(resourceType: try ValidationSupport.acmeRegistry().user)
        let output = try create(#"{"userName": "a", "\#(ValidationSupport.acmeURN)": {"pin": "1234"}}"#, validator)
        #expect(output[ValidationSupport.acmeURN] == nil)
        #expect(output["schemas"] == [.string(Schema.userURN)])
    }

    @Test func managerDisplayNameIsReadOnly() throws {
        let output = try create(
            #"{"userName": "a", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"manager": {"value": "m", "displayName": "Boss"}}}"#
        )
        #expect(output[Schema.enterpriseUserURN] == ["manager": ["value": "m"]])
    }

    // MARK: Immutable attributes

    @Test func immutableAttributesCannotChangeOnReplaceOrPatch() throws {
        let validator = ResourceValidator(resourceType: try ValidationSupport.acmeRegistry().user)
        let acme = ValidationSupport.acmeURN
        let existing = try create(#"{"userName": "a", "\#(acme)": {"badgeNumber": "B-1"}}"#, validator)

        let changed = try ValidationSupport.object(#"{"userName": "a", "\#(acme)": {"badgeNumber": "B-2"}}"#)
        for mode in [ResourceValidator.Mode.replace(existing: existing), .patch(original: existing)] {
            let error = try #require(throws: SCIMError.self) { try validator.validate(changed, mode: mode) }
            #expect(error.status == 400)
            #expect(error.scimType == .mutability)
            #expect(error.detail.contains("badgeNumber"))
        }
        // Case counts: the attribute is caseExact.
        let recased = try ValidationSupport.object(#"{"userName": "a", "\#(acme)": {"badgeNumber": "b-1"}}"#)
        #expect(throws: SCIMError.self) { try validator.validate(recased, mode: .replace(existing: existing)) }

        // The same value again is fine.
        let same = try ValidationSupport.object(#"{"userName": "A", "\#(acme)": {"badgeNumber": "B-1"}}"#)
        #expect(try validator.validate(same, mode: .replace(existing: existing))[acme] == ["badgeNumber": "B-1"])

        // PUT without it keeps it (RFC 7644 §3.5.1); a PATCH that removes it is a change.
        let omitted = try ValidationSupport.object(#"{"userName": "a", "title": "T"}"#)
        let replaced = try validator.validate(omitted, mode: .replace(existing: existing))
        #expect(replaced[acme] == ["badgeNumber": "B-1"])
        #expect(replaced["schemas"] == [.string(Schema.userURN), .string(acme)])
        let removal = try #require(throws: SCIMError.self) {
            try validator.validate(omitted, mode: .patch(original: existing))
        }
        #expect(removal.scimType == .mutability)
    }

    @Test func immutableAttributesMayBeSetWhenTheyHadNoValue() throws {
        let validator = ResourceValidator(resourceType: try ValidationSupport.acmeRegistry().user)
        let existing = try create(#"{"userName": "a"}"#, validator)
        let input = try ValidationSupport.object(
            #"{"userName": "a", "\#(ValidationSupport.acmeURN)": {"badgeNumber": "B-9"}}"#)
        #expect(
            try validator.validate(input, mode: .patch(original: existing))[ValidationSupport.acmeURN] == [
                "badgeNumber": "B-9"
            ])
        #expect(try validator.validate(input, mode: .create)[ValidationSupport.acmeURN] == ["badgeNumber": "B-9"])
    }

    @Test func groupMembersMayChangeAlthoughTheirValuesAreImmutable() throws {
        let existing = try create(#"{"displayName": "G", "members": [{"value": "u1"}]}"#, groups)
        let input = try ValidationSupport.object(
            #"{"displayName": "G", "members": [{"value": "u2"}, {"value": "u3"}]}"#)
        let output = try groups.validate(input, mode: .replace(existing: existing))
        #expect(output["members"] == [["value": "u2"], ["value": "u3"]])
    }

    // MARK: primary

    @Test func twoPrimaryValuesOnCreateAreRejected() throws {
        let error = try createError(
            #"{"userName": "a", "emails": [{"value": "a@x", "primary": true}, {"value": "b@x", "primary": "True"}]}"#)
        #expect(error.status == 400)
        #expect(error.detail.contains("emails"))
        #expect(error.detail.contains("primary"))
    }

    @Test func aNewlyMarkedPrimaryClearsThePreviousOne() throws {
        let existing = try create(
            #"{"userName": "a", "emails": [{"value": "a@x", "primary": true}, {"value": "b@x"}]}"#)
        let input = try ValidationSupport.object(
            #"{"userName": "a", "emails": [{"value": "a@x", "primary": true}, {"value": "b@x", "primary": true}]}"#)
        for mode in [ResourceValidator.Mode.replace(existing: existing), .patch(original: existing)] {
            let output = try users.validate(input, mode: mode)
            #expect(output["emails"] == [["value": "a@x", "primary": false], ["value": "b@x", "primary": true]])
        }
    }

    @Test func twoNewlyMarkedPrimariesAreRejectedOnReplace() throws {
        let existing = try create(
            #"{"userName": "a", "emails": [{"value": "a@x"}, {"value": "b@x"}, {"value": "c@x", "primary": true}]}"#)
        let input = try ValidationSupport.object(
            #"{"userName": "a", "emails": [{"value": "a@x", "primary": true}, {"value": "b@x", "primary": true}, {"value": "c@x", "primary": true}]}"#
        )
        #expect(throws: SCIMError.self) { try users.validate(input, mode: .replace(existing: existing)) }
    }

    @Test func primaryIsPerAttributeAndFalseDoesNotCount() throws {
        let output = try create(
            #"{"userName": "a", "emails": [{"value": "a@x", "primary": true}, {"value": "b@x", "primary": false}], "phoneNumbers": [{"value": "1", "primary": true}], "addresses": [{"country": "DE", "primary": true}]}"#
        )
        #expect(output["emails"]?.arrayValue?.count == 2)
        #expect(output["phoneNumbers"] == [["value": "1", "primary": true]])
    }

    @Test func primaryInAMultiValuedExtensionAttribute() throws {
        let validator = ResourceValidator(resourceType: try ValidationSupport.acmeRegistry().user)
        let acme = ValidationSupport.acmeURN
        let error = try createError(
            #"{"userName": "a", "\#(acme)": {"badges": [{"value": "D1", "primary": true}, {"value": "D2", "primary": true}]}}"#,
            validator)
        #expect(error.detail.contains("badges"))
    }

    // MARK: Entra ID and Okta shapes

    @Test func entraBareManagerIdBecomesAValueObject() throws {
        let output = try create(
            #"{"userName": "a", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"manager": "26118915"}}"#
        )
        #expect(output[Schema.enterpriseUserURN] == ["manager": ["value": "26118915"]])
        let qualified = try create(
            #"{"userName": "a", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager": "m-1"}"#)
        #expect(qualified[Schema.enterpriseUserURN] == ["manager": ["value": "m-1"]])
        #expect(try create(#"{"userName": "a", "emails": "a@example.com"}"#)["emails"] == [["value": "a@example.com"]])
    }

    @Test func aBareStringIsNoValueForAComplexAttributeWithoutValue() throws {
        let error = try createError(#"{"userName": "a", "addresses": ["Main Street 1"]}"#)
        #expect(error.detail.contains("addresses[0] must be an object"))
    }

    @Test func aSingleValueForAMultiValuedAttributeBecomesAnArray() throws {
        let output = try create(#"{"userName": "a", "emails": {"value": "a@x", "type": "work"}, "roles": "admin"}"#)
        #expect(output["emails"] == [["value": "a@x", "type": "work"]])
        #expect(output["roles"] == [["value": "admin"]])
    }

    // MARK: Unknown attributes (design: rejected, never silently dropped)

    @Test func unknownAttributesAreRejectedNotDroppedWithInvalidValueNamingThem() throws {
        let cases: [(String, String)] = [
            (#"{"userName": "a", "favoriteColor": "blue"}"#, "\"favoriteColor\""),
            (#"{"userName": "a", "name": {"givenName": "B", "nick": "x"}}"#, "\"name.nick\""),
            (#"{"userName": "a", "emails": [{"value": "x", "label": "y"}]}"#, "\"emails[0].label\""),
            (
                #"{"userName": "a", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"shoeSize": 44}}"#,
                "\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:shoeSize\""
            ),
            (#"{"userName": "a", "urn:example:custom:2.0:User": {"x": 1}}"#, "\"urn:example:custom:2.0:User\""),
            (
                #"{"userName": "a", "urn:ietf:params:scim:schemas:core:2.0:User:nick": "x"}"#,
                "\"urn:ietf:params:scim:schemas:core:2.0:User:nick\""
            ),
            (#"{"userName": "a", "name.givenName": "B"}"#, "\"name.givenName\""),
            (#"{"userName": "a", "department": "Sales"}"#, "\"department\""),
            (#"{"displayName": "G", "userName": "a"}"#, "\"userName\""),
        ]
        for (index, (text, name)) in cases.enumerated() {
            let validator = index == cases.count - 1 ? groups : users
            let error = try createError(text, validator)
            #expect(error.status == 400)
            #expect(error.scimType == .invalidValue)
            #expect(error.detail.contains("unknown attribute \(name)"), "\(error.detail)")
        }
    }

    @Test func unknownSchemaURNsInSchemasAreIgnoredAndSchemasIsComputed() throws {
        let output = try create(#"{"userName": "a", "schemas": ["urn:bogus", 7], "SCHEMAS": "x"}"#)
        #expect(output["schemas"] == [.string(Schema.userURN)])
    }

    // MARK: Case-insensitive names

    @Test func namesInAnyCaseAreStoredInCanonicalSpelling() throws {
        let output = try create(
            #"{"USERNAME": "a", "Name": {"GIVENNAME": "B", "familyname": "J"}, "EMAILS": [{"VALUE": "a@x", "Type": "work", "PRIMARY": "true"}], "URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER": {"Department": "D", "MANAGER": {"VALUE": "m", "$REF": "../Users/m"}}}"#
        )
        #expect(
            output == [
                "userName": "a", "name": ["givenName": "B", "familyName": "J"],
                "emails": [["value": "a@x", "type": "work", "primary": true]],
                .init(Schema.enterpriseUserURN): ["department": "D", "manager": ["value": "m", "$ref": "../Users/m"]],
                "schemas": [.string(Schema.userURN), .string(Schema.enterpriseUserURN)],
            ])
    }

    @Test func namesGivenTwiceInDifferentCaseAreRejected() throws {
        let cases = [
            #"{"userName": "a", "USERNAME": "b"}"#,
            #"{"userName": "a", "name": {"givenName": "B", "GivenName": "C"}}"#,
            #"{"userName": "a", "urn:ietf:params:scim:schemas:core:2.0:User:userName": "b"}"#,
            #"{"userName": "a", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "D"}, "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department": "E"}"#,
            #"{"userName": "a", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "D"}, "URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER": {"DEPARTMENT": "E"}}"#,
        ]
        for text in cases {
            let error = try createError(text)
            #expect(error.status == 400, "\(text)")
            #expect(error.detail.lowercased().contains("twice"), "\(error.detail)")
        }
    }

    // MARK: Unassigned values

    @Test func nullAndEmptyArraysMeanUnassigned() throws {
        let output = try create(
            #"{"userName": "a", "displayName": null, "emails": [], "name": {}, "phoneNumbers": [null, {}], "addresses": [{"country": null}], "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": null, "manager": {"value": null}}}"#
        )
        #expect(output == ["userName": "a", "schemas": [.string(Schema.userURN)]])
        let nullExtension = try create(
            #"{"userName": "a", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": null}"#)
        #expect(nullExtension["schemas"] == [.string(Schema.userURN)])
    }

    @Test func anExtensionMustBeAnObject() throws {
        let error = try createError(
            #"{"userName": "a", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": "x"}"#)
        #expect(error.detail.contains("must be an object of extension attributes"))
    }

    // MARK: URN-qualified keys

    @Test func urnQualifiedKeysLandInTheirCanonicalPlace() throws {
        let output = try create(
            #"{"urn:ietf:params:scim:schemas:core:2.0:User:userName": "a", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department": "Sales", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value": "m-1", "urn:ietf:params:scim:schemas:core:2.0:User:name.givenName": "B"}"#
        )
        #expect(
            output == [
                "userName": "a", "name": ["givenName": "B"],
                .init(Schema.enterpriseUserURN): ["department": "Sales", "manager": ["value": "m-1"]],
                "schemas": [.string(Schema.userURN), .string(Schema.enterpriseUserURN)],
            ])
    }

    @Test func aSubAttributeKeyNextToItsParentObjectGivesTheSameResultWhateverTheOrder() throws {
        // JSONObject is a Dictionary: its iteration order varies with capacity and with the process's hash seed.
        let entries: [(String, JSONValue)] = [
            ("userName", "a"),
            ("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", ["manager": ["$ref": "../Users/m-1"]]),
            ("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value", "m-1"),
        ]
        var outcomes = Set<String>()
        for capacity in 0..<48 {
            for ordering in [entries, entries.reversed()] {
                var input = JSONObject(minimumCapacity: capacity)
                for (key, value) in ordering { input[key] = value }
                switch Result(catching: { () throws(SCIMError) in try users.validate(input, mode: .create) }) {
                case .success(let output): outcomes.insert(JSONWriter.compact.string(.object(output)))
                case .failure(let error): outcomes.insert(error.detail)
                }
            }
        }
        #expect(outcomes.count == 1, "\(outcomes)")
        #expect(outcomes.first?.contains(#""manager":{"$ref":"../Users/m-1","value":"m-1"}"#) == true)
    }

    @Test func aSubAttributeGivenBothWaysIsRejectedWhateverTheOrder() throws {
        let entries: [(String, JSONValue)] = [
            ("userName", "a"),
            ("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", ["manager": ["value": "m-1"]]),
            ("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value", "m-2"),
        ]
        for capacity in 0..<48 {
            for ordering in [entries, entries.reversed()] {
                var input = JSONObject(minimumCapacity: capacity)
                for (key, value) in ordering { input[key] = value }
                let error = try #require(throws: SCIMError.self) { try users.validate(input, mode: .create) }
                #expect(error.detail.contains("manager"))
            }
        }
    }

    @Test func subAttributesOfMultiValuedAttributesCannotBeSetByQualifiedKey() throws {
        let error = try createError(
            #"{"userName": "a", "urn:ietf:params:scim:schemas:core:2.0:User:emails.value": "a@x"}"#)
        #expect(error.detail.contains("emails.value"))
    }

    // MARK: Custom extensions

    @Test func customExtensionLoadedFromJSONIsValidatedAndListedInSchemas() throws {
        let registry = try ValidationSupport.acmeRegistry()
        let validator = ResourceValidator(resourceType: registry.user)
        let acme = ValidationSupport.acmeURN
        let output = try create(
            #"{"userName": "a", "URN:EXAMPLE:PARAMS:SCIM:SCHEMAS:EXTENSION:ACME:2.0:USER": {"LEVEL": 2, "sponsor": "u-7", "badges": {"value": "D1", "type": "door"}}}"#,
            validator)
        #expect(
            output[acme] == ["level": 2, "sponsor": ["value": "u-7"], "badges": [["value": "D1", "type": "door"]]])
        #expect(output["schemas"] == [.string(Schema.userURN), .string(acme)])
        let unknown = try createError(#"{"userName": "a", "\#(acme)": {"rank": 1}}"#, validator)
        #expect(unknown.detail.contains("\"\(acme):rank\""))
        // The standard User type does not know the extension.
        #expect(try createError(#"{"userName": "a", "\#(acme)": {"level": 1}}"#).detail.contains("unknown attribute"))
    }

    // MARK: Garbage never crashes

    @Test func randomInputsEitherValidateToAFixedPointOrFailWith400() async throws {
        let registry = try ValidationSupport.acmeRegistry()
        let validator = ResourceValidator(resourceType: registry.user)
        await propertyCheck(count: 400, input: ValidationGenerators.resource) { input in
            switch Result(catching: { () throws(SCIMError) in try validator.validate(input, mode: .create) }) {
            case .success(let output):
                for name in ["id", "meta", "groups", "password"] { #expect(output[name] == nil) }
                #expect(output[ValidationSupport.acmeURN]?["pin"] == nil)
                #expect(output["schemas"]?.arrayValue?.first == .string(Schema.userURN))
                #expect((try? validator.validate(output, mode: .create)) == output)
                #expect((try? validator.validate(output, mode: .replace(existing: output))) == output)
            case .failure(let error):
                #expect(error.status == 400)
                #expect(error.scimType != nil)
                #expect(!error.detail.isEmpty)
            }
        }
    }
}

/// Random resource bodies: known names in random case, unknown names, URN keys, and values of every kind.
enum ValidationGenerators {
    static let names = [
        "userName", "name", "givenName", "familyName", "displayName", "active", "emails", "value", "type", "primary",
        "phoneNumbers", "addresses", "country", "groups", "id", "meta", "password", "schemas", "externalId", "roles",
        "x509Certificates", "profileUrl", "title", "display", "$ref", "bogus",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
        "urn:ietf:params:scim:schemas:core:2.0:User:userName",
        "urn:ietf:params:scim:schemas:core:2.0:User:name.givenName",
        "urn:example:params:scim:schemas:extension:acme:2.0:User", "level", "score", "hired", "avatar", "isManager",
        "badgeNumber", "pin", "sponsor", "badges", "department", "manager", "employeeNumber", "urn:", "urn:x:y:", "",
    ]

    static func randomName(using rng: inout some RandomNumberGenerator) -> String {
        let name = names.randomElement(using: &rng)!
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: return name.uppercased()
        case 1: return name.lowercased()
        default: return name
        }
    }

    static func randomLeaf(using rng: inout some RandomNumberGenerator) -> JSONValue {
        switch Int.random(in: 0..<10, using: &rng) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &rng))
        case 2: return .integer(Int.random(in: -3...3, using: &rng))
        case 3: return .decimal(2.5)
        case 4:
            return ["True", "false", "aGVsbG8=", "2011-05-13T04:42:34Z", "x"].randomElement(using: &rng).map(
                JSONValue.string)!
        default: return .string(JSONGenerators.randomString(using: &rng, maximumLength: 5))
        }
    }

    static func randomValue(depth: Int, using rng: inout some RandomNumberGenerator) -> JSONValue {
        switch depth > 0 ? Int.random(in: 0..<6, using: &rng) : 0 {
        case 0, 1, 2: return randomLeaf(using: &rng)
        case 3:
            return .array(
                (0..<Int.random(in: 0...3, using: &rng)).map { _ in randomValue(depth: depth - 1, using: &rng) })
        default: return .object(randomObject(depth: depth - 1, using: &rng))
        }
    }

    static func randomObject(depth: Int, using rng: inout some RandomNumberGenerator) -> JSONObject {
        var object = JSONObject()
        for _ in 0..<Int.random(in: 0...5, using: &rng) {
            object[randomName(using: &rng)] = randomValue(depth: depth, using: &rng)
        }
        return object
    }

    static let resource = Generator<JSONObject, Shrink.None<JSONObject>> { rng in
        var object = randomObject(depth: 3, using: &rng)
        if Bool.random(using: &rng) { object["userName"] = "someone" }
        return object
    }
}

extension ValidationTests {
    /// A custom extension whose single-valued complex `owner` has an immutable `id`.
    func ownerValidator() throws -> ResourceValidator {
        var registry = SchemaRegistry.standard
        try registry.addExtension(
            Schema(json: [
                "id": "urn:example:owner:2.0:User",
                "attributes": [
                    [
                        "name": "owner", "type": "complex",
                        "subAttributes": [
                            ["name": "id", "type": "string", "mutability": "immutable"],
                            ["name": "note", "type": "string"],
                        ],
                    ]
                ],
            ]))
        return ResourceValidator(resourceType: registry.user)
    }

    @Test func aPutThatOmitsAnImmutableSubAttributeKeepsItLikeAWholeAttribute() throws {
        let validator = try ownerValidator()
        let urn = "urn:example:owner:2.0:User"
        let existing = try create(#"{"userName": "a", "\#(urn)": {"owner": {"id": "o1", "note": "x"}}}"#, validator)
        let omitted = try validator.validate(["userName": "a"], mode: .replace(existing: existing))
        #expect(omitted[urn] == ["owner": ["id": "o1"]])
        #expect(omitted["schemas"] == [.string(Schema.userURN), .string(urn)])
        let partial = try ValidationSupport.object(#"{"userName": "a", "\#(urn)": {"owner": {"note": "y"}}}"#)
        #expect(
            try validator.validate(partial, mode: .replace(existing: existing))[urn] == [
                "owner": ["id": "o1", "note": "y"]
            ])
    }

    @Test func changingOrPatchingAwayAnImmutableSubAttributeIsAMutabilityError() throws {
        let validator = try ownerValidator()
        let urn = "urn:example:owner:2.0:User"
        let existing = try create(#"{"userName": "a", "\#(urn)": {"owner": {"id": "o1"}}}"#, validator)
        let changed = try ValidationSupport.object(#"{"userName": "a", "\#(urn)": {"owner": {"id": "o2"}}}"#)
        for mode in [ResourceValidator.Mode.replace(existing: existing), .patch(original: existing)] {
            let error = try #require(throws: SCIMError.self) { try validator.validate(changed, mode: mode) }
            #expect(error.scimType == .mutability)
            #expect(error.detail.contains("owner.id"))
        }
        let removed = try #require(throws: SCIMError.self) {
            try validator.validate(["userName": "a"], mode: .patch(original: existing))
        }
        #expect(removed.scimType == .mutability)
    }
}
