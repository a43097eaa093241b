extension HostAccountExport {
    /// Reads a CSV export: a header line, then one account per row (RFC 4180; see ``CSVReader``).
    ///
    /// - Throws: ``HostAccountImportError`` with the line: a malformed quote, a header without `email` or `name_id`,
    ///   a field named twice (`active` and `is_active` count as the same field), a row whose number of fields differs
    ///   from the header's, or an invalid account.
    init(csv bytes: [UInt8], source: String?) throws(HostAccountImportError) {
        let rows = try CSVReader.rows(bytes)
        guard let header = rows.first else {
            throw HostAccountImportError(message: "the file has no header line")
        }
        var columns: [HostAccountField: Int] = [:]
        var columnNames: [HostAccountField: String] = [:]
        for (index, name) in header.fields.enumerated() {
            let trimmed = nonBlank(name) ?? ""
            guard let field = HostAccountField.named(trimmed.lowercased()) else { continue }
            if let earlier = columnNames[field] {
                throw HostAccountImportError(
                    line: header.line,
                    message: "the header names the same field twice: \"\(earlier)\" and \"\(trimmed)\"")
            }
            columns[field] = index
            columnNames[field] = trimmed
        }
        guard columns[.email] != nil || columns[.nameID] != nil else {
            let found = header.fields.map { "\"\($0)\"" }.joined(separator: ", ")
            throw HostAccountImportError(
                line: header.line, message: "the header has no email or name_id column (it has \(found))")
        }
        var accounts: [ExportedAccount] = []
        for (offset, row) in rows.dropFirst().enumerated() {
            guard row.fields.count == header.fields.count else {
                throw HostAccountImportError(
                    line: row.line,
                    message: "the row has \(row.fields.count) fields, but the header has \(header.fields.count)")
            }
            accounts.append(
                try Self.account(record: offset + 1, line: row.line) { field in columns[field].map { row.fields[$0] } })
        }
        self.init(format: .csv, hasSSOSource: columns[.ssoSource] != nil, accounts: accounts, source: source)
    }
}
