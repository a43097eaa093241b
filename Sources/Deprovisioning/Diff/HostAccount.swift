/// An account in the host app that SCIM does not keep, as a reconciliation reports it (ARCHITECTURE §7): the
/// identifiers the host's account export gives. At least one is set.
public struct HostAccount: Sendable, Hashable, Codable {
    /// The host app's own id for the account, if the export has one.
    public var hostId: String?
    /// The account's e-mail address.
    public var email: String?
    /// The account's login name.
    public var userName: String?
    /// The SAML `NameID` the account signs in with.
    public var nameID: String?

    /// Creates an account description.
    public init(hostId: String? = nil, email: String? = nil, userName: String? = nil, nameID: String? = nil) {
        self.hostId = hostId
        self.email = email
        self.userName = userName
        self.nameID = nameID
    }

    /// A key that tells accounts apart when they have no SCIM id: the first identifier that is set.
    var distinctKey: String {
        "account:" + (hostId ?? email?.lowercased() ?? userName?.lowercased() ?? nameID ?? "")
    }
}
