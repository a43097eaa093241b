/// A filter checked against a resource type's schemas and ready to test resources (RFC 7644 §3.4.2.2).
///
/// Compiling resolves every attribute path to its canonical place once, so testing a resource does no name lookups.
/// The rules applied:
/// - a multi-valued attribute matches when any of its values matches; `ne` matches when none is equal;
/// - a complex attribute named without a sub-attribute is compared through its `value` sub-attribute
///   (`emails co "example.com"` tests `emails.value`);
/// - strings compare case-insensitively unless the attribute is `caseExact`; date-times chronologically;
/// - `pr` needs a non-empty value, or for a complex attribute a non-empty node (`name pr`, `addresses pr`);
///   `eq null` matches an unassigned attribute and `ne null` an assigned one.
public struct FilterPredicate: Sendable {
    /// The filter this predicate was compiled from, with canonical attribute names.
    public let filter: Filter
    private let root: Node

    /// Tests a canonical resource.
    public func matches(_ resource: JSONObject) -> Bool {
        root.matches(resource)
    }

    init(filter: Filter, root: Node) {
        self.filter = filter
        self.root = root
    }

    indirect enum Node: Sendable {
        case comparison(Target, ComparisonOperator, JSONValue)
        case present(Target)
        case not(Node)
        case and(Node, Node)
        case or(Node, Node)
        case valuePath(ResourceType.ResolvedAttribute, Node)

        func matches(_ object: JSONObject) -> Bool {
            switch self {
            case .comparison(let target, let op, let operand):
                let (values, definition) = target.values(in: object)
                return Self.compare(values, op, operand, definition)
            case .present(let target):
                return target.values(in: object).0.contains(where: Self.isNonEmpty)
            case .not(let inner): return !inner.matches(object)
            case .and(let left, let right): return left.matches(object) && right.matches(object)
            case .or(let left, let right): return left.matches(object) || right.matches(object)
            case .valuePath(let location, let inner):
                switch object.value(at: location) {
                case .array(let elements): return elements.contains { $0.objectValue.map(inner.matches) ?? false }
                case .object(let element): return inner.matches(element)
                default: return false
                }
            }
        }

        private static func isNonEmpty(_ value: JSONValue) -> Bool {
            switch value {
            case .null: return false
            case .string(let text): return !text.isEmpty
            case .array(let elements): return !elements.isEmpty
            case .object(let members): return !members.isEmpty
            default: return true
            }
        }

        private static func compare(
            _ values: [JSONValue], _ op: ComparisonOperator, _ operand: JSONValue, _ definition: AttributeDefinition
        ) -> Bool {
            if operand.isNull {
                let present = values.contains(where: isNonEmpty)
                return op == .ne ? present : (op == .eq ? !present : false)
            }
            if op == .ne { return !values.contains { definition.isEqual($0, operand) } }
            return values.contains { value in
                switch op {
                case .eq: return definition.isEqual(value, operand)
                case .ne: return false
                case .co, .sw, .ew:
                    guard case .string(var text) = value, case .string(var needle) = operand else { return false }
                    if !definition.caseExact {
                        text = text.lowercased()
                        needle = needle.lowercased()
                    }
                    return op == .co ? text.contains(needle) : (op == .sw ? text.hasPrefix(needle) : text.hasSuffix(needle))
                case .gt: return definition.order(value, operand) == .descending
                case .ge: return [.descending, .same].contains(definition.order(value, operand))
                case .lt: return definition.order(value, operand) == .ascending
                case .le: return [.ascending, .same].contains(definition.order(value, operand))
                }
            }
        }
    }

    /// What a comparison reads: a resolved attribute of the resource, or a sub-attribute of a value-path element.
    enum Target: Sendable {
        case attribute(ResourceType.ResolvedAttribute)
        /// The attribute's values as they are, complex ones included (what `pr` tests).
        case node(ResourceType.ResolvedAttribute)
        case element(AttributeDefinition)

