public import SCIM

/// Stops the fuzzer with `message` when a property does not hold.
///
/// `precondition` would trap too, but an optimized build drops its message, and the message is what tells a crash
/// found by a property apart from a crash in the code under test.
public func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("property violated: \(message())") }
}

/// Resources as the store holds them (canonical, with `id` and `meta`), for filters to match and PATCHes to change.
/// Every kind of attribute the schemas have is present: single- and multi-valued, complex, the enterprise extension
/// with `manager`, dateTimes, booleans, two `primary` values of which one is true.
public enum SampleResources {
    /// A canonical User.
    public static let user: JSONObject = canonical(
        .user, id: "2819c223-7f76-453a-919d-413861904646",
        #"""
        {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                     "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
         "externalId": "701984", "userName": "bjensen@example.com", "displayName": "Babs Jensen",
         "name": {"formatted": "Ms. Barbara J Jensen, III", "familyName": "Jensen", "givenName": "Barbara"},
         "title": "Tour Guide", "userType": "Employee", "preferredLanguage": "en-US", "locale": "en-US",
         "timezone": "America/Los_Angeles", "active": true,
         "emails": [{"value": "bjensen@example.com", "type": "work", "primary": true},
                    {"value": "babs@jensen.org", "type": "home"}],
         "phoneNumbers": [{"value": "555-555-5555", "type": "work"}, {"value": "555-555-4444", "type": "mobile"}],
         "addresses": [{"streetAddress": "100 Universal City Plaza", "locality": "Hollywood", "region": "CA",
                        "postalCode": "91608", "country": "USA", "type": "work", "primary": true}],
         "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
             "employeeNumber": "701984", "costCenter": "4130", "organization": "Universal Studios",
             "division": "Theme Park", "department": "Tour Operations",
             "manager": {"value": "26118915-6090-4610-87e4-49d8ca9f808d"}}}
        """#)

    /// A canonical Group with two members.
    public static let group: JSONObject = canonical(
        .group, id: "e9e30dba-f08f-4109-8486-d5c6a331660a",
        #"""
        {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Tour Guides",
         "externalId": "tour-guides",
         "members": [{"value": "2819c223-7f76-453a-919d-413861904646", "display": "Babs Jensen"},
                     {"value": "902c246b-6245-4190-8e05-00816be7344a", "display": "Mandy Pepperidge"}]}
        """#)

    /// `body` validated for creation, then given the `id` and `meta` the store adds.
    private static func canonical(_ type: ResourceType, id: String, _ body: String) -> JSONObject {
        do {
            var resource = try ResourceValidator(resourceType: type).validate(
                JSONParser().parse(body).objectValue!, mode: .create)
            resource["id"] = .string(id)
            resource["meta"] = [
                "resourceType": .string(type.name), "created": "2010-01-23T04:56:22Z",
                "lastModified": "2011-05-13T04:42:34Z", "version": #"W/"3694e05e9dff590""#,
            ]
            return resource
        } catch {
            fatalError("the sample \(type.name) is invalid: \(error)")
        }
    }
}
