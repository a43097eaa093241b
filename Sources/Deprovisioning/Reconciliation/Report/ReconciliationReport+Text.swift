import SAMLMetadata

extension ReconciliationReport {
    /// The report for a person: what `scimdir reconcile` prints by default.
    ///
    /// ```
    /// SAML reconciliation of samples/saml/idp-metadata.xml at 2026-05-04T09:30:00.000Z
    ///
    /// Identity provider  http://www.okta.com/exk…
    ///   sign-in          HTTP-Redirect https://…/sso/saml
    /// …
    /// Host accounts in samples/host-accounts.csv (csv, 6 accounts; sso_source given: only "saml" accounts may be deprovisioned)
    ///   To deprovision (2):
    ///     line 4  dave@example.com   notProvisioned: matches no SCIM user
    /// …
    /// Summary: errors=0 warnings=0 users=3 activeUsers=2 …
    /// ```
    ///
    /// Lists that call for action are printed whole: problems, users without a NameID, collisions, unloadable user
    /// files and accounts to deprovision. Informational lists (every user's NameID, kept, already inactive and
    /// not-SAML accounts) stop after `listLimit` entries with a line saying how many more `--format json` has.
    ///
    /// - Parameter listLimit: the most entries an informational list shows.
    public func text(listLimit: Int = 20) -> String {
        var lines = ["SAML reconciliation of \(metadata.source) at \(generatedAt)", ""]
        lines += metadataLines() + [""]
        lines += problemLines() + [""]
        lines += nameIDLines(listLimit: listLimit) + [""]
        if let hostAccounts {
            lines += hostAccountLines(hostAccounts, listLimit: listLimit) + [""]
        }
        lines.append("Summary: " + summary.fields.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
        return lines.joined(separator: "\n") + "\n"
    }

    private func metadataLines() -> [String] {
        var rows: [(String, String)] = [("Identity provider", metadata.entityID)]
        let endpoints = metadata.singleSignOnServices.map { "\(Self.bindingName($0.binding)) \($0.location)" }
        rows += Self.labelled("  sign-in", endpoints, empty: "none")
        let certificates = metadata.signingCertificates.map {
            "\($0.subject), valid until \($0.notAfter.prefix(10)), SHA-256 \($0.sha256Fingerprint.prefix(23))…"
        }
        rows += Self.labelled("  signing", certificates, empty: "none")
        let formats = metadata.nameIDFormats.map { NameIDChoice.shortName(NameIDFormat(rawValue: $0)) }
        rows.append(("  NameID formats", formats.isEmpty ? "none listed" : formats.joined(separator: ", ")))
        rows.append(("  valid until", metadata.validUntil ?? "not limited"))
        return Self.table(rows)
    }

    private func problemLines() -> [String] {
        guard !problems.isEmpty else { return ["Problems: none"] }
        let errors = summary.errors == 1 ? "1 error" : "\(summary.errors) errors"
        let warnings = summary.warnings == 1 ? "1 warning" : "\(summary.warnings) warnings"
        var lines = ["Problems (\(errors), \(warnings)):"]
        lines += problems.map {
            "  \($0.severity.rawValue.padding(7))  " + ($0.line.map { "line \($0): " } ?? "") + $0.message
        }
        return lines
    }

    private func nameIDLines(listLimit: Int) -> [String] {
        var lines = ["NameIDs: \(nameID.explanation)."]
        lines += Self.limited(
            users.map { ($0.userName, ($0.nameID ?? "(none)") + ($0.active ? "" : "  (inactive)")) },
            listLimit: listLimit,
            indent: "  ")
        let byID = Dictionary(users.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        func name(_ id: String) -> String { byID[id].map { "\($0.userName) (\($0.id))" } ?? id }
        lines.append(
            usersWithoutNameID.isEmpty
                ? "Users without a NameID: none"
                : "Users without a NameID (\(usersWithoutNameID.count)): their \(nameID.source) is empty")
        lines += usersWithoutNameID.map { "  \(name($0))" }
        lines.append(
            nameIDCollisions.isEmpty ? "NameID collisions: none" : "NameID collisions (\(nameIDCollisions.count)):")
        lines += nameIDCollisions.map { "  \($0.nameID): " + $0.userIds.map(name).joined(separator: ", ") }
        if !directoryProblems.isEmpty {
            lines.append("User files that could not be loaded (\(directoryProblems.count); run scimdir check):")
            lines += directoryProblems.map { "  \($0)" }
        }
        return lines
    }

    private func hostAccountLines(_ section: HostAccountReport, listLimit: Int) -> [String] {
        let rule =
            section.hasSSOSource
            ? "sso_source given: only \"saml\" accounts may be deprovisioned"
            : "no sso_source: every account counts as SAML-created"
        var lines = [
            "Host accounts in \(section.source ?? "the export") (\(section.format.rawValue), \(section.accounts.count) accounts; \(rule))"
        ]
        let sections: [(title: String, action: ClassifiedAccount.Action, limited: Bool)] = [
            ("To deprovision", .deprovision, false), ("Not created by SAML, left alone", .notSAML, true),
            ("Already inactive in the host app", .alreadyInactive, true),
            ("Kept, matching an active SCIM user", .keep, true),
        ]
        for (title, action, isLimited) in sections {
            let accounts = section.accounts(action)
            guard !accounts.isEmpty else { continue }
            lines.append("  \(title) (\(accounts.count)):")
            let described = accounts.map { ("\($0.account.position)  \($0.account.label)", Self.describe($0)) }
            lines +=
                isLimited
                ? Self.limited(described, listLimit: listLimit, indent: "    ") : Self.table(described, indent: "    ")
        }
        return lines
    }

    /// `notProvisioned: matches no SCIM user`, `matches carol@example.com (inactive)`, …
    private static func describe(_ classified: ClassifiedAccount) -> String {
        let match =
            switch classified.match {
            case .noUser: "matches no SCIM user"
            case .activeUser, .inactiveUser:
                "matches \(classified.user?.userName ?? "")" + (classified.match == .inactiveUser ? " (inactive)" : "")
            }
        let by = classified.matchedBy == .nameID ? " by NameID" : ""
        var text = (classified.reason.map { "\($0.rawValue): " } ?? "") + match + by
        if classified.action == .notSAML {
            text += classified.account.ssoSource.map { ", sso_source \($0)" } ?? ", no sso_source"
        }
        return text
    }

    /// `HTTP-Redirect` for the SAML 2.0 binding URIs, other URIs whole.
    private static func bindingName(_ binding: String) -> String {
        let prefix = "urn:oasis:names:tc:SAML:2.0:bindings:"
        return binding.hasPrefix(prefix) ? String(binding.dropFirst(prefix.count)) : binding
    }

    /// One row per value, the label on the first only; one row saying `empty` when there are none.
    private static func labelled(_ label: String, _ values: [String], empty: String) -> [(String, String)] {
        guard !values.isEmpty else { return [(label, empty)] }
        return values.enumerated().map { ($0.offset == 0 ? label : "", $0.element) }
    }

    /// The first `listLimit` rows as a table, and `… and N more (--format json lists all)`.
    private static func limited(_ rows: [(String, String)], listLimit: Int, indent: String) -> [String] {
        var lines = table(Array(rows.prefix(listLimit)), indent: indent)
        if rows.count > listLimit {
            lines.append("\(indent)… and \(rows.count - listLimit) more (--format json lists all)")
        }
        return lines
    }

    /// Two columns, the first padded to its widest entry.
    private static func table(_ rows: [(String, String)], indent: String = "") -> [String] {
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { indent + $0.0.padding(width) + "  " + $0.1 }
    }
}

extension String {
    /// The string followed by spaces up to `width` characters.
    fileprivate func padding(_ width: Int) -> String {
        self + String(repeating: " ", count: max(0, width - count))
    }
}
