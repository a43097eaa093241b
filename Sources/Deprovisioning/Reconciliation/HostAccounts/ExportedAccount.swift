/// One account from the host app's account export (ARCHITECTURE §7): how it signs in, whether it is active, and
/// whether SAML created it.
///
/// JSON (in ``ClassifiedAccount``):
/// ```json
/// {"record": 4, "line": 5, "hostId": "17", "email": "dave@example.com", "active": true, "ssoSource": "saml"}
/// ```
/// Absent values are left out.
public struct ExportedAccount: Sendable, Hashable, Codable {
    /// The 1-based position of the account among the export's accounts (CSV rows after the header, JSON array
    /// elements).
    public let record: Int
    /// The line of a CSV file where the row starts; `nil` for JSON.
    public let line: Int?
    /// The host app's own id (`id`), when the export has one.
    public let hostId: String?
    /// The account's e-mail address (`email`).
    public let email: String?
    /// The SAML `NameID` the account signs in with (`name_id`).
    public let nameID: String?
    /// Whether the account can sign in (`active` or `is_active`); `true` when the export does not say.
    public let active: Bool
    /// How the account was created (`sso_source`), e.g. `saml` or `google`; `nil` when not given.
    public let ssoSource: String?

    /// Creates an account. At least one of `email` and `nameID` is set.
    public init(
        record: Int, line: Int? = nil, hostId: String? = nil, email: String? = nil, nameID: String? = nil,
        active: Bool = true, ssoSource: String? = nil
    ) {
        self.record = record
        self.line = line
        self.hostId = hostId
        self.email = email
        self.nameID = nameID
        self.active = active
        self.ssoSource = ssoSource
    }

    /// Whether SAML created the account: its `sso_source` is `saml` (any case).
    public var isSAMLCreated: Bool {
        ssoSource?.lowercased() == "saml"
    }

    /// `line 5` for CSV, `record 4` for JSON: where to look in the export.
    public var position: String {
        line.map { "line \($0)" } ?? "record \(record)"
    }

    /// The identifier a person recognises: the NameID when the export gives one, else the e-mail.
    public var label: String {
        nameID ?? email ?? ""
    }
}
