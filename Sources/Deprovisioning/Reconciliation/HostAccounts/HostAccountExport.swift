public import Foundation

/// The host app's list of accounts, read from a CSV or JSON export (ARCHITECTURE §7).
///
/// Three shapes are accepted, told apart by content (the first character after an optional UTF-8 byte-order mark and
/// white space: `[` or `{` is JSON, anything else CSV):
///
/// ```
/// email,is_active,sso_source                      CSV with a header line (RFC 4180 quoting)
/// dave@example.com,true,saml
///
/// [{"email": "dave@example.com", "is_active": true, "sso_source": "saml"}]          a JSON array of objects
///
/// {"data": [{"id": 4, "email": "dave@example.com", "is_active": true,               an object with a "data" array:
///            "sso_source": "saml"}], "total": 1}                                    a user-list API's response,
///                                                                                   e.g. Metabase's GET /api/user
/// ```
///
/// The fields read are listed in ``HostAccountField``: `email` or `name_id` is required (a CSV header must name one,
/// each account must have one), `active`/`is_active`, `sso_source` and `id` are optional.
///
/// `sso_source` decides what may be deprovisioned: when the export has that field (a CSV column, or the key in any
/// JSON record), only accounts whose value is `saml` were created by SAML sign-in and may be deprovisioned; accounts
/// with another value or none (password or Google accounts) are reported and never touched. An export without the
/// field does not say, and every account counts as created by SAML.
public struct HostAccountExport: Sendable, Hashable {
    /// The shape the export had.
    public enum Format: String, Sendable, Hashable, Codable, CaseIterable {
        /// CSV with a header line.
        case csv
        /// A JSON array of account objects.
        case jsonArray
        /// A JSON object whose `data` member is the array of account objects.
        case jsonData
    }

    /// The largest export read: 64 MiB, about half a million accounts.
    public static let maximumBytes = 64 << 20

    /// The shape the export had.
    public let format: Format
    /// Whether the export has an `sso_source` field (see the type's documentation).
    public let hasSSOSource: Bool
    /// The accounts in export order.
    public let accounts: [ExportedAccount]
    /// Where the export was read from, as given (e.g. `samples/host-accounts.csv`); `nil` when not from a file.
    public let source: String?

    /// Creates an export from its parts.
    public init(format: Format, hasSSOSource: Bool, accounts: [ExportedAccount], source: String? = nil) {
        self.format = format
        self.hasSSOSource = hasSSOSource
        self.accounts = accounts
        self.source = source
    }

    /// Reads an export from memory, detecting its shape.
    ///
    /// - Parameter source: where the bytes came from, for ``source``.
    /// - Throws: ``HostAccountImportError`` naming the line (CSV, or a JSON syntax error) or the record (JSON) at
    ///   fault: not UTF-8, empty, a header without `email` or `name_id`, a row with the wrong number of fields, a
    ///   malformed quote, an account with neither identifier, an active flag that is not a boolean, a JSON value of
    ///   the wrong type.
    public init(parsing data: Data, source: String? = nil) throws(HostAccountImportError) {
        var bytes = Array(data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw HostAccountImportError(message: "the file is not UTF-8 text")
        }
        let first = bytes.first { ![UInt8(ascii: " "), 0x09, 0x0A, 0x0D].contains($0) }
        switch first {
        case nil:
            throw HostAccountImportError(
                message: "the file is empty; expected CSV with a header line naming an email or name_id column, or JSON"
            )
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            self = try Self(json: bytes, source: source)
        default:
            self = try Self(csv: bytes, source: source)
        }
    }

    /// Reads an export file, never more than ``maximumBytes`` plus one byte of it; ``source`` is the path as given
    /// (`url.relativePath`).
    ///
    /// - Throws: ``HostAccountImportError`` when the file cannot be read or is too large, else as
    ///   ``init(parsing:)``.
    public init(contentsOf url: URL) throws(HostAccountImportError) {
        let data: Data
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            data = try handle.read(upToCount: Self.maximumBytes + 1) ?? Data()
        } catch {
            throw HostAccountImportError(message: "cannot read \(url.path): \(error.localizedDescription)")
        }
        guard data.count <= Self.maximumBytes else {
            throw HostAccountImportError(message: "\(url.path) is larger than \(Self.maximumBytes) bytes")
        }
        try self.init(parsing: data, source: url.relativePath)
    }

    /// Whether the reconciliation may deprovision `account`: the export has no `sso_source`, or it is `saml`.
    public func mayDeprovision(_ account: ExportedAccount) -> Bool {
        !hasSSOSource || account.isSAMLCreated
    }

    /// Makes an account from the text of its fields (trimmed here).
    ///
    /// - Parameter value: the text of a field, `nil` when the export lacks it.
    /// - Throws: ``HostAccountImportError`` at `line` (CSV) or `record` (JSON) when the account has neither `email`
    ///   nor `name_id`, or its active flag is not a boolean.
    static func account(
        record: Int, line: Int?, value: (HostAccountField) -> String?
    ) throws(HostAccountImportError) -> ExportedAccount {
        func text(_ field: HostAccountField) -> String? { nonBlank(value(field)) }
        let email = text(.email)
        let nameID = text(.nameID)
        guard email != nil || nameID != nil else {
            throw HostAccountImportError(
                line: line, record: record, message: "the account has neither email nor name_id")
        }
        let activeText = text(.active) ?? ""
        guard let active = HostAccountField.flag(activeText) else {
            throw HostAccountImportError(
                line: line, record: record,
                message: "the active flag must be true or false (or 1/0, yes/no), got \"\(activeText)\"")
        }
        return ExportedAccount(
            record: record, line: line, hostId: text(.hostId), email: email, nameID: nameID, active: active,
            ssoSource: text(.ssoSource))
    }
}
