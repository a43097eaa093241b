import Testing

@testable import SCIM

/// The PATCH bodies Okta and Microsoft Entra ID send (from `../shared/idp-transcripts/`), one behaviour per test.
/// `PatchTranscriptReplayTests` replays the same bodies in their transcripts' order.
@Suite struct PatchIdPDialectTests {
    static let alice = patchStored(
        #"""
        {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                     "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
         "externalId": "alice", "userName": "alice@example.com", "active": true, "displayName": "Alice Anderson",
         "emails": [{"primary": true, "type": "work", "value": "alice@example.com"}],
         "name": {"givenName": "Alice", "familyName": "Anderson"},
         "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"employeeNumber": "1001",
                                                                        "department": "Engineering"}}
        """#, id: "a1")
    static let engineering = patchStored(
        #"{"displayName": "Example Corp Engineering", "members": [{"value": "a1", "display": "alice@example.com"}]}"#,
        type: .group, id: "g1")

    // MARK: Entra ID

    @Test func entraReplaceActiveWithStringFalseDeactivates() throws {
        let result = try patchApply(Self.alice, #"[{"op": "Replace", "path": "active", "value": "False"}]"#)
        #expect(result.resource["active"] == false)
        let again = try patchApply(result.resource, #"[{"op": "Replace", "path": "active", "value": "True"}]"#)
        #expect(again.resource["active"] == true)
    }

    @Test(arguments: [#""Replace", "path": "active", "value": false"#, #""replace", "path": "active", "value": false"#])
    func entraReplaceActiveWithBooleanDeactivatesInEitherCase(operation: String) throws {
        let result = try patchApply(Self.alice, "[{\"op\": \(operation)}]")
        #expect(result.resource["active"] == false)
    }

    @Test func entraAddToASingleValuedStringSetsIt() throws {
        let first = try patchApply(Self.alice, #"[{"op": "Add", "path": "nickName", "value": "Ally"}]"#)
        let second = try patchApply(first.resource, #"[{"op": "add", "path": "nickName", "value": "Al"}]"#)
        #expect(first.resource["nickName"] == "Ally")
        #expect(second.resource["nickName"] == "Al")
    }

    @Test func entraSetsTheManagerWithABareIDAndReadsItBackAsValue() throws {
        let result = try patchApply(
            Self.alice,
            #"[{"op": "Add", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", "value": "b2"}]"#
        )
        #expect(
            patchEnterprise(result.resource)
                == ["manager": ["value": "b2"], "employeeNumber": "1001", "department": "Engineering"])
    }

    @Test func entraMultiOperationUserUpdateAppliesEveryOperation() throws {
        let result = try patchApply(
            Self.alice,
            #"""
            [{"op": "Replace", "path": "emails[type eq \"work\"].value", "value": "alice.anderson@example.com"},
             {"op": "Replace", "path": "name.givenName", "value": "Alicia"},
             {"op": "Replace", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
              "value": "Research"},
             {"op": "Replace", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
              "value": "c3"},
             {"op": "Add", "path": "title", "value": "Senior Engineer"}]
            """#)
        #expect(
            patchEmails(result.resource) == [["type": "work", "value": "alice.anderson@example.com", "primary": true]])
        #expect(result.resource["name"] == ["givenName": "Alicia", "familyName": "Anderson"])
        #expect(result.resource["title"] == "Senior Engineer")
        #expect(
            patchEnterprise(result.resource)
                == ["department": "Research", "employeeNumber": "1001", "manager": ["value": "c3"]])
    }

    @Test func entraReplaceOfAWorkEmailThatDoesNotExistCreatesIt() throws {
        var alice = Self.alice
        alice["emails"] = nil
        let result = try patchApply(
            alice, #"[{"op": "Replace", "path": "emails[type eq \"work\"].value", "value": "alice@example.com"}]"#)
        #expect(patchEmails(result.resource) == [["type": "work", "value": "alice@example.com"]])
    }

    @Test func entraFlaggedPathLessReplaceReadsDottedAndURNKeysAsPaths() throws {
        let result = try patchApply(
            Self.alice,
            #"""
            [{"op": "replace", "path": "emails[type eq \"work\"].value", "value": "alice.a@example.com"},
             {"op": "replace", "value": {
                "displayName": "Alice A. Anderson", "name.givenName": "Alicia", "name.familyName": "Andersen",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber": "2001"}}]
            """#)
        #expect(result.resource["displayName"] == "Alice A. Anderson")
        #expect(result.resource["name"] == ["givenName": "Alicia", "familyName": "Andersen"])
        #expect(result.resource["name.givenName"] == nil)
        #expect(patchEnterprise(result.resource)?["employeeNumber"] == "2001")
        #expect(patchEmails(result.resource) == [["type": "work", "value": "alice.a@example.com", "primary": true]])
    }

    @Test func entraDefaultReplacesOneAttributePerOperationIncludingExternalID() throws {
        let result = try patchApply(
            Self.alice,
            #"""
            [{"op": "Replace", "path": "displayName", "value": "Alice A. Anderson"},
             {"op": "Replace", "path": "externalId", "value": "alice.a"},
             {"op": "Replace", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber",
              "value": "2001"}]
            """#)
        #expect(result.resource["externalId"] == "alice.a")
        #expect(patchEnterprise(result.resource)?["employeeNumber"] == "2001")
    }

    @Test func entraAddsMembersWithNullRefs() throws {
        var group = Self.engineering
        group["members"] = nil
        let result = try patchApply(
            group,
            #"[{"op": "Add", "path": "members", "value": [{"$ref": null, "value": "a1"}, {"$ref": null, "value": "b2"}]}]"#,
            type: .group)
        #expect(result.resource["members"] == [["value": "a1"], ["value": "b2"]])
    }

    @Test func entraRemoveMembersWithValueListRemovesOnlyThose() throws {
        var group = Self.engineering
        group["members"] = [["value": "a1"], ["value": "b2"], ["value": "c3"]]
        let result = try patchApply(
            group, #"[{"op": "Remove", "path": "members", "value": [{"$ref": null, "value": "b2"}]}]"#, type: .group)
        #expect(patchMemberIDs(result.resource) == ["a1", "c3"])
    }

    @Test func entraFlaggedRemoveMemberByValueFilter() throws {
        let result = try patchApply(
            Self.engineering, #"[{"op": "remove", "path": "members[value eq \"a1\"]"}]"#, type: .group)
        #expect(result.resource["members"] == nil)
        #expect(result.resource["displayName"] == "Example Corp Engineering")
    }

    @Test func entraRenamesAGroup() throws {
        let result = try patchApply(
            Self.engineering, #"[{"op": "Replace", "path": "displayName", "value": "Example Corp Sales EMEA"}]"#,
            type: .group)
        #expect(result.resource["displayName"] == "Example Corp Sales EMEA")
        #expect(result.resource["members"] == Self.engineering["members"])
    }

    // MARK: Okta

    @Test func oktaPathLessReplaceOfActiveDeactivatesAndReactivates() throws {
        let off = try patchApply(Self.alice, #"[{"op": "replace", "value": {"active": false}}]"#)
        let on = try patchApply(off.resource, #"[{"op": "replace", "value": {"active": true}}]"#)
        #expect(off.resource["active"] == false)
        #expect(on.resource == Self.alice)
    }

    @Test func oktaGroupNameUpdateRepeatingTheNameChangesNothing() throws {
        let result = try patchApply(
            Self.engineering, #"[{"op": "replace", "value": {"id": "g1", "displayName": "Example Corp Engineering"}}]"#,
            type: .group)
        #expect(!result.changed)
        #expect(result.resource == Self.engineering)
    }

    @Test func oktaRenameWithOwnIDChangesTheName() throws {
        let result = try patchApply(
            Self.engineering, #"[{"op": "replace", "value": {"id": "g1", "displayName": "Example Corp Platform"}}]"#,
            type: .group)
        #expect(result.resource["displayName"] == "Example Corp Platform")
    }

    @Test func oktaAddsMembersWithDisplay() throws {
        let result = try patchApply(
            Self.engineering,
            #"""
            [{"op": "add", "path": "members",
              "value": [{"value": "b2", "display": "bob@example.com"}, {"value": "c3", "display": "carol@example.com"}]}]
            """#, type: .group)
        #expect(patchMemberIDs(result.resource) == ["a1", "b2", "c3"])
    }

    @Test func oktaRemovesByFilterAndAddsInOneRequest() throws {
        let result = try patchApply(
            Self.engineering,
            #"""
            [{"op": "remove", "path": "members[value eq \"a1\"]"},
             {"op": "add", "path": "members", "value": [{"value": "d4", "display": "dan@example.com"}]}]
            """#, type: .group)
        #expect(result.resource["members"] == [["value": "d4", "display": "dan@example.com"]])
    }

    @Test func oktaRepeatedMemberRemovalSucceedsWithoutChange() throws {
        let result = try patchApply(
            Self.engineering, #"[{"op": "remove", "path": "members[value eq \"gone\"]"}]"#, type: .group)
        #expect(!result.changed)
    }

    @Test func oktaReplaceOfMembersSetsExactlyTheGivenList() throws {
        let result = try patchApply(
            Self.engineering,
            #"[{"op": "replace", "path": "members", "value": [{"value": "b2", "display": "bob@example.com"}, {"value": "d4"}]}]"#,
            type: .group)
        #expect(patchMemberIDs(result.resource) == ["b2", "d4"])
    }
}
