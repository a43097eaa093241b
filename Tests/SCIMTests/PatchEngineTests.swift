import Testing

@testable import SCIM

@Suite struct PatchEngineTests {
    static let enterprise = Schema.enterpriseUserURN

    // MARK: add

    @Test func addToSingleValuedAttributeReplacesIt() throws {
        let result = try patchApply(patchBabs, #"[{"op": "add", "path": "displayName", "value": "Barbara"}]"#)
        #expect(result.resource["displayName"] == "Barbara")
    }

    @Test func addToComplexAttributeMergesSubAttributes() throws {
        let result = try patchApply(patchBabs, #"[{"op": "add", "path": "name", "value": {"givenName": "Babs"}}]"#)
        #expect(result.resource["name"]?["givenName"] == "Babs")
        #expect(result.resource["name"]?["familyName"] == "Jensen")
        #expect(result.resource["name"]?["middleName"] == "Jane")
    }

    @Test func addMemberWithNullRefStoresOnlyTheValue() throws {
        let result = try patchApply(
            patchTourGuides, #"[{"op": "add", "path": "members", "value": [{"$ref": null, "value": "u2"}]}]"#,
            type: .group)
        #expect(result.resource["members"]?.arrayValue?.last == ["value": "u2"])
    }

    @Test func addMemberAlreadyPresentIsNoChangeEvenWithOtherSpelling() throws {
        let result = try patchApply(
            patchTourGuides,
            #"[{"op": "Add", "path": "MEMBERS", "value": [{"$ref": null, "Value": "2819C223-7F76-453A-919D-413861904646"}]}]"#,
            type: .group)
        #expect(!result.changed)
        #expect(result.resource == patchTourGuides)
    }

    @Test func addSameMemberTwiceInOneRequestAddsItOnce() throws {
        let result = try patchApply(
            patchTourGuides, #"[{"op": "add", "path": "members", "value": [{"value": "u2"}, {"value": "u2"}]}]"#,
            type: .group)
        #expect(patchMemberIDs(result.resource) == ["2819c223-7f76-453a-919d-413861904646", "u2"])
    }

    @Test func addOfAnExistingEmailUpdatesItsOtherSubAttributes() throws {
        let result = try patchApply(
            patchBabs, #"[{"op": "add", "path": "emails", "value": {"value": "BABS@jensen.org", "display": "Babs"}}]"#)
        #expect(
            patchEmails(result.resource) == [
                ["value": "bjensen@example.com", "type": "work", "primary": true],
                ["value": "babs@jensen.org", "type": "home", "display": "Babs"],
            ])
    }

    @Test func addWithFilteredSubAttributeCreatesTheValueWhenNothingMatches() throws {
        var babs = patchBabs
        babs["emails"] = nil
        let result = try patchApply(
            babs, #"[{"op": "add", "path": "emails[type eq \"work\"].value", "value": "babs@example.com"}]"#)
        #expect(patchEmails(result.resource) == [["type": "work", "value": "babs@example.com"]])
    }

    @Test func addWithFilteredSubAttributeSetsItOnTheMatchingValue() throws {
        let result = try patchApply(
            patchBabs, #"[{"op": "add", "path": "emails[type eq \"home\"].display", "value": "Home"}]"#)
        #expect(patchEmails(result.resource)[1] == ["value": "babs@jensen.org", "type": "home", "display": "Home"])
        #expect(patchEmails(result.resource)[0] == patchEmails(patchBabs)[0])
    }

    @Test func addWithFilterAndWholeValueCreatesItFromTheFilterWhenNothingMatches() throws {
        let result = try patchApply(
            patchBabs,
            #"[{"op": "add", "path": "phoneNumbers[type eq \"mobile\"]", "value": {"value": "+1-555-0100"}}]"#)
        #expect(result.resource["phoneNumbers"] == [["type": "mobile", "value": "+1-555-0100"]])
    }

    @Test func addWithANonEqualityFilterThatMatchesNothingIsNoTarget() {
        let error = patchError(
            patchBabs, #"[{"op": "add", "path": "emails[value co \"nowhere\"].display", "value": "x"}]"#)
        #expect(error?.scimType == .noTarget)
    }

    @Test func addNullChangesNothing() throws {
        let result = try patchApply(patchBabs, #"[{"op": "add", "path": "nickName", "value": null}]"#)
        #expect(!result.changed)
    }

    // MARK: replace

    @Test func replaceMultiValuedAttributeReplacesEveryValue() throws {
        let result = try patchApply(
            patchBabs, #"[{"op": "replace", "path": "emails", "value": [{"value": "new@example.com"}]}]"#)
        #expect(patchEmails(result.resource) == [["value": "new@example.com"]])
    }

    @Test func replaceWithFilteredSubAttributeCreatesTheValueWhenNothingMatches() throws {
        let result = try patchApply(
            patchBabs, #"[{"op": "replace", "path": "emails[type eq \"other\"].value", "value": "o@example.com"}]"#)
        #expect(patchEmails(result.resource).count == 3)
        #expect(patchEmails(result.resource).last == ["type": "other", "value": "o@example.com"])
    }

    @Test func replaceWithFilteredSubAttributeChangesEveryMatchingValue() throws {
        var babs = patchBabs
        babs["phoneNumbers"] = [["value": "1", "type": "work"], ["value": "2", "type": "work"], ["value": "3"]]
        let result = try patchApply(
            babs, #"[{"op": "replace", "path": "phoneNumbers[type eq \"work\"].display", "value": "Office"}]"#)
        #expect(
            result.resource["phoneNumbers"]
                == [
                    ["value": "1", "type": "work", "display": "Office"],
                    ["value": "2", "type": "work", "display": "Office"], ["value": "3"],
                ])
    }

    @Test func replaceOfAFilteredValueTakesOneValue() {
        let error = patchError(
            patchBabs,
            #"[{"op": "replace", "path": "emails[type eq \"home\"]", "value": [{"value": "a"}, {"value": "b"}]}]"#)
        #expect(error?.scimType == .invalidValue)
    }

    @Test func replaceWithNullUnassignsTheAttribute() throws {
        let result = try patchApply(patchBabs, #"[{"op": "replace", "path": "displayName", "value": null}]"#)
        #expect(result.resource["displayName"] == nil)
        #expect(result.changed)
    }

    @Test func replaceOfARequiredAttributeWithNullIsMutability() {
        let error = patchError(patchBabs, #"[{"op": "replace", "path": "userName", "value": null}]"#)
        #expect(error?.scimType == .mutability)
    }

    @Test func replaceOfASubAttributeWithoutFilterSetsItOnEveryValue() throws {
        let result = try patchApply(patchBabs, #"[{"op": "replace", "path": "emails.display", "value": "Babs"}]"#)
        #expect(patchEmails(result.resource).allSatisfy { $0["display"] == "Babs" })
    }

    @Test func replaceOfASubAttributeOfAnAbsentMultiValuedAttributeIsNoTarget() {
        let error = patchError(patchBabs, #"[{"op": "replace", "path": "ims.type", "value": "xmpp"}]"#)
        #expect(error?.scimType == .noTarget)
    }

    @Test func replaceOfAnExtensionAttributeByURNCreatesTheExtension() throws {
        var babs = patchBabs
        babs[Self.enterprise] = nil
        babs["schemas"] = [.string(Schema.userURN)]
        let result = try patchApply(
            babs,
            #"[{"op": "replace", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter", "value": "4130"}]"#
        )
        #expect(patchEnterprise(result.resource) == ["costCenter": "4130"])
        #expect(result.resource["schemas"] == [.string(Schema.userURN), .string(Self.enterprise)])
    }

    @Test func replaceWithTheWholeExtensionURNAsPathMergesItsAttributes() throws {
        let result = try patchApply(
            patchBabs,
            #"[{"op": "replace", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", "value": {"department": "Sales", "manager": "m2"}}]"#
        )
        #expect(
            patchEnterprise(result.resource)
                == ["employeeNumber": "701984", "department": "Sales", "manager": ["value": "m2"]])
    }

    // MARK: remove

    @Test func removeWithAFilterThatMatchesNothingIsANoOp() throws {
        let result = try patchApply(
            patchTourGuides, #"[{"op": "remove", "path": "members[value eq \"not-a-member\"]"}]"#, type: .group)
        #expect(!result.changed)
        #expect(result.resource == patchTourGuides)
    }

    @Test func removeWithAValueListRemovesJustThoseMembers() throws {
        var group = patchTourGuides
        group["members"] = [["value": "a", "display": "A"], ["value": "b"], ["value": "c"]]
        let result = try patchApply(
            group,
            #"[{"op": "Remove", "path": "members", "value": [{"$ref": null, "value": "a"}, {"value": "c"}, {"value": "zz"}]}]"#,
            type: .group)
        #expect(patchMemberIDs(result.resource) == ["b"])
    }

    @Test func removeWithAnEmptyValueListRemovesNothing() throws {
        let result = try patchApply(
            patchTourGuides, #"[{"op": "remove", "path": "members", "value": []}]"#, type: .group)
        #expect(!result.changed)
    }

    @Test func removeOfASubAttributeLeavesTheOthers() throws {
        let result = try patchApply(patchBabs, #"[{"op": "remove", "path": "name.middleName"}]"#)
        #expect(result.resource["name"]?["middleName"] == nil)
        #expect(result.resource["name"]?["givenName"] == "Barbara")
    }

    @Test func removeOfAFilteredSubAttributeLeavesTheValue() throws {
        let result = try patchApply(patchBabs, #"[{"op": "remove", "path": "emails[type eq \"work\"].primary"}]"#)
        #expect(patchEmails(result.resource)[0] == ["value": "bjensen@example.com", "type": "work"])
    }

    @Test func removeOfTheLastMatchingValueUnassignsTheAttribute() throws {
        let result = try patchApply(
            patchBabs, #"[{"op": "remove", "path": "emails[value ew \"@example.com\" or type eq \"home\"]"}]"#)
        #expect(result.resource["emails"] == nil)
    }

    @Test func removeOfTheWholeExtensionDropsItFromSchemas() throws {
        let result = try patchApply(
            patchBabs, #"[{"op": "remove", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"}]"#)
        #expect(patchEnterprise(result.resource) == nil)
        #expect(result.resource["schemas"] == [.string(Schema.userURN)])
    }

    @Test func removeOfTheManagerByURNPath() throws {
        let result = try patchApply(
            patchBabs,
            #"[{"op": "remove", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager"}]"#)
        #expect(patchEnterprise(result.resource) == ["employeeNumber": "701984", "department": "Tour Operations"])
    }

    @Test func removeOfARequiredAttributeIsMutability() {
        let error = patchError(patchBabs, #"[{"op": "remove", "path": "userName"}]"#)
        #expect(error?.scimType == .mutability)
        let groupError = patchError(patchTourGuides, #"[{"op": "remove", "path": "displayName"}]"#, type: .group)
        #expect(groupError?.scimType == .mutability)
    }

    @Test func removeOfAnAbsentAttributeIsANoOp() throws {
        let result = try patchApply(patchBabs, #"[{"op": "remove", "path": "nickName"}]"#)
        #expect(!result.changed)
    }

    // MARK: path-less values

    @Test func pathLessNestedObjectMergesIntoTheComplexAttribute() throws {
        let result = try patchApply(patchBabs, #"[{"op": "replace", "value": {"name": {"givenName": "Babs"}}}]"#)
        #expect(result.resource["name"]?["givenName"] == "Babs")
        #expect(result.resource["name"]?["familyName"] == "Jensen")
    }

    @Test func pathLessDottedKeysAreReadAsPaths() throws {
        let result = try patchApply(
            patchBabs, #"[{"op": "replace", "value": {"name.givenName": "Babs", "NAME.familyName": "J"}}]"#)
        #expect(result.resource["name"]?["givenName"] == "Babs")
        #expect(result.resource["name"]?["familyName"] == "J")
        #expect(result.resource["name.givenName"] == nil)
    }

    @Test func pathLessURNQualifiedKeysReachTheExtension() throws {
        let result = try patchApply(
            patchBabs,
            #"""
            [{"op": "replace", "value": {
               "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department": "Sales",
               "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager": "bare-id"}}]
            """#)
        #expect(patchEnterprise(result.resource)?["department"] == "Sales")
        #expect(patchEnterprise(result.resource)?["manager"] == ["value": "bare-id"])
    }

    @Test func pathLessExtensionObjectMergesItsAttributes() throws {
        let result = try patchApply(
            patchBabs,
            #"[{"op": "add", "value": {"urn:ietf:params:scim:schemas:extension:enterprise:2.0:user": {"division": "West"}}}]"#
        )
        #expect(patchEnterprise(result.resource)?["division"] == "West")
        #expect(patchEnterprise(result.resource)?["department"] == "Tour Operations")
    }

    @Test func pathLessValueWithTheResourcesOwnIDIsAccepted() throws {
        let result = try patchApply(
            patchTourGuides,
            #"[{"op": "replace", "value": {"id": "acbf3ae7-8463-4692-b4fd-9b4da3f908ce", "displayName": "Guides"}}]"#,
            type: .group)
        #expect(result.resource["displayName"] == "Guides")
        #expect(result.resource["id"] == "acbf3ae7-8463-4692-b4fd-9b4da3f908ce")
    }

    @Test func pathLessValueWithAnotherIDIsMutability() {
        let error = patchError(
            patchTourGuides, #"[{"op": "replace", "value": {"id": "other", "displayName": "Guides"}}]"#, type: .group)
        #expect(error?.scimType == .mutability)
        #expect(error?.detail.contains("id") == true)
    }

    @Test func pathLessReadOnlyMetaGroupsAndSchemasAreIgnored() throws {
        let result = try patchApply(
            patchBabs,
            #"""
            [{"op": "replace", "value": {"meta": {"version": "W/\"x\""}, "groups": [{"value": "g1"}],
                                         "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "title": "Guide"}}]
            """#)
        #expect(result.resource["meta"] == patchBabs["meta"])
        #expect(result.resource["groups"] == nil)
        #expect(result.resource["schemas"] == patchBabs["schemas"])
        #expect(result.resource["title"] == "Guide")
    }

    @Test func pathLessValueMustBeAnObject() {
        let error = patchError(patchBabs, #"[{"op": "replace", "value": "active"}]"#)
        #expect(error?.scimType == .invalidValue)
    }

    @Test func pathLessUnknownKeyIsInvalidPath() {
        let error = patchError(patchBabs, #"[{"op": "add", "value": {"favouriteColour": "blue"}}]"#)
        #expect(error?.scimType == .invalidPath)
        #expect(error?.detail.contains("favouriteColour") == true)
    }

    // MARK: mutability and paths

    @Test(arguments: [
        "id", "meta", "meta.created", "groups", #"groups[value eq "g"]"#, "schemas",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.displayName",
    ])
    func pathToAReadOnlyAttributeIsMutability(path: String) {
        for op in ["add", "replace", "remove"] {
            let error = patchError(patchBabs, #"[{"op": "\#(op)", "path": "\#(patchEscaped(path))", "value": "x"}]"#)
            #expect(error?.scimType == .mutability, "\(op) \(path)")
        }
    }

    @Test(arguments: [
        "noSuchAttribute", "name.nickName", "emails[type eq \"work\"].nope", "urn:example:ext:1.0:User:x",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:userName",
        "emails[nope eq \"x\"]", "name[givenName eq \"x\"]", "userName[value eq \"x\"]",
    ])
    func pathNoSchemaDefinesIsInvalidPath(path: String) {
        let error = patchError(patchBabs, #"[{"op": "replace", "path": "\#(patchEscaped(path))", "value": "x"}]"#)
        #expect(error?.scimType == .invalidPath, "\(path): \(String(describing: error))")
    }

    @Test func namesAndURNsAreCaseInsensitive() throws {
        let result = try patchApply(
            patchBabs,
            #"""
            [{"op": "REPLACE", "path": "EMAILS[TYPE eq \"WORK\"].VALUE", "value": "b@example.com"},
             {"op": "replace", "path": "URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER:Department", "value": "X"},
             {"op": "replace", "path": "urn:ietf:params:scim:schemas:core:2.0:User:DisplayName", "value": "B"}]
            """#)
        #expect(patchEmails(result.resource)[0]["value"] == "b@example.com")
        #expect(patchEnterprise(result.resource)?["department"] == "X")
        #expect(result.resource["displayName"] == "B")
    }

    @Test func changingAnImmutableSubAttributeOfAValueIsMutability() {
        let error = patchError(
            patchTourGuides,
            #"[{"op": "replace", "path": "members[value eq \"2819c223-7f76-453a-919d-413861904646\"].value", "value": "x"}]"#,
            type: .group)
        #expect(error?.scimType == .mutability)
    }

    @Test func immutableAttributeMayBeSetOnceButNotChanged() throws {
        let badge = Schema(
            id: "urn:example:params:scim:schemas:extension:badge:2.0:User", name: "Badge", description: "",
            attributes: [AttributeDefinition(name: "badgeNumber", type: .string, mutability: .immutable)])
        var type = ResourceType.user
        type.extensions.append(.init(schema: badge))
        let set = try patchApply(
            patchBabs,
            #"[{"op": "add", "path": "urn:example:params:scim:schemas:extension:badge:2.0:User:badgeNumber", "value": "7"}]"#,
            type: type)
        #expect(set.resource[badge.id]?["badgeNumber"] == "7")
        let error = patchError(
            set.resource,
            #"[{"op": "replace", "value": {"urn:example:params:scim:schemas:extension:badge:2.0:User:badgeNumber": "8"}}]"#,
            type: type)
        #expect(error?.scimType == .mutability)
    }

    // MARK: coercion and primary

    @Test func pathTargetedStringBooleanIsStoredAsBoolean() throws {
        let result = try patchApply(patchBabs, #"[{"op": "Replace", "path": "active", "value": "False"}]"#)
        #expect(result.resource["active"] == false)
    }

    @Test func pathTargetedBareManagerIDBecomesAValueObject() throws {
        let result = try patchApply(
            patchBabs,
            #"[{"op": "Add", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", "value": "m2"}]"#
        )
        #expect(patchEnterprise(result.resource)?["manager"] == ["value": "m2"])
    }

    @Test func valueOfTheWrongTypeIsInvalidValue() {
        #expect(
            patchError(patchBabs, #"[{"op": "replace", "path": "active", "value": "maybe"}]"#)?.scimType
                == .invalidValue)
        #expect(
            patchError(patchBabs, #"[{"op": "add", "path": "emails", "value": [{"value": 3}]}]"#)?.scimType
                == .invalidValue)
        #expect(
            patchError(patchBabs, #"[{"op": "add", "path": "displayName", "value": ["a"]}]"#)?.scimType == .invalidValue
        )
    }

    @Test func newlyPrimaryValueClearsTheOldPrimary() throws {
        let result = try patchApply(
            patchBabs, #"[{"op": "add", "path": "emails", "value": [{"value": "new@example.com", "primary": true}]}]"#)
        #expect(patchEmails(result.resource).map { $0["primary"] } == [false, nil, true])
    }

    @Test func markingAnotherValuePrimaryThroughAFilterClearsTheOldPrimary() throws {
        let result = try patchApply(
            patchBabs, #"[{"op": "replace", "path": "emails[type eq \"home\"].primary", "value": "True"}]"#)
        #expect(patchEmails(result.resource).map { $0["primary"] } == [false, true])
    }

    // MARK: all or nothing, and the result

    @Test func failingOperationAppliesNothingAndIsNamed() {
        let error = patchError(
            patchBabs,
            #"""
            [{"op": "replace", "path": "displayName", "value": "Changed"},
             {"op": "replace", "path": "noSuchAttribute", "value": "x"}]
            """#)
        #expect(error?.scimType == .invalidPath)
        #expect(error?.detail.hasPrefix("Operations[1]: ") == true)
    }

    @Test func patchThatChangesNothingReturnsTheInput() throws {
        let result = try patchApply(
            patchBabs,
            #"""
            [{"op": "replace", "path": "displayName", "value": "Babs Jensen"},
             {"op": "replace", "value": {"active": "True"}},
             {"op": "remove", "path": "emails[type eq \"other\"]"},
             {"op": "replace", "path": "password", "value": "t1meMa$heen"}]
            """#)
        #expect(!result.changed)
        #expect(JSONWriter.pretty.bytes(.object(result.resource)) == JSONWriter.pretty.bytes(.object(patchBabs)))
    }

    @Test func resultKeepsIDAndMetaAndNeverHoldsThePassword() throws {
        let result = try patchApply(
            patchBabs,
            #"[{"op": "add", "value": {"password": "secret", "title": "Guide"}}]"#)
        #expect(result.changed)
        #expect(result.resource["id"] == patchBabs["id"])
        #expect(result.resource["meta"] == patchBabs["meta"])
        #expect(result.resource["password"] == nil)
    }

    @Test func operationsApplyInOrder() throws {
        let result = try patchApply(
            patchBabs,
            #"""
            [{"op": "remove", "path": "emails"},
             {"op": "add", "path": "emails[type eq \"work\"].value", "value": "first@example.com"},
             {"op": "replace", "path": "emails[type eq \"work\"].value", "value": "second@example.com"}]
            """#)
        #expect(patchEmails(result.resource) == [["type": "work", "value": "second@example.com"]])
    }
}
