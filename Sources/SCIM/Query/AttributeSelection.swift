/// Which attributes a response carries (RFC 7644 §3.4.2.5, §3.9): the default set, the minimum set plus the named
/// attributes (`attributes`), or the default set minus the named ones (`excludedAttributes`).
///
/// ```swift
/// let selection = try AttributeSelection(queryParameters: [("attributes", "userName,name.givenName")])
/// // .attributes([userName, name.givenName])
/// let output = selection.projection(for: registry.user).apply(to: resource)
/// ```
///
/// Names are attribute paths in standard attribute notation (RFC 7644 §3.10): case-insensitive, optionally
/// URN-qualified, `name.givenName` for a sub-attribute, or an extension URN alone for the whole extension. Whether a
/// name is defined is decided by ``AttributeProjection``, which ignores names no schema defines.
public enum AttributeSelection: Sendable, Hashable {
    /// Attributes returned by default (`returned` `always` or `default`, RFC 7643 §7).
    case `default`
    /// `attributes`: the `always` attributes plus those named; `request` attributes only when named.
    case attributes([AttributePath])
    /// `excludedAttributes`: the default set minus those named; `always` attributes cannot be excluded.
    case excludedAttributes([AttributePath])

    /// Reads the two lists; empty or blank names are skipped, and two empty lists mean ``default``.
    ///
    /// - Throws: 400 `invalidValue` when both lists name attributes (RFC 7644 §3.9 makes them mutually exclusive,
    ///   and neither choice would be what the client meant); 400 `invalidPath` when a name is not an attribute path.
    public init(attributes: [String] = [], excludedAttributes: [String] = []) throws(SCIMError) {
        let included = try Self.paths(attributes)
        let excluded = try Self.paths(excludedAttributes)
        switch (included.isEmpty, excluded.isEmpty) {
        case (true, true): self = .default
        case (false, true): self = .attributes(included)
        case (true, false): self = .excludedAttributes(excluded)
        case (false, false):
            throw .invalidValue("\"attributes\" and \"excludedAttributes\" cannot be used together (RFC 7644 §3.9)")
        }
    }

    /// Reads `attributes` and `excludedAttributes` from URL query parameters, for responses that carry one resource
    /// (GET, POST, PUT and PATCH, RFC 7644 §3.9). Values are comma-separated lists; parameter names are
    /// case-insensitive; other parameters are ignored.
    ///
    /// - Parameter queryParameters: name/value pairs, already percent-decoded (and `+` decoded as a space).
    /// - Throws: as ``init(attributes:excludedAttributes:)``, and 400 `invalidValue` when a parameter is repeated.
    public init(queryParameters: [(name: String, value: String)]) throws(SCIMError) {
        try self.init(ParameterLookup(queryParameters))
    }

    init(_ lookup: ParameterLookup<String>) throws(SCIMError) {
        try self.init(
            attributes: Self.commaSeparated(try lookup.value("attributes")),
            excludedAttributes: Self.commaSeparated(try lookup.value("excludedAttributes")))
    }

    /// The projection of this selection onto a resource type's schemas.
    public func projection(for resourceType: ResourceType) -> AttributeProjection {
        AttributeProjection(selection: self, resourceType: resourceType)
    }

    private static func commaSeparated(_ text: String?) -> [String] {
        text.map { $0.split(separator: ",").map(String.init) } ?? []
    }

    private static func paths(_ names: [String]) throws(SCIMError) -> [AttributePath] {
        var paths: [AttributePath] = []
        for name in names {
            let trimmed = name.trimmingSpaces
            if !trimmed.isEmpty { paths.append(try AttributePath(parsing: trimmed)) }
        }
        return paths
    }
}

extension String {
    /// The text without leading and trailing spaces and tabs (`attributes=userName, name` is common).
    fileprivate var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
