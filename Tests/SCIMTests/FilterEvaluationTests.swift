import Foundation
import Testing

@testable import SCIM

/// A small directory of canonical users to run filters against; each test states by hand which of them must match.
enum FilterDirectory {
    /// Builds a stored user: the validator's canonical form plus the `id` and `meta` the store would add.
    static func user(_ body: String, id: String, lastModified: String, registry: SchemaRegistry = .standard)
        -> JSONObject
    {
        var user = try! ResourceValidator(resourceType: registry.user).validate(
            JSONParser().parse(body).objectValue!, mode: .create)
        user["id"] = .string(id)
        user["meta"] = [
            "resourceType": "User", "created": "2010-01-23T04:56:22Z", "lastModified": .string(lastModified),
        ]
        return user
    }

    /// Barbara Jensen: an employee with a title, a primary work e-mail, and the Enterprise extension.
    static let bjensen = user(
        #"""
        {"userName": "bjensen", "externalId": "701984", "name": {"familyName": "Jensen", "givenName": "Barbara"},
         "title": "Tour Guide", "userType": "Employee", "active": true,
         "emails": [{"value": "bjensen@example.com", "type": "work", "primary": true},
                    {"value": "babs@jensen.org", "type": "home"}],
         "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":
           {"employeeNumber": "701984", "department": "Tour Operations", "manager": {"value": "26118915"}}}
        """#,
        id: "2819c223-7f76-453a-919d-413861904646", lastModified: "2011-05-13T04:42:34Z")

    /// An intern modified one second after 04:42:34Z, written with a +02:00 offset.
    static let jsmith = user(
        #"""
        {"userName": "JSmith", "externalId": "EXT-a1", "name": {"familyName": "O'Malley"}, "userType": "Intern",
         "active": true, "emails": [{"value": "jsmith@example.org", "type": "work"}]}
        """#,
        id: "a1", lastModified: "2011-05-13T06:42:35+02:00")

    /// An inactive employee with an empty title, whose work e-mail and example.com e-mail are different values.
    static let alice = user(
        #"""
        {"userName": "alice", "title": "", "userType": "Employee", "active": false,
         "emails": [{"value": "alice@other.org", "type": "Work"}, {"value": "alice@EXAMPLE.COM", "type": "home"}],
         "ims": [{"value": "alice@foo.com", "type": "xmpp"}]}
        """#,
        id: "b2", lastModified: "2011-05-13T00:42:33-04:00")

    /// A contractor without `active`, modified at exactly 04:42:34Z written as 05:42:34+01:00.
    static let jo = user(
        #"""
        {"userName": "jo", "title": "Intern Lead", "userType": "Contractor",
         "emails": [{"value": "jo@example.net", "type": "home"}], "ims": [{"value": "jo@bar.com", "type": "xmpp"}],
         "addresses": [{"locality": "Berlin"}]}
        """#,
        id: "c3", lastModified: "2011-05-13T05:42:34+01:00")

    static let all: [(String, JSONObject)] = [("bjensen", bjensen), ("jsmith", jsmith), ("alice", alice), ("jo", jo)]

    /// The names of the users `filter` matches.
    static func matches(_ filter: String, users: [(String, JSONObject)] = all, resourceType: ResourceType = .user)
        throws -> Set<String>
    {
        let predicate = try FilterParser().parse(filter).compile(for: resourceType)
        return Set(users.filter { predicate.matches($0.1) }.map(\.0))
    }
}

/// `FilterPredicate`: which resources a filter matches (RFC 7644 §3.4.2.2), with expected sets written by hand.
@Suite struct FilterEvaluationTests {
    func matches(_ filter: String) throws -> Set<String> { try FilterDirectory.matches(filter) }

    @Test func everyRFCExampleMatchesExactlyTheUsersItShould() throws {
        let expected: [Set<String>] = [
            ["bjensen"],  // userName eq "bjensen"
            ["jsmith"],  // name.familyName co "O'Malley"
            ["jsmith", "jo"],  // userName sw "J": userName is not caseExact
            ["jsmith", "jo"],  // the same, URN-qualified
            ["bjensen", "jo"],  // title pr: alice's empty title is not a value
            ["jsmith"],  // lastModified gt 04:42:34Z: jsmith is 04:42:35Z (+02:00)
            ["bjensen", "jsmith", "jo"],  // ge: jo is 04:42:34Z written as +01:00
            ["alice"],  // lt: alice is 04:42:33Z written as -04:00
            ["bjensen", "alice", "jo"],  // le
            ["bjensen"],  // title pr and userType eq "Employee"
            ["bjensen", "jsmith", "jo"],  // title pr or userType eq "Intern"
            ["bjensen"],  // schemas eq enterprise
            ["bjensen", "alice"],  // employees with example.com/example.org e-mails (case-insensitively)
            ["jo"],  // non-employees without such e-mails
            ["bjensen", "alice"],  // employees with a work e-mail ("Work" counts)
            ["bjensen"],  // the value filter needs one e-mail that is both work and @example.com: not alice
            ["bjensen", "alice"],  // bjensen's work e-mail, alice's xmpp handle at foo.com
        ]
        for (filter, want) in zip(try F.rfcExamples(), expected) {
            #expect(try matches(filter) == want, "\(filter)")
        }
    }

    // MARK: Operators

    @Test func equalityAndInequality() throws {
        #expect(try matches(#"userName eq "BJENSEN""#) == ["bjensen"])
        #expect(try matches(#"userName ne "bjensen""#) == ["jsmith", "alice", "jo"])
        #expect(try matches(#"userType ne "Employee""#) == ["jsmith", "jo"])
        #expect(try matches(#"title eq """#) == ["alice"])
        // ne on a multi-valued attribute: none of the values is equal.
        #expect(try matches(#"emails ne "jsmith@example.org""#) == ["bjensen", "alice", "jo"])
        #expect(try matches(#"emails.type eq "home""#) == ["bjensen", "alice", "jo"])
    }