        /// The values to compare (flattened over multi-valued attributes) and the definition governing them.
        func values(in object: JSONObject) -> ([JSONValue], AttributeDefinition) {
            switch self {
            case .element(let definition):
                return (object[definition.name].map(Self.flatten) ?? [], definition)
            case .node(let location):
                return (object.value(at: location).map(Self.flatten) ?? [], location.leaf)
            case .attribute(let location):
                guard let raw = object.value(at: location) else { return ([], location.leaf) }
                let flat = Self.flatten(raw)
                if location.subAttribute == nil, location.attribute.type == .complex,
                    let valueDefinition = location.attribute.subAttribute(named: "value")
                {
                    return (flat.compactMap { $0.objectValue?["value"] }, valueDefinition)
                }
                return (flat, location.leaf)
            }
        }

        private static func flatten(_ value: JSONValue) -> [JSONValue] {
            value.arrayValue ?? [value]
        }
    }
}

extension Filter {
    /// Checks the filter against `resourceType` and compiles it into a ``FilterPredicate``.
    ///
    /// - Throws: 400 `invalidFilter` when an attribute is not defined by the resource type's schemas, a value path
    ///   names a non-complex attribute, `co`/`sw`/`ew` or an ordering operator is applied to a type that does not
    ///   support it (RFC 7644 §3.4.2.2: booleans and binary values cannot be ordered), or the value's type does not
    ///   fit the attribute (e.g. `active eq "yes"`, or `meta.lastModified gt "yesterday"`: equality and ordering of a
    ///   dateTime need a valid date-time; `co`, `sw` and `ew` take any string).
    public func compile(for resourceType: ResourceType) throws(SCIMError) -> FilterPredicate {
        let (canonical, root) = try compileNode(resourceType: resourceType, parent: nil)
        return FilterPredicate(filter: canonical, root: root)
    }

    /// Compiles the inner filter of a value path (`type eq "work"` in `emails[type eq "work"].value`) against the
    /// complex attribute it filters; the predicate tests one value of that attribute. PATCH paths use it
    /// (RFC 7644 §3.5.2).
    ///
    /// - Throws: 400 `invalidFilter` as ``compile(for:)`` does; every path must name a sub-attribute of `attribute`.
    func compile(relativeTo attribute: AttributeDefinition, in resourceType: ResourceType) throws(SCIMError)
        -> FilterPredicate
    {
        let (canonical, root) = try compileNode(resourceType: resourceType, parent: attribute)
        return FilterPredicate(filter: canonical, root: root)
    }

    private func compileNode(resourceType: ResourceType, parent: AttributeDefinition?) throws(SCIMError)
        -> (Filter, FilterPredicate.Node)
    {
        switch self {
        case .comparison(let path, let op, let value):
            let (canonicalPath, target, definition) = try Self.target(path, resourceType: resourceType, parent: parent)
            let operand = try Self.checkOperand(value, op: op, definition: definition, path: path)
            return (.comparison(canonicalPath, op, operand), .comparison(target, op, operand))
        case .present(let path):
            // RFC 7644 §3.4.2.2: a complex attribute is present when it has a non-empty node, whatever its
            // sub-attributes; no `value` sub-attribute is needed.
            if parent == nil, let location = resourceType.resolve(path) {
                return (.present(location.path), .present(.node(location)))
            }
            let (canonicalPath, target, _) = try Self.target(path, resourceType: resourceType, parent: parent)
            return (.present(canonicalPath), .present(target))
        case .not(let inner):
            let (filter, node) = try inner.compileNode(resourceType: resourceType, parent: parent)
            return (.not(filter), .not(node))
        case .and(let left, let right):
            let (leftFilter, leftNode) = try left.compileNode(resourceType: resourceType, parent: parent)
            let (rightFilter, rightNode) = try right.compileNode(resourceType: resourceType, parent: parent)
            return (.and(leftFilter, rightFilter), .and(leftNode, rightNode))
        case .or(let left, let right):
            let (leftFilter, leftNode) = try left.compileNode(resourceType: resourceType, parent: parent)
            let (rightFilter, rightNode) = try right.compileNode(resourceType: resourceType, parent: parent)
            return (.or(leftFilter, rightFilter), .or(leftNode, rightNode))
        case .valuePath(let path, let inner):
            guard parent == nil else { throw .invalidFilter("value filters cannot be nested (\(path))") }
            guard let location = resourceType.resolve(path), location.subAttribute == nil else {
                throw .invalidFilter("unknown attribute \"\(path)\" in the filter")
            }
            guard location.attribute.type == .complex else {
                throw .invalidFilter("\"\(path)[…]\" needs a complex attribute; \(location.attribute.name) is not one")
            }
            let (filter, node) = try inner.compileNode(resourceType: resourceType, parent: location.attribute)
            return (.valuePath(location.path, filter), .valuePath(location, node))
        }
    }

