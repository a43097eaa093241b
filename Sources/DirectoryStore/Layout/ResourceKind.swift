public import SCIM

/// The two kinds of resource the directory holds, each in its own folder (ARCHITECTURE §3).
public enum ResourceKind: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// A SCIM User, stored in `users/`.
    case user = "User"
    /// A SCIM Group, stored in `groups/`.
    case group = "Group"

    /// The folder inside the directory: `users` or `groups`.
    public var folderName: String {
        switch self {
        case .user: return "users"
        case .group: return "groups"
        }
    }

    /// This kind's resource type in `registry` (with any extension schemas the registry added).
    public func resourceType(in registry: SchemaRegistry) -> ResourceType {
        switch self {
        case .user: return registry.user
        case .group: return registry.group
        }
    }

    /// `User` or `Group`, as in `meta.resourceType`.
    public var description: String { rawValue }
}
