/// What ``PatchEngine/apply(_:to:)`` returns: the patched resource and whether the PATCH changed anything.
public struct PatchResult: Sendable, Hashable {
    /// The canonical resource after the PATCH, with `id`, `meta` and the other read-only attributes copied unchanged
    /// from the resource the PATCH was applied to. When ``changed`` is `false` this is that resource itself.
    public var resource: JSONObject
    /// `false` when the PATCH had no effect (`resource` equals the input), e.g. adding a member who is already there,
    /// removing through a filter that matches nothing, or Okta's name update that repeats the current name. The
    /// store then keeps the resource's version and `meta.lastModified` (RFC 7644 §3.5.2.1: "SHALL NOT change the
    /// modify timestamp").
    public var changed: Bool

    /// Creates a result.
    public init(resource: JSONObject, changed: Bool) {
        self.resource = resource
        self.changed = changed
    }
}
