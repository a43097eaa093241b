/// Equality and ordering of attribute values as the attribute's definition prescribes, shared by filters
/// (RFC 7644 §3.4.2.2) and `sortBy` (§3.4.2.3): strings honour `caseExact`, date-times compare chronologically,
/// numbers numerically, booleans `false < true`.
extension AttributeDefinition {
    /// How `left` orders against `right` under this attribute's type, or `nil` when they are not comparable (different
    /// kinds, unparsable date-times, complex values).
    public func order(_ left: JSONValue, _ right: JSONValue) -> ValueOrder? {
        switch (left, right) {
        case (.string(let a), .string(let b)):
            if type == .dateTime, let first = SCIMDateTime.secondsSince1970(a),
                let second = SCIMDateTime.secondsSince1970(b)
            {
                return ValueOrder(first, second)
            }
            return caseExact ? ValueOrder(a, b) : ValueOrder(a.lowercased(), b.lowercased())
        case (.bool(let a), .bool(let b)):
            return a == b ? .same : (a ? .descending : .ascending)
        default:
            guard let a = left.numberValue, let b = right.numberValue else { return nil }
            return ValueOrder(a, b)
        }
    }

    /// Whether two values are equal under this attribute's rules (case-insensitively unless `caseExact`).
    public func isEqual(_ left: JSONValue, _ right: JSONValue) -> Bool {
        order(left, right) == .same
    }
}

/// The result of comparing two values: the first is smaller (`ascending`), equal, or larger (`descending`).
public enum ValueOrder: Sendable, Hashable {
    /// The first value sorts before the second.
    case ascending
    /// The values are equal.
    case same
    /// The first value sorts after the second.
    case descending

    init<Value: Comparable>(_ first: Value, _ second: Value) {
        self = first < second ? .ascending : (first == second ? .same : .descending)
    }
}
