import SCIM

extension HostAccountExport {
    /// Reads a JSON export: an array of account objects, or an object whose `data` member is one.
    ///
    /// Values may be strings or `null` (absent); `id` may also be an integer, the active flag a boolean, `0`/`1` or
    /// one of the strings ``HostAccountField/flag(_:)`` accepts.
    ///
    /// - Throws: ``HostAccountImportError``: with the line and column of a syntax error, or the record of an element
    ///   that is not an object, a value of the wrong type, or an invalid account.
    init(json bytes: [UInt8], source: String?) throws(HostAccountImportError) {
        let document: JSONValue
        do {
            document = try JSONParser().parse(bytes)
        } catch {
            throw HostAccountImportError(
                line: error.line, message: "not valid JSON: column \(error.column): \(error.reason)")
        }
        let format: Format
        let records: [JSONValue]
        if let array = document.arrayValue {
            (format, records) = (.jsonArray, array)
        } else if let data = document["data"]?.arrayValue {
            (format, records) = (.jsonData, data)
        } else {
            throw HostAccountImportError(
                message: "a JSON export is an array of accounts, or an object with a \"data\" array of accounts "
                    + "(as a user-list API returns); this object has no \"data\" array")
        }
        var accounts: [ExportedAccount] = []
        var hasSSOSource = false
        for (offset, element) in records.enumerated() {
            let record = offset + 1
            guard let object = element.objectValue else {
                throw HostAccountImportError(
                    record: record, message: "expected an account object, got \(element.kindName)")
            }
            hasSSOSource = hasSSOSource || HostAccountField.ssoSource.names.contains { object[$0] != nil }
            var texts: [HostAccountField: String] = [:]
            for field in HostAccountField.allCases {
                let present = field.names.filter { object[$0] != nil }
                guard present.count <= 1 else {
                    throw HostAccountImportError(
                        record: record, message: "the account has both \"\(present[0])\" and \"\(present[1])\"")
                }
                guard let name = present.first, let value = object[name] else { continue }
                texts[field] = try Self.text(of: value, field: field, name: name, record: record)
            }
            accounts.append(try Self.account(record: record, line: nil) { texts[$0] })
        }
        self.init(format: format, hasSSOSource: hasSSOSource, accounts: accounts, source: source)
    }

    /// The text of a JSON value for `field`; `nil` for `null`.
    private static func text(
        of value: JSONValue, field: HostAccountField, name: String, record: Int
    ) throws(HostAccountImportError) -> String? {
        switch (value, field) {
        case (.null, _): return nil
        case (.string(let text), _): return text
        case (.integer(let number), .hostId), (.integer(let number), .active): return String(number)
        case (.bool(let flag), .active): return String(flag)
        default:
            let expected = field == .active ? "a boolean" : field == .hostId ? "a string or an integer" : "a string"
            throw HostAccountImportError(
                record: record, message: "\"\(name)\" must be \(expected) or null, got \(value.kindName) \(value)")
        }
    }
}
