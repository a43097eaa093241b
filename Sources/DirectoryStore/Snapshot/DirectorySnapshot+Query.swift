import HashTreeCollections
public import SCIM

extension DirectorySnapshot {
    /// The resources of `kind` a filter can match, narrowed by an index when the filter allows; every one must still
    /// be tested against the filter.
    ///
    /// When the filter pins an indexed attribute with `eq` — at the top, in any `and` branch, in every `or` branch, or
    /// as `emails[value eq …]` — only the resources the index names are returned (ordered by id), so
    /// identity-provider lookups such as `userName eq "…"` or `displayName eq "…"` cost O(1) instead of a scan
    /// (ARCHITECTURE §4.6). Otherwise all resources, in the snapshot's stable order.
    ///
    /// - Parameter filter: a canonical filter (``FilterPredicate/filter``), or `nil` for all resources.
    public func candidates(_ kind: ResourceKind, narrowedBy filter: Filter?) -> [StoredResource] {
        let all = resources(kind)
        guard let filter, let ids = candidateIDs(kind, filter) else { return Array(all.values) }
        return Set(ids).sorted().compactMap { all[$0] }
    }

    /// A superset of the ids `filter` can match, from indexes alone; `nil` when a scan is needed.
    func candidateIDs(_ kind: ResourceKind, _ filter: Filter) -> [String]? {
        switch filter {
        case .comparison(let path, .eq, .string(let value)):
            return indexedIDs(kind, path: path, equalTo: value)
        case .and(let left, let right):
            switch (candidateIDs(kind, left), candidateIDs(kind, right)) {
            case (let left?, let right?): return left.count <= right.count ? left : right
            case (let left?, nil): return left
            case (nil, let right): return right
            }
        case .or(let left, let right):
            guard let left = candidateIDs(kind, left), let right = candidateIDs(kind, right) else { return nil }
            return left + right
        case .valuePath(let path, let inner):
            return valuePathCandidates(kind, path: path, inner)
        default:
            return nil
        }
    }

    private func valuePathCandidates(_ kind: ResourceKind, path: AttributePath, _ inner: Filter) -> [String]? {
        switch inner {
        case .comparison(let subPath, .eq, .string(let value)) where subPath.schemaURN == nil:
            let full = AttributePath(attribute: path.attribute, subAttribute: subPath.attribute)
            return indexedIDs(kind, path: full, equalTo: value)
        case .and(let left, let right):
            return valuePathCandidates(kind, path: path, left) ?? valuePathCandidates(kind, path: path, right)
        default:
            return nil
        }
    }
}
