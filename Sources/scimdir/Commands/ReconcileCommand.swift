import ArgumentParser
import Deprovisioning
import DirectoryStore
import Foundation
import Logging
import SAMLMetadata
import SCIM

/// `scimdir reconcile`: matches the host app's accounts against the SCIM users through the identity provider's SAML
/// metadata, and optionally deprovisions the accounts SCIM does not keep (ARCHITECTURE §7).
struct ReconcileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Reconcile the identity provider's SAML metadata and the host app's accounts with the SCIM users.",
        discussion: """
            Reports problems in the metadata (expired or expiring signing certificates, no browser SSO endpoint, a \
            past validUntil, a changed entityID, NameID formats that cannot identify accounts), each user's expected \
            NameID, users without one, NameID collisions and, with --host-accounts, which host accounts match an \
            active SCIM user, an inactive one or none. --emit-diff writes the accounts to deprovision as one \
            deprovisioning diff. Exit status 0 when the report was made, 1 when an input cannot be read or the diff \
            cannot be written.
            """)

    /// `--format`.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @OptionGroup var directory: DirectoryOptions
    @OptionGroup var state: StateOptions
    @OptionGroup var reconciliation: ReconcileOptions

    @Option(
        help: ArgumentHelp(
            "The host app's accounts: CSV with a header (email or name_id; active/is_active, sso_source, id), a JSON "
                + "array of objects, or a JSON object with a data array.",
            valueName: "file"))
    var hostAccounts: String?

    @Flag(
        help: ArgumentHelp(
            "Write the accounts to deprovision as one deprovisioning diff to STATE/outbox, and the report to "
                + "STATE/reconcile.json (a running serve adopts the diff into its sequence)."))
    var emitDiff = false

    @Option(
        help: ArgumentHelp(
            "With --emit-diff: hold the diff when more accounts than this lose access, like serve's option "
                + "(env SCIMDIR_DEPROVISION_LIMIT).",
            valueName: "N|P%|N,P%"))
    var deprovisionLimit: String = SettingsEnvironment["SCIMDIR_DEPROVISION_LIMIT"] ?? "10"

    @Option(
        help: ArgumentHelp(
            "text for people, json for programs (the format of STATE/reconcile.json).", valueName: "text|json"))
    var format: Format = .text

    func validate() throws {
        if emitDiff && hostAccounts == nil {
            throw ValidationError("--emit-diff needs --host-accounts: the diff lists host accounts")
        }
        _ = try DiffServeOptions.limit(deprovisionLimit)
    }

    func run() throws {
        let metadataURL = reconciliation.metadataURL(directory: directory.directoryURL)
        let document: MetadataDocument
        do {
            document = try SAMLMetadataParser().parse(contentsOf: metadataURL, entityID: reconciliation.entityId)
        } catch {
            throw Self.failure("cannot use the SAML metadata \(metadataURL.relativePath): \(error)")
        }
        let export: HostAccountExport?
        do {
            export = try hostAccounts.map { try HostAccountExport(contentsOf: URL(fileURLWithPath: $0)) }
        } catch {
            throw Self.failure("cannot read the host accounts \(hostAccounts ?? ""): \(error)")
        }
        let layout = DirectoryLayout(root: directory.directoryURL)
        guard FileManager.default.fileExists(atPath: layout.root.path) else {
            throw Self.failure("the directory \(layout.root.path) does not exist")
        }
        var logger = Logger(label: "scimdir.reconcile")
        logger.logLevel = .critical  // unloadable files are listed in the report
        let snapshot = DirectoryLoader(layout: layout, logger: logger).load(registry: .standard).snapshot
        let reportFile = ReconciliationReportFile(stateDirectory: state.stateDirectoryURL)
        let report = reconciliation.reconciler.reconcile(
            document, metadataSource: metadataURL.relativePath, directory: snapshot, hostAccounts: export,
            previousEntityID: reportFile.previousEntityID(), now: Date())

        switch format {
        case .text: FileHandle.standardOutput.write(Data(report.text().utf8))
        case .json: FileHandle.standardOutput.write(Data(report.jsonBytes()))
        }
        let pending = report.accountsToDeprovision.count
        if emitDiff {
            try emit(report, reportFile: reportFile)
        } else if pending > 0 {
            let accounts = pending == 1 ? "1 host account" : "\(pending) host accounts"
            Self.note("\(accounts) to deprovision; --emit-diff writes them as one deprovisioning diff.")
        }
    }

    private func emit(_ report: ReconciliationReport, reportFile: ReconciliationReportFile) throws {
        guard report.directoryProblems.isEmpty else {
            throw Self.failure(
                "\(report.directoryProblems.count) user files cannot be loaded, so their host accounts would be "
                    + "deprovisioned; fix them first (scimdir check)")
        }
        try state.createStateDirectory()
        var logger = Logger(label: "scimdir.reconcile")
        logger.logLevel = .warning  // a held diff is logged at error level with the command that releases it
        var configuration = DeprovisioningFeed.Configuration(files: StateFiles(directory: state.stateDirectoryURL))
        configuration.limit = try DeprovisionLimit(parsing: deprovisionLimit)
        let sequence: Int?
        do {
            sequence = try DeprovisioningFeed(configuration: configuration, logger: logger).emitReconciliation(report)
        } catch {
            throw Self.failure("cannot write the deprovisioning diff: \(error)")
        }
        do {
            try reportFile.write(report)
        } catch {
            throw Self.failure("cannot write \(reportFile.url.path): \(error)")
        }
        Self.note(
            sequence.map {
                "Deprovisioning diff \($0) written to \(state.stateDirectoryURL.relativePath)/outbox (scimdir diff show \($0))."
            } ?? "Nothing to deprovision; no diff written.")
    }

    /// Prints a line to standard error, leaving standard output to the report.
    private static func note(_ text: String) {
        FileHandle.standardError.write(Data("\(text)\n".utf8))
    }

    /// Prints `scimdir reconcile: message` to standard error and returns exit status 1 to throw.
    private static func failure(_ message: String) -> ExitCode {
        note("scimdir reconcile: \(message)")
        return ExitCode.failure
    }
}
