/// Something in the metadata that was skipped or could not be interpreted, without making the document unusable.
///
/// Examples: `line 2: cacheDuration "P2DT" is not a valid xs:duration; ignored`,
/// `line 6: AssertionConsumerService has no Binding attribute; endpoint skipped`.
/// Warnings cover the chosen entity and the `EntitiesDescriptor`s that enclose it, not the rest of an aggregate.
public struct MetadataWarning: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The 1-based line of the element concerned.
    public let line: Int
    /// What was skipped or ignored, and why.
    public let message: String

    /// Creates a warning.
    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    /// `line N: message`.
    public var description: String {
        "line \(line): \(message)"
    }
}
