import SCIM

extension ResourceChange {
    /// `User alice@example.com` or `Group Engineering`: the kind and the name people recognise.
    public var name: String {
        "\(kind) \((after ?? before)?.displayName ?? id)"
    }

    /// A one-line account of the change for commit messages and logs: `User alice@example.com: active → false,
    /// title → "CTO"`, `Group Engineering: members +bob@example.com −carol@example.com`, `User carol@example.com
    /// created`, `User dave@example.com deleted`.
    public var summary: String {
        guard let before else { return "\(name) created" }
        guard let after else { return "\(name) deleted" }
        let details = Self.attributeChanges(from: before.resource, to: after.resource)
        return details.isEmpty ? "\(name) unchanged" : "\(name): " + details.joined(separator: ", ")
    }

    private static let ignored: Set<String> = ["meta", "groups", "schemas", "id"]

    private static func attributeChanges(from old: JSONObject, to new: JSONObject) -> [String] {
        var details: [String] = []
        for key in Set(old.keys).union(new.keys).sorted() where !ignored.contains(key) && old[key] != new[key] {
            if key == "members" {
                details.append(memberChange(old[key], new[key]))
            } else if key.hasPrefix("urn:"), let newObject = new[key]?.objectValue {
                details += attributeChanges(from: old[key]?.objectValue ?? [:], to: newObject)
            } else {
                details.append(describe(key, new[key]))
            }
        }
        return details
    }

    private static func describe(_ key: String, _ value: JSONValue?) -> String {
        switch value {
        case nil: return "\(key) removed"
        case .bool, .integer, .decimal: return "\(key) → \(value!)"
        case .string(let text) where text.count <= 60: return "\(key) → \(value!)"
        default: return "\(key) changed"
        }
    }

    private static func memberChange(_ old: JSONValue?, _ new: JSONValue?) -> String {
        func members(_ value: JSONValue?) -> [String: String] {
            var result: [String: String] = [:]
            for member in value?.arrayValue ?? [] {
                guard let id = member["value"]?.stringValue else { continue }
                result[id] = member["display"]?.stringValue ?? id
            }
            return result
        }
        let before = members(old)
        let after = members(new)
        func list(_ ids: [String], _ names: [String: String], _ sign: String) -> String? {
            guard !ids.isEmpty else { return nil }
            let shown = ids.sorted().prefix(3).map { sign + names[$0]! }
            return (shown + (ids.count > 3 ? ["\(sign)\(ids.count - 3) more"] : [])).joined(separator: " ")
        }
        let parts = [
            list(after.keys.filter { before[$0] == nil }, after, "+"),
            list(before.keys.filter { after[$0] == nil }, before, "−"),
        ].compactMap { $0 }
        return "members " + (parts.isEmpty ? "changed" : parts.joined(separator: " "))
    }
}

extension ChangeBatch {
    /// A one-line account of the batch. For a SCIM write: the method, the resource and what changed —
    /// `POST User alice@example.com`, `PATCH User alice@example.com: active → false`,
    /// `DELETE User alice@example.com (and 2 more changes)`. Otherwise the origin and the changes' summaries.
    public var headline: String {
        guard let main = changes.last else { return "no changes" }
        let others = changes.count > 1 ? " (and \(changes.count - 1) more changes)" : ""
        switch origin {
        case .scim(let method, _):
            let detail = main.before != nil && main.after != nil ? String(main.summary.dropFirst(main.name.count)) : ""
            return "\(method) \(main.name)\(detail)\(others)"
        case .directoryEdit: return "Directory edit: \(main.summary)\(others)"
        case .startup: return "Startup: \(main.summary)\(others)"
        case .reconciliation: return "Reconciliation: \(main.summary)\(others)"
        }
    }
}
