import Testing

@testable import SCIM

// Helpers shared by the Patch* suites; names carry "patch" so that they cannot collide with other suites' helpers.

/// Parses JSON text written in a test; a typo in a test body is a test bug, so it traps.
func patchJSON(_ text: String) -> JSONValue {
    try! JSONParser().parse(text)
}

/// `text` with `"` escaped, to put a path into a JSON string of a test body.
func patchEscaped(_ text: String) -> String {
    var escaped = ""
    for character in text { escaped += character == "\"" ? "\\\"" : String(character) }
    return escaped
}

/// A resource as the store keeps it: the canonical form of `text` plus `id` and `meta`.
func patchStored(_ text: String, type: ResourceType = .user, id: String = "2819c223-7f76-453a-919d-413861904646")
    -> JSONObject
{
    var resource = try! ResourceValidator(resourceType: type).validate(patchJSON(text).objectValue!, mode: .create)
    resource["id"] = .string(id)
    resource["meta"] = [
        "resourceType": .string(type.name), "created": "2025-01-23T04:56:22Z", "lastModified": "2025-01-23T04:56:22Z",
        "version": #"W/"3694e05e9dff590""#,
    ]
    return resource
}

/// Applies a PatchOp message whose `Operations` array is `operations` (JSON text) to `resource`.
func patchApply(_ resource: JSONObject, _ operations: String, type: ResourceType = .user) throws(SCIMError)
    -> PatchResult
{
    let body = patchJSON(
        #"{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": "# + operations + "}")
    return try PatchEngine(resourceType: type).apply(PatchRequest(json: body), to: resource)
}

/// The error a PATCH throws, recording an issue when it succeeds instead.
func patchError(
    _ resource: JSONObject, _ operations: String, type: ResourceType = .user,
    sourceLocation: SourceLocation = #_sourceLocation
) -> SCIMError? {
    #expect(throws: SCIMError.self, sourceLocation: sourceLocation) { try patchApply(resource, operations, type: type) }
}

/// Babs Jensen, a trimmed version of RFC 7643 §8.2's full User: the resource most PATCH examples start from.
let patchBabs = patchStored(
    #"""
    {
      "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
      "externalId": "701984",
      "userName": "bjensen@example.com",
      "name": {"formatted": "Ms. Barbara J Jensen, III", "familyName": "Jensen", "givenName": "Barbara",
               "middleName": "Jane"},
      "displayName": "Babs Jensen",
      "emails": [{"value": "bjensen@example.com", "type": "work", "primary": true},
                 {"value": "babs@jensen.org", "type": "home"}],
      "addresses": [{"type": "work", "streetAddress": "100 Universal City Plaza", "locality": "Hollywood",
                     "region": "CA", "postalCode": "91608", "country": "USA", "primary": true},
                    {"type": "home", "streetAddress": "456 Hollywood Blvd", "locality": "Hollywood",
                     "region": "CA", "postalCode": "91608", "country": "USA"}],
      "active": true,
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
        "employeeNumber": "701984", "department": "Tour Operations",
        "manager": {"value": "26118915-6090-4610-87e4-49d8ca9f808d"}
      }
    }
    """#)

/// The group of RFC 7644 §3.5.2's examples, with Babs as its only member.
let patchTourGuides = patchStored(
    #"""
    {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Tour Guides",
     "members": [{"value": "2819c223-7f76-453a-919d-413861904646", "display": "Babs Jensen",
                  "$ref": "https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646"}]}
    """#, type: .group, id: "acbf3ae7-8463-4692-b4fd-9b4da3f908ce")

/// The `emails` of a resource, for compact assertions.
func patchEmails(_ resource: JSONObject) -> [JSONValue] {
    resource["emails"]?.arrayValue ?? []
}

/// The member ids of a group, in order.
func patchMemberIDs(_ group: JSONObject) -> [String] {
    (group["members"]?.arrayValue ?? []).compactMap { $0["value"]?.stringValue }
}

/// The enterprise extension object of a user.
func patchEnterprise(_ user: JSONObject) -> JSONObject? {
    user[Schema.enterpriseUserURN]?.objectValue
}
