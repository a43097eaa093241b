extension UserEntry {
    /// The deprovisioning diff's entry for a host account a reconciliation deprovisions (ARCHITECTURE §6, §7).
    ///
    /// ```json
    /// {"reason": "notProvisioned", "account": {"hostId": "4", "email": "dave@example.com"}}
    /// {"reason": "deactivated", "user": {"id": "c3d4…", "userName": "carol@example.com", "externalId": "carol",
    ///  "emails": ["carol@example.com"], "primaryEmail": "carol@example.com", "active": false,
    ///  "nameID": "carol@example.com"}}
    /// ```
    ///
    /// - ``ClassifiedAccount/Reason/notProvisioned`` (the account matches no SCIM user): the account's identifiers
    ///   from the export (`id`, `email`, `name_id`) as ``HostAccount``.
    /// - ``ClassifiedAccount/Reason/deactivated`` (it matches an inactive SCIM user): the user, with every identifier
    ///   and the expected NameID, as if SCIM had just deactivated them; the host finds the account by those. The diff
    ///   format has no `account` on `deactivated` entries (`samples/deprovisioning-diff.schema.json`).
    ///
    /// - Precondition: `classified.action == .deprovision`.
    public init(deprovisioning classified: ClassifiedAccount) {
        precondition(classified.action == .deprovision, "only accounts to deprovision become diff entries")
        guard classified.reason == .deactivated, let user = classified.user else {
            let account = classified.account
            self.init(notProvisioned: HostAccount(hostId: account.hostId, email: account.email, nameID: account.nameID))
            return
        }
        let record = UserRecord(
            id: user.id, userName: user.userName, externalId: user.externalId, emails: user.emails,
            primaryEmail: user.primaryEmail, active: user.active)
        let nameID = user.nameID
        self.init(reason: .deactivated, user: EntryUser(record) { _ in nameID })
    }
}
