/// The columns of a CSV export and the keys of a JSON export that the reconciliation reads (ARCHITECTURE §7); any
/// other column or key is ignored.
///
/// | field | column / key | meaning |
/// | --- | --- | --- |
/// | ``email`` | `email` | the account's e-mail |
/// | ``nameID`` | `name_id` | the SAML NameID it signs in with |
/// | ``active`` | `active` or `is_active` | whether it can sign in (default true) |
/// | ``ssoSource`` | `sso_source` | how it was created (`saml`, `google`, …) |
/// | ``hostId`` | `id` | the host app's id |
///
/// CSV headers match case-insensitively and ignoring surrounding spaces; JSON keys match exactly, as APIs send them.
enum HostAccountField: CaseIterable {
    case email, nameID, active, ssoSource, hostId

    /// The names that stand for the field, the first being the preferred spelling.
    var names: [String] {
        switch self {
        case .email: ["email"]
        case .nameID: ["name_id"]
        case .active: ["active", "is_active"]
        case .ssoSource: ["sso_source"]
        case .hostId: ["id"]
        }
    }

    /// The field a name stands for, or `nil` for a name the reconciliation ignores.
    static func named(_ name: String) -> HostAccountField? {
        allCases.first { $0.names.contains(name) }
    }

    /// Reads an active flag: `true`/`false`, `1`/`0`, `yes`/`no`, `t`/`f`, `y`/`n` in any case; blank means
    /// active, so an account whose state is unknown is never taken for one already disabled.
    ///
    /// - Returns: the flag, or `nil` when `text` is none of these.
    static func flag(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "", "true", "1", "yes", "t", "y": true
        case "false", "0", "no", "f", "n": false
        default: nil
        }
    }
}
