import Foundation
import Testing

@testable import SAMLMetadata

/// Broken and mutated input never crashes the parser: it either parses or throws a `SAMLMetadataError`
/// (the typed `throws` guarantees the error type; these tests guarantee the process survives and the outcome is sane).
@Suite("Robustness")
struct RobustnessTests {
    /// Every prefix that stops before the root's end tag is refused: no partial tree is ever used.
    @Test(arguments: ["okta-idp.xml", "google-workspace-idp.xml", "sp-requested-attributes-expired.xml"])
    func truncatedPrefixesAreRefused(file: String) throws {
        let data = try Fixture.data(file)
        let full = try Fixture.parse(file, entityID: Fixture.firstEntityID(file))
        let endTag = try #require(data.lastRange(of: Data("EntityDescriptor>".utf8))).upperBound
        for length in 0..<data.count {
            let prefix = data.prefix(length)
            if length < endTag {
                #expect(throws: SAMLMetadataError.self, "prefix of \(length) bytes") {
                    try SAMLMetadataParser().parse(prefix, entityID: full.entity.entityID)
                }
            } else {
                #expect(try SAMLMetadataParser().parse(prefix, entityID: full.entity.entityID) == full)
            }
        }
    }

    /// Prefixes of a larger, BOM-prefixed document, every 37 bytes.
    @Test func truncatedPrefixesOfEntraAreRefused() throws {
        let data = try Fixture.data("entra-id-federationmetadata.xml")
        for length in stride(from: 0, to: data.count - 20, by: 37) {
            let error = #expect(throws: SAMLMetadataError.self) { try SAMLMetadataParser().parse(data.prefix(length)) }
            #expect(error?.kind == .malformedXML, "prefix of \(length) bytes")
        }
    }

    /// Random byte edits: replacements, deletions, insertions, duplicated slices and XML-significant tokens.
    @Test(arguments: [
        "okta-idp.xml", "keycloak-idp.xml", "idp-validuntil-cacheduration-attributes.xml",
        "entities-sp-and-two-idps.xml", "sp-esi-coco-entity-attributes.xml", "idp-kitchen-sink-sustainsys.xml",
    ])
    func randomMutationsParseOrThrow(file: String) throws {
        let original = Array(try Fixture.data(file))
        let entityID = try Fixture.firstEntityID(file)
        var random = SplitMix64(state: UInt64(truncatingIfNeeded: file.utf8.reduce(5381) { $0 &* 33 &+ Int($1) }))
        var parsed = 0
        var refused = 0
        for _ in 0..<400 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                mutate(&bytes, using: &random)
            }
            do {
                let document = try SAMLMetadataParser().parse(Data(bytes), entityID: entityID)
                #expect(!document.entity.entityID.isEmpty)
                #expect(document.entities.contains { $0.entityID == document.entity.entityID })
                parsed += 1
            } catch {
                #expect(!error.message.isEmpty)
                refused += 1
            }
        }
        // Both outcomes occur, so the mutations reach the XML parser and the metadata reader alike.
        #expect(parsed > 0)
        #expect(refused > 0)
    }

    /// Parses from many tasks at once give the same results as one at a time (libxml2 set-up happens once,
    /// each parse has its own context).
    @Test func concurrentParsesAgree() async throws {
        let files = try Fixture.corpusFiles()
        let inputs = try files.map { try Fixture.data($0) }
        let sequential = inputs.map { data in
            Result { () throws(SAMLMetadataError) in try SAMLMetadataParser().parse(data) }
        }
        let concurrent = await withTaskGroup(of: (Int, Result<MetadataDocument, SAMLMetadataError>).self) { group in
            for _ in 0..<8 {
                for (index, data) in inputs.enumerated() {
                    group.addTask {
                        let result = Result { () throws(SAMLMetadataError) in try SAMLMetadataParser().parse(data) }
                        return (index, result)
                    }
                }
            }
            var results: [(Int, Result<MetadataDocument, SAMLMetadataError>)] = []
            for await result in group {
                results.append(result)
            }
            return results
        }
        #expect(concurrent.count == files.count * 8)
        for (index, result) in concurrent {
            #expect(result == sequential[index], "\(files[index])")
        }
    }

    private func mutate(_ bytes: inout [UInt8], using random: inout SplitMix64) {
        guard !bytes.isEmpty else { return }
        let position = Int.random(in: 0..<bytes.count, using: &random)
        switch Int.random(in: 0..<5, using: &random) {
        case 0:
            bytes[position] = UInt8.random(in: 0...255, using: &random)
        case 1:
            let end = min(bytes.count, position + Int.random(in: 1...64, using: &random))
            bytes.removeSubrange(position..<end)
        case 2:
            bytes.insert(
                contentsOf: (0..<Int.random(in: 1...8, using: &random)).map { _ in
                    UInt8.random(in: 0...255, using: &random)
                }, at: position)
        case 3:
            let end = min(bytes.count, position + Int.random(in: 1...200, using: &random))
            bytes.insert(contentsOf: bytes[position..<end], at: Int.random(in: 0...bytes.count, using: &random))
        default:
            let tokens = [
                "<", ">", "&", "&amp;", "\"", "'", "]]>", "<!--", "<!DOCTYPE x [", "\u{0}", "é", "xmlns:md=\"urn:x\"",
            ]
            let token = tokens[Int.random(in: 0..<tokens.count, using: &random)]
            bytes.insert(contentsOf: Array(token.utf8), at: position)
        }
    }
}

extension Fixture {
    /// The entityID of the document's first entity, so that SP-only files can be parsed too.
    static func firstEntityID(_ name: String) throws -> String {
        do {
            return try parse(name).entity.entityID
        } catch let error as SAMLMetadataError {
            return try #require(error.candidates.first)
        }
    }
}
