public import Foundation

/// An `md:EntitiesDescriptor` that encloses the chosen entity (saml-metadata-2.0-os §2.3.1): its name and the
/// validity it imposes on everything inside it.
public struct EntitiesDescriptor: Sendable, Equatable, Codable {
    /// The `Name` attribute, when present (e.g. `urn:mace:swami.se:swamid:test-1.0`).
    public let name: String?
    /// `validUntil`, when present and valid.
    public let validUntil: Date?
    /// `cacheDuration`, when present and valid.
    public let cacheDuration: XSDuration?
    /// The line of the start tag.
    public let line: Int

    /// Creates a group.
    public init(name: String?, validUntil: Date? = nil, cacheDuration: XSDuration? = nil, line: Int) {
        self.name = name
        self.validUntil = validUntil
        self.cacheDuration = cacheDuration
        self.line = line
    }
}
