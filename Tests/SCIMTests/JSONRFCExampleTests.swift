import Foundation
import Testing

@testable import SCIM

/// The bytes of a file in `Tests/SCIMTests/Fixtures/`.
func fixtureBytes(_ name: String) throws -> [UInt8] {
    let url = try #require(
        Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil), "missing fixture \(name)")
    return Array(try Data(contentsOf: url))
}

/// A JSON fixture, parsed.
func fixture(_ name: String) throws -> JSONValue {
    try JSONParser().parse(fixtureBytes(name))
}

/// A JSON object fixture, parsed.
func fixtureObject(_ name: String) throws -> JSONObject {
    try #require(fixture(name).objectValue)
}

/// The RFC 7643 §8 examples survive parse → write → parse unchanged, in both writer formats.
@Suite struct JSONRFCExampleTests {
    static let examples = ["rfc7643-8.2-full-user.json", "rfc7643-8.3-enterprise-user.json", "rfc7643-8.4-group.json"]

    @Test(arguments: examples)
    func exampleRoundTripsThroughWriterAndParser(_ name: String) throws {
        let value = try fixture(name)
        for writer in [JSONWriter.compact, JSONWriter.pretty] {
            let written = writer.bytes(value)
            let reparsed = try JSONParser().parse(written)
            #expect(reparsed == value)
            #expect(writer.bytes(reparsed) == written)
        }
    }

    @Test func fullUserExampleReadsAsTheRFCPrintsIt() throws {
        let user = try fixture("rfc7643-8.2-full-user.json")
        #expect(user["userName"] == "bjensen@example.com")
        #expect(user["meta"]?["version"] == #"W/"a330bc54f0671c9""#)  // written W\/\"…\" in the RFC
        #expect(
            user["addresses"]?.arrayValue?.first?["formatted"] == "100 Universal City Plaza\nHollywood, CA 91608 USA")
        #expect(user["password"] == "t1meMa$heen")
        #expect(user["active"] == true)
        #expect(user["emails"]?.arrayValue?.count == 2)
        #expect(user["x509Certificates"]?.arrayValue?.first?["value"]?.stringValue?.count == 1120)
        #expect(user.objectValue?.count == 23)
    }

    @Test func groupExamplePrettyPrintsAsTheDirectoryStoresIt() throws {
        let group = try fixture("rfc7643-8.4-group.json")
        let expected = #"""
            {
              "displayName": "Tour Guides",
              "id": "e9e30dba-f08f-4109-8486-d5c6a331660a",
              "members": [
                {
                  "$ref": "https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646",
                  "display": "Babs Jensen",
                  "value": "2819c223-7f76-453a-919d-413861904646"
                },
                {
                  "$ref": "https://example.com/v2/Users/902c246b-6245-4190-8e05-00816be7344a",
                  "display": "Mandy Pepperidge",
                  "value": "902c246b-6245-4190-8e05-00816be7344a"
                }
              ],
              "meta": {
                "created": "2010-01-23T04:56:22Z",
                "lastModified": "2011-05-13T04:42:34Z",
                "location": "https://example.com/v2/Groups/e9e30dba-f08f-4109-8486-d5c6a331660a",
                "resourceType": "Group",
                "version": "W/\"3694e05e9dff592\""
              },
              "schemas": [
                "urn:ietf:params:scim:schemas:core:2.0:Group"
              ]
            }

            """#
        #expect(JSONWriter.pretty.string(group) == expected)
    }
}
