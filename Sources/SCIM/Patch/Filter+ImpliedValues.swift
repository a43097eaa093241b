extension Filter {
    /// The sub-attribute values a value must have to match a value filter made only of `eq` comparisons joined by
    /// `and` (`type eq "work"` gives `{"type": "work"}`), or `nil` for any other filter or contradictory comparisons.
    ///
    /// A PATCH whose path filter matches no value creates this value, as Microsoft Entra ID expects of
    /// `emails[type eq "work"].value` (RFC 7644 §3.5.2 leaves the case open). Call it on a filter compiled relative to
    /// its attribute, whose paths are canonical sub-attribute names.
    var impliedValues: JSONObject? {
        switch self {
        case .comparison(let path, .eq, let value) where path.schemaURN == nil && path.subAttribute == nil:
            return value.isNull ? nil : [path.attribute: value]
        case .and(let left, let right):
            guard var values = left.impliedValues, let more = right.impliedValues else { return nil }
            for (name, value) in more {
                if let existing = values[name], existing != value { return nil }
                values[name] = value
            }
            return values
        default:
            return nil
        }
    }
}
