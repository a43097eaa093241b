public import DirectoryStore

/// What caused a diff (ARCHITECTURE §6): `{"type": "scim", "method": "PATCH", "requestId": "…"}`,
/// `{"type": "directoryEdit"}`, `{"type": "startup"}`, `{"type": "reconciliation"}`, or for `scimdir diff between`
/// `{"type": "revisions", "from": "HEAD~1", "to": "HEAD"}`.
public struct DiffOrigin: Sendable, Hashable, Codable {
    /// The kinds of cause.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// A SCIM request; `method` and `requestId` say which.
        case scim
        /// Files changed on disk: a hand edit, `git pull`, `git checkout`.
        case directoryEdit
        /// Differences between the last diff and the directory found when the daemon started (writes whose diff a
        /// crash prevented, edits made while it was stopped).
        case startup
        /// A SAML reconciliation run.
        case reconciliation
        /// `scimdir diff between`: two git revisions of the directory; `from` and `to` name them.
        case revisions
    }

    /// The kind of cause.
    public var type: Kind
    /// The HTTP method, for ``Kind/scim``.
    public var method: String?
    /// The request id, for ``Kind/scim`` when the request had one.
    public var requestId: String?
    /// The older revision, for ``Kind/revisions``.
    public var from: String?
    /// The newer revision, for ``Kind/revisions``.
    public var to: String?

    /// Creates an origin of a kind that has no details.
    public init(type: Kind) {
        self.type = type
    }

    /// The origin of a change batch.
    public init(_ origin: ChangeBatch.Origin) {
        switch origin {
        case .scim(let method, let requestID):
            self.init(type: .scim)
            self.method = method
            self.requestId = requestID
        case .directoryEdit: self.init(type: .directoryEdit)
        case .startup: self.init(type: .startup)
        case .reconciliation: self.init(type: .reconciliation)
        }
    }

    /// The origin of `scimdir diff between FROM TO`.
    public static func revisions(from: String, to: String) -> DiffOrigin {
        var origin = DiffOrigin(type: .revisions)
        origin.from = from
        origin.to = to
        return origin
    }
}
