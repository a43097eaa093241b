/// Derives a user's SAML `NameID` (ARCHITECTURE §7), or `nil` when it has none; the SAML reconciliation provides it.
///
/// ```swift
/// let byEmail: NameIDResolver = { $0.primaryEmail }   // NameIDFormat emailAddress
/// ```
public typealias NameIDResolver = @Sendable (UserRecord) -> String?

/// A user as diff entries name it: the ``UserRecord`` fields and the SAML `NameID` where known, encoded flat —
/// `{"id", "userName", "externalId", "emails", "primaryEmail", "active", "nameID"}` (ARCHITECTURE §6: the host app may
/// not know SCIM ids, so every entry carries every identifier).
public struct EntryUser: Sendable, Hashable, Codable {
    /// The user's record at the time of the diff (before the deletion, for deleted users).
    public var record: UserRecord
    /// The SAML `NameID`, when a ``NameIDResolver`` knows it.
    public var nameID: String?

    /// Creates an entry user, asking `nameID` for the NameID.
    public init(_ record: UserRecord, nameID: NameIDResolver? = nil) {
        self.record = record
        self.nameID = nameID?(record)
    }

    private enum CodingKeys: String, CodingKey {
        case nameID
    }

    /// Decodes the flat object.
    public init(from decoder: any Decoder) throws {
        record = try UserRecord(from: decoder)
        nameID = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(String.self, forKey: .nameID)
    }

    /// Encodes the record's fields and `nameID` in one object.
    public func encode(to encoder: any Encoder) throws {
        try record.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(nameID, forKey: .nameID)
    }
}
