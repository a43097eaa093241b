/// Bounds applied to a metadata document before and while it is parsed.
///
/// ```swift
/// let parser = SAMLMetadataParser(limits: MetadataLimits(maximumBytes: 16 * 1024 * 1024))  // a large federation feed
/// ```
///
/// The byte limit is checked before libxml2 sees a byte, so an oversized input costs nothing to reject.
/// Nesting depth is bounded by libxml2 itself (256 levels; the parser never sets `XML_PARSE_HUGE`, which would lift it),
/// and entity expansion cannot happen because any DOCTYPE is refused.
public struct MetadataLimits: Sendable, Equatable {
    /// The default byte limit: 4 MiB (4,194,304 bytes). An identity provider's own metadata is a few KB to ~100 KB
    /// (AD FS); small federation aggregates fit too.
    public static let defaultMaximumBytes = 4 * 1024 * 1024

    /// The largest accepted document, in bytes. Values above `Int32.max` are treated as `Int32.max`,
    /// the most libxml2 can take from memory in one call.
    public var maximumBytes: Int

    /// Creates limits; `maximumBytes` defaults to ``defaultMaximumBytes``.
    public init(maximumBytes: Int = MetadataLimits.defaultMaximumBytes) {
        self.maximumBytes = maximumBytes
    }
}
