import Testing

@testable import SCIM

@Suite struct PatchPathTests {
    @Test func plainAttributeParsesWithoutFilter() throws {
        let path = try PatchPath(parsing: "active")
        #expect(path.attribute == AttributePath(attribute: "active"))
        #expect(path.valueFilter == nil)
    }

    @Test func subAttributeParsesIntoTheAttributePath() throws {
        let path = try PatchPath(parsing: "name.givenName")
        #expect(path.attribute == AttributePath(attribute: "name", subAttribute: "givenName"))
        #expect(path.valueFilter == nil)
    }

    @Test func valuePathWithSubAttributeKeepsFilterAndSubAttribute() throws {
        let path = try PatchPath(parsing: #"emails[type eq "work"].value"#)
        #expect(path.attribute == AttributePath(attribute: "emails", subAttribute: "value"))
        #expect(path.valueFilter == .comparison(AttributePath(attribute: "type"), .eq, "work"))
    }

    @Test func memberValuePathParses() throws {
        let path = try PatchPath(parsing: #"members[value eq "2819c223-7f76-453a-919d-413861904646"]"#)
        #expect(path.attribute == AttributePath(attribute: "members"))
        #expect(
            path.valueFilter
                == .comparison(AttributePath(attribute: "value"), .eq, "2819c223-7f76-453a-919d-413861904646"))
    }

    @Test func complexValueFilterParses() throws {
        let path = try PatchPath(parsing: #"emails[type eq "work" and value ew "example.com"]"#)
        #expect(
            path.valueFilter
                == .and(
                    .comparison(AttributePath(attribute: "type"), .eq, "work"),
                    .comparison(AttributePath(attribute: "value"), .ew, "example.com")))
    }

    @Test func extensionAttributeKeepsItsURN() throws {
        let path = try PatchPath(parsing: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager")
        #expect(path.attribute.schemaURN == Schema.enterpriseUserURN)
        #expect(path.attribute.attribute == "manager")
    }

    @Test func bareExtensionURNParsesAsAPath() throws {
        let path = try PatchPath(parsing: Schema.enterpriseUserURN)
        #expect(ResourceType.user.extensionNamed(by: path.attribute)?.id == Schema.enterpriseUserURN)
    }

    @Test(arguments: [
        "active", "name.givenName", #"emails[type eq "work"].value"#, #"members[value eq "abc"]"#,
        #"addresses[type eq "work" and (primary eq true or not (postalCode pr))].streetAddress"#,
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
        #"urn:ietf:params:scim:schemas:core:2.0:User:emails[value co "@example.com"]"#,
    ])
    func descriptionParsesBackToTheSamePath(text: String) throws {
        let path = try PatchPath(parsing: text)
        #expect(try PatchPath(parsing: path.description) == path)
    }

    @Test(arguments: [
        #"emails[type eq "work".value"#,  // unclosed '['
        #"emails[type eq "work"]value"#,  // no '.' before the sub-attribute
        #"emails[type eq "work"]."#,  // empty sub-attribute
        #"emails[type eq "work"].value.more"#,
        #"emails.value[type eq "work"]"#,  // filter after the sub-attribute
        #"emails[type eq "work"][primary eq true]"#,
        #"emails[addresses[type eq "work"]]"#,  // nested value filter
        #"emails[type zz "work"]"#,  // unknown operator
        #"emails[type eq "work]"#,  // unterminated string
        #"[type eq "work"]"#,  // no attribute
        "", " ", "name..givenName", "9lives", "name.given name", "emails[]",
    ])
    func malformedPathIsInvalidPath(text: String) {
        let error = #expect(throws: SCIMError.self) { try PatchPath(parsing: text) }
        #expect(error?.scimType == .invalidPath)
        #expect(error?.status == 400)
    }

    @Test func unclosedFilterErrorSaysWhatIsMissing() {
        let error = #expect(throws: SCIMError.self) { try PatchPath(parsing: #"emails[type eq "work".value"#) }
        #expect(
            error?.detail.contains("expected ']' to close the '[' at character 7") == true,
            "\(String(describing: error))")
    }
}
