import Foundation
import Testing

@testable import SCIM

/// The RFC 7643 §8 examples through `ResourceValidator`: every client-writable attribute survives unchanged and in
/// canonical form; the read-only `id`, `meta`, `groups` (and `manager.displayName`) and the write-only `password` are
/// dropped by design.
@Suite struct ValidationRFCExampleTests {
    /// `object` without the named top-level members.
    func removing(_ names: String..., from object: JSONObject) -> JSONObject {
        object.filter { !names.contains($0.key) }
    }

    @Test func fullUserExampleSurvivesCreateExceptReadOnlyAndWriteOnlyAttributes() throws {
        let input = try fixtureObject("rfc7643-8.2-full-user.json")
        let output = try ResourceValidator(resourceType: .user).validate(input, mode: .create)
        #expect(output == removing("id", "meta", "groups", "password", from: input))
        #expect(output["password"] == nil)
        #expect(output["x509Certificates"] == input["x509Certificates"])

        // What the store adds back gives the original resource minus the derived and the secret attributes.
        var stored = output
        stored["id"] = input["id"]
        stored["meta"] = input["meta"]
        #expect(stored == removing("groups", "password", from: input))
    }

    @Test func enterpriseUserExampleSurvivesCreateExceptTheManagersReadOnlyDisplayName() throws {
        let input = try fixtureObject("rfc7643-8.3-enterprise-user.json")
        let output = try ResourceValidator(resourceType: .user).validate(input, mode: .create)

        // RFC 7643 §4.3 makes manager.displayName readOnly ("set by the service provider"), so a client cannot set it.
        var expected = removing("id", "meta", "groups", "password", from: input)
        var enterprise = try #require(expected[Schema.enterpriseUserURN]?.objectValue)
        var manager = try #require(enterprise["manager"]?.objectValue)
        manager["displayName"] = nil
        enterprise["manager"] = .object(manager)
        expected[Schema.enterpriseUserURN] = .object(enterprise)
        #expect(output == expected)
        #expect(output["schemas"] == [.string(Schema.userURN), .string(Schema.enterpriseUserURN)])

        var stored = output
        stored["id"] = input["id"]
        stored["meta"] = input["meta"]
        expected["id"] = input["id"]
        expected["meta"] = input["meta"]
        #expect(stored == expected)
    }

    @Test func groupExampleSurvivesCreateExceptIdAndMeta() throws {
        let input = try fixtureObject("rfc7643-8.4-group.json")
        let output = try ResourceValidator(resourceType: .group).validate(input, mode: .create)
        #expect(output == removing("id", "meta", from: input))
        var stored = output
        stored["id"] = input["id"]
        stored["meta"] = input["meta"]
        #expect(stored == input)
    }

    @Test(arguments: [
        ("rfc7643-8.2-full-user.json", ResourceType.user), ("rfc7643-8.3-enterprise-user.json", .user),
        ("rfc7643-8.4-group.json", .group),
    ])
    func canonicalExamplesAreFixedPointsOfEveryMode(_ name: String, _ resourceType: ResourceType) throws {
        let validator = ResourceValidator(resourceType: resourceType)
        let canonical = try validator.validate(fixtureObject(name), mode: .create)
        #expect(try validator.validate(canonical, mode: .create) == canonical)
        #expect(try validator.validate(canonical, mode: .replace(existing: canonical)) == canonical)
        #expect(try validator.validate(canonical, mode: .patch(original: canonical)) == canonical)
    }

    @Test func examplesStillValidateWhenEveryNameIsWrittenInAnotherCase() throws {
        let input = try fixtureObject("rfc7643-8.3-enterprise-user.json")
        let validator = ResourceValidator(resourceType: .user)
        let upper = try validator.validate(uppercasingNames(.object(input)).objectValue!, mode: .create)
        #expect(upper == (try validator.validate(input, mode: .create)))
    }

    /// Every member name upper-cased, recursively (values untouched).
    func uppercasingNames(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object):
            return .object(
                Dictionary(uniqueKeysWithValues: object.map { ($0.key.uppercased(), uppercasingNames($0.value)) }))
        case .array(let elements): return .array(elements.map(uppercasingNames))
        default: return value
        }
    }
}