    @Test func containsStartsWithEndsWith() throws {
        #expect(try matches(#"userName co "SMI""#) == ["jsmith"])
        #expect(try matches(#"userName sw "b""#) == ["bjensen"])
        #expect(try matches(#"userName ew "N""#) == ["bjensen"])
        #expect(try matches(#"emails ew ".ORG""#) == ["bjensen", "jsmith", "alice"])
        #expect(try matches(#"name.familyName sw "o'""#) == ["jsmith"])
        #expect(try matches(#"userName co """#) == ["bjensen", "jsmith", "alice", "jo"])
        #expect(try matches(#"title co """#) == ["bjensen", "alice", "jo"])  // an empty string contains ""
    }

    @Test func orderingComparesStringsCaseInsensitively() throws {
        #expect(try matches(#"userName gt "j""#) == ["jsmith", "jo"])
        #expect(try matches(#"userName ge "JO""#) == ["jsmith", "jo"])
        #expect(try matches(#"userName lt "B""#) == ["alice"])
        #expect(try matches(#"userName le "bjensen""#) == ["bjensen", "alice"])
    }

    @Test func presence() throws {
        #expect(try matches("active pr") == ["bjensen", "jsmith", "alice"])  // false is a value
        #expect(try matches("ims pr") == ["alice", "jo"])
        #expect(try matches("emails pr") == ["bjensen", "jsmith", "alice", "jo"])
        #expect(try matches("name.givenName pr") == ["bjensen"])
        #expect(try matches("externalId pr") == ["bjensen", "jsmith"])
        #expect(try matches("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager pr") == ["bjensen"])
        #expect(try matches("id pr") == ["bjensen", "jsmith", "alice", "jo"])
    }

    @Test func presenceOfComplexAttributesWithoutAValueSubAttribute() throws {
        #expect(try matches("name pr") == ["bjensen", "jsmith"])
        #expect(try matches("addresses pr") == ["jo"])
        #expect(try matches("meta pr") == ["bjensen", "jsmith", "alice", "jo"])
        #expect(try matches("not (name pr)") == ["alice", "jo"])
        #expect(try matches("urn:ietf:params:scim:schemas:core:2.0:User:name pr") == ["bjensen", "jsmith"])
    }

