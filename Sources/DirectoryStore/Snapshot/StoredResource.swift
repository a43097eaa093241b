public import SCIM

/// One resource as the store holds it: the canonical JSON served to clients and the version derived from it.
///
/// ``resource`` is what `GET` returns, minus `meta.location` (which depends on the base URL the request came
/// through): `id`, `schemas`, the attributes, `meta` with `resourceType`, `created`, `lastModified` and `version`,
/// and for users the derived, read-only `groups`. The file on disk holds the same minus the derived values
/// (`meta.version`, `groups`); see ``ResourceFileCodec``.
public struct StoredResource: Sendable, Hashable {
    /// User or Group.
    public let kind: ResourceKind
    /// The id, equal to the file's stem.
    public let id: String
    /// The weak ETag, `W/"<32 hex digits>"`, derived from the file content (RFC 7644 §3.14).
    public let version: String
    /// The served representation (see the type's documentation).
    public let resource: JSONObject

    /// Creates a stored resource; ``ResourceFileCodec`` is the usual maker.
    public init(kind: ResourceKind, id: String, version: String, resource: JSONObject) {
        self.kind = kind
        self.id = id
        self.version = version
        self.resource = resource
    }

    /// The same resource with its derived `groups` attribute replaced (users only); an empty list removes it.
    public func withGroups(_ groups: [JSONValue]) -> StoredResource {
        var resource = resource
        resource["groups"] = groups.isEmpty ? nil : .array(groups)
        return StoredResource(kind: kind, id: id, version: version, resource: resource)
    }

    /// `userName` of a user or `displayName` of a group: the name people recognise, for logs and commit messages.
    public var displayName: String {
        resource[kind == .user ? "userName" : "displayName"]?.stringValue ?? id
    }
}
