public import SAMLMetadata

/// The SCIM user attribute a SAML `NameID` is expected to carry (ARCHITECTURE §7), named as `--name-id` names it.
///
/// ```swift
/// NameIDSource.email.value(of: alice)        // "alice@example.com": the primary e-mail
/// NameIDSource.email.matchingKey("A@x.org")  // "a@x.org": e-mail and userName compare case-insensitively
/// NameIDSource(formatKind: .persistent)      // .externalId
/// ```
///
/// The pairing with NameID formats (SAML 2.0 Core, saml-core-2.0-os §8.3) is: `emailAddress` (§8.3.2) → the primary
/// e-mail, `unspecified` (§8.3.1) → `userName`, `persistent` (§8.3.7) → `externalId`.
public enum NameIDSource: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// The SCIM `userName`, compared case-insensitively (RFC 7643 §4.1.1: `caseExact` false).
    case userName
    /// The primary e-mail (the `emails` value marked `primary`, else the first), compared case-insensitively.
    case email
    /// The SCIM `externalId`, compared exactly (RFC 7643 §3.1: `caseExact` true).
    case externalId

    /// The source a NameID format implies: `emailAddress` → ``email``, `unspecified` → ``userName``, `persistent` →
    /// ``externalId``; `nil` for `transient` and other formats, which cannot be derived from a SCIM user.
    public init?(formatKind: NameIDFormat.Kind) {
        switch formatKind {
        case .emailAddress: self = .email
        case .unspecified: self = .userName
        case .persistent: self = .externalId
        case .transient, .other: return nil
        }
    }

    /// The NameID format kind this source stands for (the inverse of ``init(formatKind:)``).
    public var formatKind: NameIDFormat.Kind {
        switch self {
        case .userName: .unspecified
        case .email: .emailAddress
        case .externalId: .persistent
        }
    }

    /// The form in which two values of this source are compared: lower-cased for ``userName`` and ``email``,
    /// unchanged for ``externalId``.
    public func matchingKey(_ value: String) -> String {
        self == .externalId ? value : value.lowercased()
    }

    /// The NameID this source gives a user of the access state: `nil` when the user has no such value.
    public func value(of record: UserRecord) -> String? {
        switch self {
        case .userName: record.userName
        case .email: record.primaryEmail
        case .externalId: record.externalId
        }
    }

    /// The `--name-id` spelling: `userName`, `email` or `externalId`.
    public var description: String {
        rawValue
    }
}