    private static func target(_ path: AttributePath, resourceType: ResourceType, parent: AttributeDefinition?)
        throws(SCIMError) -> (AttributePath, FilterPredicate.Target, AttributeDefinition)
    {
        if let parent {
            guard path.schemaURN == nil, path.subAttribute == nil,
                let definition = parent.subAttribute(named: path.attribute)
            else {
                throw .invalidFilter("\"\(path)\" is not a sub-attribute of \(parent.name)")
            }
            return (AttributePath(attribute: definition.name), .element(definition), definition)
        }
        guard let location = resourceType.resolve(path) else {
            throw .invalidFilter("unknown attribute \"\(path)\" in the filter")
        }
        var definition = location.leaf
        if location.subAttribute == nil, location.attribute.type == .complex {
            guard let valueDefinition = location.attribute.subAttribute(named: "value") else {
                throw .invalidFilter("\(location.attribute.name) is complex; filter on one of its sub-attributes")
            }
            definition = valueDefinition
        }
        return (location.path, .attribute(location), definition)
    }

    private static func checkOperand(
        _ value: JSONValue, op: ComparisonOperator, definition: AttributeDefinition, path: AttributePath
    ) throws(SCIMError) -> JSONValue {
        switch op {
        case .co, .sw, .ew:
            guard [.string, .reference, .dateTime, .binary].contains(definition.type) else {
                throw .invalidFilter("\(op.rawValue) applies to strings; \(path) is \(definition.type.rawValue)")
            }
        case .gt, .ge, .lt, .le:
            guard ![.boolean, .binary].contains(definition.type) else {
                throw .invalidFilter("\(op.rawValue) cannot order \(definition.type.rawValue) values (\(path))")
            }
        case .eq, .ne:
            break
        }
        if value.isNull {
            guard op == .eq || op == .ne else { throw .invalidFilter("\(op.rawValue) cannot compare with null") }
            return value
        }
        switch (definition.type, value) {
        case (.boolean, .bool): return value
        case (.boolean, .string(let text)) where text.caseInsensitiveEquals("true") || text.caseInsensitiveEquals("false"):
            return .bool(text.caseInsensitiveEquals("true"))
        case (.integer, .integer), (.decimal, .integer), (.decimal, .decimal): return value
        case (.dateTime, .string(let text)) where ![.co, .sw, .ew].contains(op) && !SCIMDateTime.isValid(text):
            // Otherwise the comparison would silently fall back to comparing strings.
            throw .invalidFilter(
                "\(path) is a dateTime and \(value) is not one; write a date-time such as \"2011-05-13T04:42:34Z\"")
        case (.string, .string), (.reference, .string), (.dateTime, .string), (.binary, .string): return value
        default:
            throw .invalidFilter(
                "\(path) is \(article(definition.type)) \(definition.type.rawValue) and cannot be compared with "
                    + "\(value.kindName) \(value)")
        }
    }

    private static func article(_ type: AttributeDefinition.DataType) -> String {
        [.integer].contains(type) ? "an" : "a"
    }
}
