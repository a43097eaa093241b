import Testing

@testable import SCIM

/// Every PATCH example of RFC 7644 §3.5.2.1–3, applied to the resources of RFC 7643 §8 (trimmed).
@Suite struct PatchRFCExampleTests {
    static let babsID = "2819c223-7f76-453a-919d-413861904646"
    static let jamesID = "08e1d05d-121c-4561-8b96-473d93df9210"

    // MARK: §3.5.2.1 Add

    @Test func rfcAddMemberToGroup() throws {
        var group = patchTourGuides
        group["members"] = nil
        let result = try patchApply(
            group,
            #"""
            [{"op": "add", "path": "members",
              "value": [{"display": "Babs Jensen",
                         "$ref": "https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646",
                         "value": "2819c223-7f76-453a-919d-413861904646"}]}]
            """#, type: .group)
        #expect(result.changed)
        #expect(
            result.resource["members"]
                == [
                    [
                        "display": "Babs Jensen", "value": .string(Self.babsID),
                        "$ref": "https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646",
                    ]
                ])
        #expect(result.resource["id"] == group["id"])
        #expect(result.resource["meta"] == group["meta"])
    }

    @Test func rfcAddWithoutPathAppendsEmailAndSetsNickname() throws {
        var babs = patchBabs
        babs["emails"] = [["value": "bjensen@example.com", "type": "work", "primary": true]]
        babs["nickName"] = "Barbie"
        let result = try patchApply(
            babs,
            #"""
            [{"op": "add",
              "value": {"emails": [{"value": "babs@jensen.org", "type": "home"}], "nickname": "Babs"}}]
            """#)
        #expect(
            patchEmails(result.resource) == [
                ["value": "bjensen@example.com", "type": "work", "primary": true],
                ["value": "babs@jensen.org", "type": "home"],
            ])
        #expect(result.resource["nickName"] == "Babs")
        #expect(result.resource["nickname"] == nil)
    }

    @Test func rfcAddOfAValueAlreadyPresentChangesNothing() throws {
        let result = try patchApply(
            patchTourGuides,
            #"[{"op": "add", "path": "members", "value": [{"value": "2819c223-7f76-453a-919d-413861904646"}]}]"#,
            type: .group)
        #expect(!result.changed)
        #expect(result.resource == patchTourGuides)
    }

    // MARK: §3.5.2.2 Remove

    @Test func rfcRemoveSingleMember() throws {
        var group = patchTourGuides
        group["members"] = [["value": .string(Self.babsID)], ["value": .string(Self.jamesID)]]
        let result = try patchApply(
            group, #"[{"op": "remove", "path": "members[value eq \"2819c223-7f76-453a-919d-413861904646\"]"}]"#,
            type: .group)
        #expect(patchMemberIDs(result.resource) == [Self.jamesID])
    }

    @Test func rfcRemoveAllMembers() throws {
        let result = try patchApply(patchTourGuides, #"[{"op": "remove", "path": "members"}]"#, type: .group)
        #expect(result.changed)
        #expect(result.resource["members"] == nil)
        #expect(result.resource["displayName"] == "Tour Guides")
    }

    @Test func rfcRemoveValuesMatchingAComplexFilter() throws {
        var babs = patchBabs
        babs["emails"] = [
            ["value": "bjensen@example.com", "type": "work"], ["value": "babs@jensen.org", "type": "home"],
            ["value": "barbara@example.org", "type": "work"],
        ]
        let result = try patchApply(
            babs, #"[{"op": "remove", "path": "emails[type eq \"work\" and value ew \"example.com\"]"}]"#)
        #expect(
            patchEmails(result.resource) == [
                ["value": "babs@jensen.org", "type": "home"], ["value": "barbara@example.org", "type": "work"],
            ])
    }

    @Test func rfcRemoveAllMembersThenAddReplacesTheMemberList() throws {
        let result = try patchApply(
            patchTourGuides,
            #"""
            [{"op": "remove", "path": "members"},
             {"op": "add", "path": "members",
              "value": [{"display": "Babs Jensen",
                         "$ref": "https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646",
                         "value": "2819c223-7f76-453a-919d-413861904646"},
                        {"display": "James Smith",
                         "$ref": "https://example.com/v2/Users/08e1d05d-121c-4561-8b96-473d93df9210",
                         "value": "08e1d05d-121c-4561-8b96-473d93df9210"}]}]
            """#, type: .group)
        #expect(patchMemberIDs(result.resource) == [Self.babsID, Self.jamesID])
        #expect(result.resource["members"]?.arrayValue?[1]["display"] == "James Smith")
    }

    // MARK: §3.5.2.3 Replace

    @Test func rfcReplaceAllMembers() throws {
        let result = try patchApply(
            patchTourGuides,
            #"""
            [{"op": "replace", "path": "members",
              "value": [{"display": "Babs Jensen",
                         "$ref": "https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646",
                         "value": "2819c223-7f76-453a-919d-413861904646"},
                        {"display": "James Smith",
                         "$ref": "https://example.com/v2/Users/08e1d05d-121c-4561-8b96-473d93df9210",
                         "value": "08e1d05d-121c-4561-8b96-473d93df9210"}]}]
            """#, type: .group)
        #expect(patchMemberIDs(result.resource) == [Self.babsID, Self.jamesID])
    }

    @Test func rfcReplaceTheWorkAddressWithAValuePath() throws {
        let result = try patchApply(
            patchBabs,
            #"""
            [{"op": "replace", "path": "addresses[type eq \"work\"]",
              "value": {"type": "work", "streetAddress": "911 Universal City Plaza", "locality": "Hollywood",
                        "region": "CA", "postalCode": "91608", "country": "US",
                        "formatted": "911 Universal City Plaza\nHollywood, CA 91608 US", "primary": true}}]
            """#)
        let addresses = result.resource["addresses"]?.arrayValue ?? []
        #expect(addresses.count == 2)
        #expect(
            addresses[0]
                == [
                    "type": "work", "streetAddress": "911 Universal City Plaza", "locality": "Hollywood",
                    "region": "CA", "postalCode": "91608", "country": "US",
                    "formatted": "911 Universal City Plaza\nHollywood, CA 91608 US", "primary": true,
                ])
        #expect(addresses[1] == patchBabs["addresses"]?.arrayValue?[1])
    }

    @Test func rfcReplaceTheStreetAddressOfTheWorkAddress() throws {
        let result = try patchApply(
            patchBabs,
            #"[{"op": "replace", "path": "addresses[type eq \"work\"].streetAddress", "value": "1010 Broadway Ave"}]"#)
        var expected = patchBabs["addresses"]!.arrayValue!
        var work = expected[0].objectValue!
        work["streetAddress"] = "1010 Broadway Ave"
        expected[0] = .object(work)
        #expect(result.resource["addresses"] == .array(expected))
    }

    @Test func rfcReplaceWithoutPathReplacesEmailsAndNickname() throws {
        var babs = patchBabs
        babs["emails"] = [["value": "old@example.com", "type": "other"]]
        let result = try patchApply(
            babs,
            #"""
            [{"op": "replace",
              "value": {"emails": [{"value": "bjensen@example.com", "type": "work", "primary": true},
                                   {"value": "babs@jensen.org", "type": "home"}],
                        "nickname": "Babs"}}]
            """#)
        #expect(
            patchEmails(result.resource) == [
                ["value": "bjensen@example.com", "type": "work", "primary": true],
                ["value": "babs@jensen.org", "type": "home"],
            ])
        #expect(result.resource["nickName"] == "Babs")
    }

    // MARK: §3.5.2 general rules

    @Test func rfcRemoveWithoutPathIsNoTarget() {
        let error = patchError(patchTourGuides, #"[{"op": "remove"}]"#, type: .group)
        #expect(error?.scimType == .noTarget)
    }

    @Test func rfcReplaceWithAFilterThatMatchesNothingIsNoTarget() {
        let error = patchError(
            patchBabs, #"[{"op": "replace", "path": "addresses[type eq \"other\"]", "value": {"locality": "Paris"}}]"#)
        #expect(error?.scimType == .noTarget)
    }

    @Test func rfcReplaceOfAnAbsentAttributeAddsIt() throws {
        let result = try patchApply(patchBabs, #"[{"op": "replace", "path": "title", "value": "Tour Guide"}]"#)
        #expect(result.resource["title"] == "Tour Guide")
    }
}
