import Foundation
import Testing

@testable import SAMLMetadata

@Suite("SAMLMetadataError")
struct SAMLMetadataErrorTests {
    @Test func descriptionPrefixesTheLineWhenKnown() {
        #expect(SAMLMetadataError(kind: .malformedXML, line: 3, message: "bad").description == "line 3: bad")
        #expect(SAMLMetadataError(kind: .tooLarge, message: "big").description == "big")
    }

    @Test func libxml2sUnknownLineIsNil() {
        #expect(SAMLMetadataError(kind: .malformedXML, line: 0, message: "bad").line == nil)
    }

    @Test func roundTripsThroughJSON() throws {
        let error = SAMLMetadataError(kind: .ambiguousEntity, line: nil, message: "choose", candidates: ["a", "b"])
        let decoded = try JSONDecoder().decode(SAMLMetadataError.self, from: JSONEncoder().encode(error))
        #expect(decoded == error)
    }
}
