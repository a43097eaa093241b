import Foundation
import Testing

@testable import SCIM

/// The expectations of `discovery.json` (what Okta's spec test and Entra ID's schema discovery read), checked against
/// the documents themselves. The HTTP replay of the same file (status codes, headers, 405s) belongs to
/// SCIMServerTests; this suite proves the documents carry the members.
@Suite struct DiscoveryTranscriptTests {
    private static let base = "https://app.example.com/api/ee/scim/v2"

    /// The transcript, read from the SCIMServerTests resources beside this target.
    private static func transcript() throws -> JSONValue {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("SCIMServerTests/Transcripts/discovery.json")
        return try JSONParser().parse(try String(contentsOf: url, encoding: .utf8))
    }

    /// The document a GET of `path` (relative to the base URL) serves.
    private static func document(at path: String) throws -> JSONValue {
        let registry = SchemaRegistry.standard
        switch path {
        case "/ServiceProviderConfig": return ServiceProviderConfig().jsonValue(baseURL: base)
        case "/ResourceTypes": return registry.resourceTypesListResponse(baseURL: base).jsonValue
        case "/Schemas": return registry.schemasListResponse(baseURL: base).jsonValue
        default:
            if path.hasPrefix("/Schemas/") {
                return try registry.schemaDocument(id: String(path.dropFirst("/Schemas/".count)), baseURL: base)
            }
            if path.hasPrefix("/ResourceTypes/") {
                return try registry.resourceTypeDocument(
                    id: String(path.dropFirst("/ResourceTypes/".count)), baseURL: base)
            }
            throw SCIMError.notFound(path)
        }
    }

    @Test func everyReadOfTheTranscriptFindsWhatItExpects() throws {
        let steps = try #require(try Self.transcript()["steps"]?.arrayValue)
        var checked = 0
        for step in steps where step["request"]?["method"] == "GET" {
            let path = try #require(step["request"]?["path"]?.stringValue)
            let expect = try #require(step["expect"])
            let document = try Self.document(at: path)
            if let included = expect["bodyIncludes"] {
                #expect(Self.matches(document, included), "GET \(path): bodyIncludes does not match")
            }
            for bodyPath in expect["bodyPaths"]?.arrayValue?.compactMap(\.stringValue) ?? [] {
                let value = Self.value(at: bodyPath, in: document)
                #expect(value != nil && value != .null, "GET \(path): \(bodyPath) is missing")
            }
            checked += 1
        }
        #expect(checked == 5)
    }

    @Test func theMatcherCanFail() {
        #expect(!Self.matches(["a": [1, 2]], ["a": [1, 1]]))
        #expect(!Self.matches(["a": []], ["a": [1]]))
        #expect(!Self.matches(["a": [1]], ["a": []]))
        #expect(!Self.matches(["a": false], ["a": "false"]))
        #expect(Self.matches(["a": [["x": 1, "y": 2], ["x": 3]], "b": 1], ["a": [["x": 3], ["y": 2]]]))
        #expect(Self.value(at: "a[1].x", in: ["a": [["x": 1], ["x": 2]]]) == 2)
        #expect(Self.value(at: "a[2].x", in: ["a": [["x": 1], ["x": 2]]]) == nil)
    }

    /// `bodyIncludes` as the transcripts README defines it: objects by subset, non-empty arrays by matching each
    /// expected element to a different actual element, `[]` exactly, scalars by equal value and type.
    private static func matches(_ actual: JSONValue, _ expected: JSONValue) -> Bool {
        switch (actual, expected) {
        case (.object(let actualMembers), .object(let expectedMembers)):
            return expectedMembers.allSatisfy { key, value in actualMembers[key].map { matches($0, value) } ?? false }
        case (.array(let actualElements), .array(let expectedElements)):
            if expectedElements.isEmpty { return actualElements.isEmpty }
            return assign(expectedElements[...], to: actualElements, used: [])
        default:
            return actual == expected
        }
    }

    private static func assign(_ expected: ArraySlice<JSONValue>, to actual: [JSONValue], used: Set<Int>) -> Bool {
        guard let first = expected.first else { return true }
        return actual.indices.contains { index in
            !used.contains(index) && matches(actual[index], first)
                && assign(expected.dropFirst(), to: actual, used: used.union([index]))
        }
    }

    /// A `bodyPaths` path such as `authenticationSchemes[0].type`.
    private static func value(at path: String, in document: JSONValue) -> JSONValue? {
        var current: JSONValue? = document
        for part in path.split(separator: ".") {
            let pieces = part.split(separator: "[")
            current = current?[String(pieces[0])]
            for index in pieces.dropFirst() {
                guard let position = Int(index.dropLast()), let elements = current?.arrayValue,
                    elements.indices.contains(position)
                else { return nil }
                current = elements[position]
            }
        }
        return current
    }
}