    @Test func nullMeansUnassigned() throws {
        #expect(try matches("title eq null") == ["jsmith", "alice"])
        #expect(try matches("title ne null") == ["bjensen", "jo"])
        #expect(try matches("active eq null") == ["jo"])
        #expect(try matches("emails[type eq null]") == [])
    }

    @Test func booleans() throws {
        #expect(try matches("active eq true") == ["bjensen", "jsmith"])
        #expect(try matches("active eq false") == ["alice"])
        #expect(try matches("active ne true") == ["alice", "jo"])
        #expect(try matches("not (active eq true)") == ["alice", "jo"])
        #expect(try matches(#"active eq "False""#) == ["alice"])  // Entra ID's string booleans work in filters too
        #expect(try matches("emails[primary eq true]") == ["bjensen"])
    }

    // MARK: Case sensitivity from caseExact

    @Test func caseExactAttributesCompareExactly() throws {
        #expect(try matches(#"id eq "2819c223-7f76-453a-919d-413861904646""#) == ["bjensen"])
        #expect(try matches(#"id eq "2819C223-7F76-453A-919D-413861904646""#) == [])
        #expect(try matches(#"externalId eq "EXT-a1""#) == ["jsmith"])
        #expect(try matches(#"externalId eq "ext-a1""#) == [])
        #expect(try matches(#"externalId sw "ext""#) == [])
        #expect(
            try matches(#"schemas eq "urn:ietf:params:scim:schemas:core:2.0:User""#) == [
                "bjensen", "jsmith", "alice", "jo",
            ])
        #expect(try matches(#"meta.resourceType eq "user""#) == [])
        #expect(try matches(#"meta.resourceType eq "User""#) == ["bjensen", "jsmith", "alice", "jo"])
    }

    @Test func caseInsensitiveAttributesIgnoreCase() throws {
        #expect(try matches(#"userName eq "ALICE""#) == ["alice"])
        #expect(try matches(#"emails.value eq "ALICE@example.com""#) == ["alice"])
        #expect(try matches(#"emails[type eq "WORK"]"#) == ["bjensen", "jsmith", "alice"])
        #expect(try matches(#"name.familyName eq "o'malley""#) == ["jsmith"])
    }

    // MARK: Date-times

    @Test func dateTimesCompareChronologicallyAcrossOffsets() throws {
        #expect(try matches(#"meta.lastModified eq "2011-05-13T06:42:34+02:00""#) == ["bjensen", "jo"])
        #expect(try matches(#"meta.lastModified eq "2011-05-13T04:42:34.000Z""#) == ["bjensen", "jo"])
        #expect(try matches(#"meta.lastModified ne "2011-05-13T04:42:34Z""#) == ["jsmith", "alice"])
        #expect(try matches(#"meta.lastModified gt "2011-05-12T23:42:34.5-05:00""#) == ["jsmith"])
        #expect(try matches(#"meta.lastModified lt "2011-05-13T04:42:34.001Z""#) == ["bjensen", "alice", "jo"])
        #expect(try matches(#"meta.created le "2010-01-23T04:56:22Z""#) == ["bjensen", "jsmith", "alice", "jo"])
        // A string comparison would order "2011-05-13T00:42:33-04:00" (alice) before everyone.
        #expect(
            try matches(#"meta.lastModified ge "2011-05-13T04:42:34Z" and meta.lastModified le "2011-05-13T04:42:34Z""#)
                == ["bjensen", "jo"])
        #expect(try matches(#"meta.lastModified sw "2011-05-13T0""#) == ["bjensen", "jsmith", "alice", "jo"])
    }

    @Test func orderingAgainstSomethingThatIsNotADateTimeIsAnInvalidFilter() throws {
        for filter in [
            #"meta.lastModified gt "yesterday""#, #"meta.lastModified eq "2011-05-13""#,
            #"meta.lastModified lt "2011-02-30T00:00:00Z""#,
        ] {
            let error = try #require(throws: SCIMError.self) { try FilterParser().parse(filter).compile(for: .user) }
            #expect(error.scimType == .invalidFilter)
            #expect(error.detail.contains("meta.lastModified"), "\(error.detail)")
        }
    }

    // MARK: Logic

    @Test func andBindsTighterThanOrWhenMatching() throws {
        // A or B and C = A ∪ (B ∩ C); the wrong grouping (A ∪ B) ∩ C would give only bjensen.
        #expect(try matches(#"userName eq "alice" or userType eq "Employee" and title pr"#) == ["alice", "bjensen"])
        #expect(try matches(#"(userName eq "alice" or userType eq "Employee") and title pr"#) == ["bjensen"])
        #expect(try matches(#"title pr and not (userType eq "Employee") or active eq false"#) == ["jo", "alice"])
        #expect(try matches(#"not (title pr and userType eq "Employee")"#) == ["jsmith", "alice", "jo"])
    }

    @Test func keywordsInAnyCaseMatchTheSame() throws {
        #expect(try matches(#"USERNAME Eq "bjensen" OR userName EQ "jo""#) == ["bjensen", "jo"])
        #expect(try matches(#"Title PR aNd NOT (UserType eq "Employee")"#) == ["jo"])
    }

    // MARK: Value filters and sub-attributes

    @Test func valueFiltersNeedOneElementThatSatisfiesEverything() throws {
        #expect(try matches(#"emails[type eq "work" and value co "@example.com"]"#) == ["bjensen"])
        #expect(try matches(#"emails.type eq "work" and emails.value co "@example.com""#) == ["bjensen", "alice"])
        #expect(try matches(#"emails[type eq "home" or primary eq true]"#) == ["bjensen", "alice", "jo"])
        #expect(try matches(#"emails[not (type eq "work")]"#) == ["bjensen", "alice", "jo"])
        #expect(try matches(#"emails[value pr]"#) == ["bjensen", "jsmith", "alice", "jo"])
        #expect(try matches(#"addresses[locality eq "berlin"]"#) == ["jo"])
        #expect(try matches(#"name[givenName sw "bar"]"#) == ["bjensen"])  // a single-valued complex attribute
        #expect(
            try matches(#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager[value eq "26118915"]"#)
                == ["bjensen"])
    }

    @Test func complexAttributesWithoutSubAttributeCompareTheirValue() throws {
        #expect(try matches(#"emails co "example.com""#) == ["bjensen", "alice"])
        #expect(try matches(#"emails eq "jo@example.net""#) == ["jo"])
        #expect(
            try matches(#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager eq "26118915""#)
                == ["bjensen"])
    }

    @Test func urnQualifiedExtensionPaths() throws {
        #expect(
            try matches(#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "701984""#)
                == ["bjensen"])
        #expect(
            try matches(#"URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER:DEPARTMENT co "tour""#)
                == ["bjensen"])
        #expect(
            try matches(#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "26118915""#)
                == ["bjensen"])
        #expect(
            try matches(#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department pr"#) == ["bjensen"])
    }

    // MARK: Numbers (custom extension)

    @Test func numbersCompareNumericallyAcrossIntegerAndDecimal() throws {
        let registry = try ValidationSupport.acmeRegistry()
        let acme = ValidationSupport.acmeURN
        func user(_ name: String, _ members: String) -> (String, JSONObject) {
            (
                name,
                FilterDirectory.user(
                    #"{"userName": "\#(name)", "\#(acme)": {\#(members)}}"#, id: name,
                    lastModified: "2020-01-01T00:00:00Z", registry: registry)
            )
        }
        let users = [
            user("one", #""level": 1, "score": 0.5, "isManager": false"#),
            user("two", #""level": 2, "score": 2, "isManager": true"#),
            user("ten", #""level": 10, "score": 9.75, "badges": [{"value": "D1", "type": "door"}]"#),
        ]
        func matching(_ filter: String) throws -> Set<String> {
            try FilterDirectory.matches(filter, users: users, resourceType: registry.user)
        }
        #expect(try matching("\(acme):level gt 1") == ["two", "ten"])
        #expect(try matching("\(acme):level ge 2 and \(acme):level le 9") == ["two"])
        #expect(try matching("\(acme):level eq 10") == ["ten"])  // numerically, not "10" < "2"
        #expect(try matching("\(acme):level lt 10") == ["one", "two"])
        #expect(try matching("\(acme):score eq 2.0") == ["two"])  // 2 and 2.0 are the same decimal
        #expect(try matching("\(acme):score gt 1") == ["two", "ten"])
        #expect(try matching("\(acme):score le -1e3") == [])
        #expect(try matching("\(acme):isManager eq false") == ["one"])
        #expect(try matching("\(acme):score pr") == ["one", "two", "ten"])
        #expect(try matching(#"\#(acme):badges[value eq "D1"]"#) == ["ten"])
        #expect(try matching(#"\#(acme):badges[value eq "d1"]"#) == [])  // badges.value is caseExact
    }

    // MARK: Compile errors

    @Test(arguments: [
        (#"foo eq "x""#, #"unknown attribute "foo""#),
        (#"name.nick eq "x""#, #"unknown attribute "name.nick""#),
        (#"department eq "x""#, #"unknown attribute "department""#),
        (#"urn:example:x:2.0:User:level gt 1"#, #"unknown attribute "urn:example:x:2.0:User:level""#),
        ("active gt true", "gt cannot order boolean values (active)"),
        ("active le false", "le cannot order boolean values"),
        (#"active co "t""#, "co applies to strings; active is boolean"),
        (#"active eq "yes""#, #"active is a boolean and cannot be compared with string "yes""#),
        ("active eq 1", "active is a boolean and cannot be compared with integer 1"),
        ("userName gt 5", "userName is a string and cannot be compared with integer 5"),
        ("userName eq true", "cannot be compared with boolean true"),
        ("userName gt null", "gt cannot compare with null"),
        ("userName co null", "co cannot compare with null"),
        (#"name eq "x""#, "name is complex; filter on one of its sub-attributes"),
        (#"addresses co "Berlin""#, "addresses is complex; filter on one of its sub-attributes"),
        (#"userName[value eq "x"]"#, #""userName[…]" needs a complex attribute"#),
        (#"emails.value[value eq "x"]"#, #"unknown attribute "emails.value""#),
        (#"emails[foo eq "x"]"#, #""foo" is not a sub-attribute of emails"#),
        (#"emails[value.x eq "x"]"#, #""value.x" is not a sub-attribute of emails"#),
        (
            #"emails[urn:ietf:params:scim:schemas:core:2.0:User:emails.value eq "x"]"#,
            "is not a sub-attribute of emails"
        ),
        (#"x509Certificates.value gt "a""#, "gt cannot order binary values"),
        (#"emails[primary gt true]"#, "gt cannot order boolean values (primary)"),
    ])
    func compileErrorsAreInvalidFilterNamingTheAttribute(_ filter: String, _ expected: String) throws {
        let parsed = try FilterParser().parse(filter)
        let error = try #require(throws: SCIMError.self) { try parsed.compile(for: .user) }
        #expect(error.status == 400)
        #expect(error.scimType == .invalidFilter)
        #expect(error.detail.contains(expected), "\(error.detail)")
    }

    @Test func groupFilters() throws {
        let group = try ResourceValidator(resourceType: .group).validate(
            fixtureObject("rfc7643-8.4-group.json"), mode: .create)
        func match(_ text: String) throws -> Bool { try FilterParser().parse(text).compile(for: .group).matches(group) }
        #expect(try match(#"displayName eq "tour guides""#))
        #expect(try match(#"members[value eq "902c246b-6245-4190-8e05-00816be7344a"]"#))
        #expect(try match(#"members eq "2819c223-7f76-453a-919d-413861904646""#))
        #expect(try !match(#"members[display eq "Nobody"]"#))
        #expect(throws: SCIMError.self) { try FilterParser().parse(#"userName eq "x""#).compile(for: .group) }
    }
}
