extension Filter: CustomStringConvertible {
    /// The canonical text of the filter: lower-case operators, JSON literals, and parentheses exactly where
    /// precedence and left-association need them, so that ``FilterParser/parse(_:)`` gives back an equal tree.
    public var description: String { text(precedence: 0) }

    // 0: or, 1: and, 2: operands of not / atoms.
    private func text(precedence: Int) -> String {
        switch self {
        case .comparison(let path, let op, let value):
            return "\(path) \(op.rawValue) \(value)"
        case .present(let path):
            return "\(path) pr"
        case .not(let inner):
            return "not (\(inner.text(precedence: 0)))"
        case .valuePath(let path, let inner):
            return "\(path)[\(inner.text(precedence: 0))]"
        case .and(let left, let right):
            return parenthesized("\(left.text(precedence: 1)) and \(right.text(precedence: 2))", if: precedence > 1)
        case .or(let left, let right):
            return parenthesized("\(left.text(precedence: 0)) or \(right.text(precedence: 1))", if: precedence > 0)
        }
    }

    private func parenthesized(_ text: String, if needed: Bool) -> String {
        needed ? "(\(text))" : text
    }
}
