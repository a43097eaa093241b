import Deprovisioning
import DirectoryStore
import Foundation
import Logging
import SAMLMetadata
import SCIM

/// Inputs for reconciliation tests: the SAML corpus of `Tests/SAMLMetadataTests/Fixtures/` (facts in its
/// `MANIFEST.md`), users in memory, and a fixed clock.
enum ReconciliationFixture {
    /// `Tests/SAMLMetadataTests/Fixtures`.
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("SAMLMetadataTests/Fixtures")

    /// 2026-06-01T00:00:00Z: after every expired corpus certificate, before Okta's (2028-09-07).
    static let now = Date(timeIntervalSince1970: 1_780_272_000)

    /// Parses a corpus file.
    static func metadata(_ name: String, entityID: String? = nil) throws -> MetadataDocument {
        try SAMLMetadataParser().parse(contentsOf: corpus.appendingPathComponent(name), entityID: entityID)
    }

    /// A stored user with the given attributes; `emails` are `(value, primary)` pairs; `active: nil` leaves it out.
    static func user(
        _ id: String, userName: String, externalId: String? = nil, emails: [(String, Bool)] = [], active: Bool? = true
    ) -> StoredResource {
        var body: JSONObject = ["id": .string(id), "userName": .string(userName)]
        body["externalId"] = externalId.map(JSONValue.string)
        body["active"] = active.map(JSONValue.bool)
        if !emails.isEmpty {
            body["emails"] = .array(emails.map { ["value": .string($0.0), "primary": .bool($0.1)] })
        }
        return StoredResource(kind: .user, id: id, version: "W/\"\(id)\"", resource: body)
    }

    /// A directory holding `users`.
    static func directory(_ users: [StoredResource]) -> DirectorySnapshot {
        let loader = DirectoryLoader(layout: DirectoryLayout(root: URL(fileURLWithPath: "/nonexistent")), logger: quiet)
        var snapshot = DirectorySnapshot(registry: .standard)
        for user in users { _ = loader.admit(user, into: &snapshot) }
        return snapshot
    }

    /// alice and bob (active) and carol (inactive), as in `samples/scim-directory/`.
    static let sampleUsers = [
        user("a1", userName: "alice@example.com", externalId: "alice", emails: [("alice@example.com", true)]),
        user("b2", userName: "bob@example.com", externalId: "bob", emails: [("bob@example.com", true)]),
        user(
            "c3", userName: "carol@example.com", externalId: "carol", emails: [("carol@example.com", true)],
            active: false),
    ]

    /// A logger that prints nothing.
    static let quiet = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    /// Reconciles the sample users (or `users`) with Okta's metadata (emailAddress NameIDs) and an export.
    static func reconcile(
        _ export: HostAccountExport? = nil, users: [StoredResource] = sampleUsers, nameID: NameIDSource? = nil
    ) throws -> ReconciliationReport {
        Reconciler(nameIDOverride: nameID).reconcile(
            try metadata("okta-idp.xml"), metadataSource: "okta-idp.xml", directory: directory(users),
            hostAccounts: export, now: now)
    }
}

extension HostAccountExport {
    /// Parses an export given as text.
    init(text: String) throws(HostAccountImportError) {
        try self.init(parsing: Data(text.utf8))
    }
}
