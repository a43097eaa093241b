/// `sortBy` and `sortOrder` resolved against a resource type (RFC 7644 §3.4.2.3): which value of a resource to sort
/// by, and how two resources order.
///
/// - The sort value of a multi-valued attribute is the value of its `primary` element, else of its first element that
///   has one; a complex attribute named without a sub-attribute sorts by its `value` sub-attribute (`emails` means
///   `emails.value`, as in filters).
/// - Values order as ``AttributeDefinition/order(_:_:)`` orders them: strings case-insensitively unless
///   `caseExact`, date-times chronologically, numbers numerically, `false` before `true`.
/// - A resource without a value (or with a value of the wrong kind, such as an unparsable date-time) sorts last when
///   ascending and first when descending.
/// - Ties, including resources that all lack a value, are broken by `id` ascending and then by the order the
///   resources came in, so pages are disjoint and repeatable.
struct ListSort: Sendable {
    private let location: ResourceType.ResolvedAttribute
    private let order: ListQuery.SortOrder
    /// Compares normalized keys. Keys are lower-cased (unless `caseExact`) and date-times turned into seconds once
    /// per resource, so `order` on keys gives what it gives on the raw values without redoing that work for each of
    /// the n log n comparisons.
    private let keyDefinition: AttributeDefinition

    /// - Throws: 400 `invalidPath` when `path` names no attribute of the resource type, a whole extension, or a
    ///   complex attribute without a `value` sub-attribute (sort by one of its sub-attributes instead).
    init(sortBy path: AttributePath, order: ListQuery.SortOrder, resourceType: ResourceType) throws(SCIMError) {
        guard var location = resourceType.resolve(path) else {
            throw .invalidPath("cannot sort by \"\(path)\": no schema of \(resourceType.name) defines it")
        }
        if location.subAttribute == nil, location.attribute.type == .complex {
            guard let value = location.attribute.subAttribute(named: "value") else {
                throw .invalidPath(
                    "cannot sort by \"\(path)\": it is complex; sort by one of its sub-attributes, e.g. "
                        + "\(location.attribute.name).\(location.attribute.subAttributes.first?.name ?? "value")")
            }
            location.subAttribute = value
        }
        self.location = location
        self.order = order
        let leaf = location.leaf
        keyDefinition = AttributeDefinition(
            name: leaf.name, type: leaf.type == .dateTime ? .decimal : leaf.type, caseExact: true)
    }

    /// The positions of `resources` in sorted order.
    ///
    /// Sort values are normalized once per resource, and positions rather than resources are moved while sorting,
    /// which keeps reference counting out of the n log n comparisons.
    func sortedPositions(of resources: [JSONObject]) -> [Int] {
        let keys = resources.map { sortValue(of: $0).flatMap { Self.normalize($0, as: location.leaf) } }
        let ids = resources.map { $0["id"]?.stringValue ?? "" }
        return resources.indices.sorted { first, second in
            if let precedes = precedes(keys[first], keys[second]) { return precedes }
            return ids[first] != ids[second] ? ids[first] < ids[second] : first < second
        }
    }

    /// Whether a resource with sort value `first` sorts before one with `second`; `nil` for a tie.
    private func precedes(_ first: JSONValue?, _ second: JSONValue?) -> Bool? {
        switch (first, second) {
        case (let left?, let right?):
            switch keyDefinition.order(left, right) ?? .same {
            case .ascending: return order == .ascending
            case .descending: return order == .descending
            case .same: return nil
            }
        case (nil, .some): return order == .descending
        case (.some, nil): return order == .ascending
        case (nil, nil): return nil
        }
    }

    /// The raw value `resource` sorts by, or `nil` when it has none.
    private func sortValue(of resource: JSONObject) -> JSONValue? {
        let container = location.extensionURN.map { resource[$0]?.objectValue } ?? resource
        guard let raw = container?[location.attribute.name] else { return nil }
        guard let subAttribute = location.subAttribute else {
            return location.attribute.multiValued ? (raw.arrayValue?.first ?? raw) : raw
        }
        guard case .array(let elements) = raw else { return raw[subAttribute.name] }
        let hasValue = { (element: JSONValue) in element[subAttribute.name].map { !$0.isNull } ?? false }
        let chosen =
            elements.first { $0["primary"]?.boolValue == true && hasValue($0) } ?? elements.first(where: hasValue)
        return chosen?[subAttribute.name]
    }

    /// The value `order` compares under ``keyDefinition``, or `nil` when `value` is not of `definition`'s kind.
    static func normalize(_ value: JSONValue, as definition: AttributeDefinition) -> JSONValue? {
        switch (definition.type, value) {
        case (.dateTime, .string(let text)):
            return SCIMDateTime.secondsSince1970(text).map(JSONValue.decimal)
        case (.string, .string(let text)), (.reference, .string(let text)), (.binary, .string(let text)):
            return definition.caseExact ? value : .string(text.lowercased())
        case (.boolean, .bool), (.integer, .integer), (.integer, .decimal), (.decimal, .integer), (.decimal, .decimal):
            return value
        default:
            return nil
        }
    }
}
