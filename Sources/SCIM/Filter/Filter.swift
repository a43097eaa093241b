/// A parsed SCIM filter (RFC 7644 §3.4.2.2): the syntax tree of `FILTER`, before it is checked against a schema.
///
/// ```swift
/// let filter = try FilterParser().parse(#"emails[type eq "work" and value co "@example.com"] or userName sw "J""#)
/// filter.description   // the canonical text, which parses back to the same tree
/// let predicate = try filter.compile(for: .user)
/// predicate.matches(resource)
/// ```
public indirect enum Filter: Sendable, Hashable {
    /// `attrPath compareOp compValue`, e.g. `userName eq "bjensen"`. The value is a string, number, boolean or `null`.
    case comparison(AttributePath, ComparisonOperator, JSONValue)
    /// `attrPath pr`: the attribute has a non-empty value.
    case present(AttributePath)
    /// `not (FILTER)`.
    case not(Filter)
    /// `FILTER and FILTER`.
    case and(Filter, Filter)
    /// `FILTER or FILTER`.
    case or(Filter, Filter)
    /// `attrPath [valFilter]`: some value of a multi-valued complex attribute matches the inner filter, whose paths
    /// name sub-attributes of `attrPath` (e.g. `emails[type eq "work"]`).
    case valuePath(AttributePath, Filter)
}

/// The comparison operators of RFC 7644 §3.4.2.2, Table 3 (`pr` is ``Filter/present(_:)``).
public enum ComparisonOperator: String, Sendable, Hashable, CaseIterable {
    /// Equal.
    case eq
    /// Not equal.
    case ne
    /// Contains (strings and references).
    case co
    /// Starts with (strings and references).
    case sw
    /// Ends with (strings and references).
    case ew
    /// Greater than.
    case gt
    /// Greater than or equal to.
    case ge
    /// Less than.
    case lt
    /// Less than or equal to.
    case le
}
