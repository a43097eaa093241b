import Foundation
import Testing

@testable import SAMLMetadata

/// The corpus copied from `../shared/saml-corpus/` (facts in `Fixtures/MANIFEST.md`) and small helpers for tests.
enum Fixture {
    static func url(_ name: String) throws -> URL {
        let resources = try #require(Bundle.module.resourceURL)
        return resources.appending(path: "Fixtures").appending(path: name)
    }

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: url(name))
    }

    /// Parses a corpus file with the default limits.
    static func parse(_ name: String, entityID: String? = nil) throws -> MetadataDocument {
        try SAMLMetadataParser().parse(data(name), entityID: entityID)
    }

    /// Parses a corpus file that must be refused, returning the error.
    static func error(_ name: String, entityID: String? = nil) throws -> SAMLMetadataError {
        let data = try data(name)
        return try #require(throws: SAMLMetadataError.self) {
            try SAMLMetadataParser().parse(data, entityID: entityID)
        }
    }

    /// The corpus files at the top level of `Fixtures/`, sorted.
    static func corpusFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url("").path).filter { $0.hasSuffix(".xml") }.sorted()
    }

    /// The hostile files in `Fixtures/hostile/`, sorted.
    static func hostileFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url("hostile").path).filter { $0.hasSuffix(".xml") }
            .sorted()
            .map { "hostile/\($0)" }
    }
}

/// A full binding URI from its last part, e.g. `binding("HTTP-POST")`.
func binding(_ name: String) -> String {
    "urn:oasis:names:tc:SAML:2.0:bindings:\(name)"
}

/// The instant of an ISO 8601 UTC timestamp without fractional seconds, read independently of the code under test.
func utc(_ text: String) throws -> Date {
    try Date(text, strategy: .iso8601)
}

/// `(binding, location)` pairs, for comparing endpoint lists compactly.
func pairs(_ endpoints: [Endpoint]) -> [[String]] {
    endpoints.map { [$0.binding, $0.location] }
}

/// A small deterministic generator (SplitMix64), so random inputs are the same on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
