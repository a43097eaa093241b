import Foundation
import SCIM
import Testing

/// `scimdir serve` keeps `STATE/reconcile.json` in step with `DIR/saml/metadata.xml` and survives hostile metadata
/// (ARCHITECTURE §7), run as the real binary.
@Suite struct ReconciliationServeTests {
    private static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("SAMLMetadataTests/Fixtures")

    /// Replaces `DIR/saml/metadata.xml` the way an editor or `git checkout` does: a new file renamed over it.
    private func install(_ corpusFile: String, in directory: URL) throws {
        try install(corpusFile, as: directory.appendingPathComponent("saml/metadata.xml"))
    }

    /// Replaces `file` with a new file renamed over it.
    private func install(_ corpusFile: String, as file: URL) throws {
        let temporary = file.deletingLastPathComponent().appendingPathComponent(".\(file.lastPathComponent).new")
        try? FileManager.default.removeItem(at: temporary)
        try FileManager.default.copyItem(at: Self.corpus.appendingPathComponent(corpusFile), to: temporary)
        guard rename(temporary.path, file.path) == 0 else {
            throw ProcessFailure(description: "cannot rename \(temporary.path): errno \(errno)")
        }
    }

    /// `metadata.entityID` of `STATE/reconcile.json`, or `nil` while there is none.
    private func reportedEntityID(_ state: URL) -> String? {
        guard let data = FileManager.default.contents(atPath: state.appendingPathComponent("reconcile.json").path)
        else {
            return nil
        }
        return (try? JSONParser().parse(data))?["metadata"]?["entityID"]?.stringValue
    }

    /// How many times the log says metadata was refused.
    private func refusals(_ log: String) -> Int {
        log.components(separatedBy: "msg=\"SAML metadata refused; keeping the last reconciliation report\"").count - 1
    }

    /// Polls `condition` for up to 15 s.
    private func eventually(_ condition: () -> Bool) async throws -> Bool {
        for _ in 0..<300 {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return condition()
    }

    @Test func reportFollowsTheMetadataAndHostileFilesDoNotCrashTheServer() async throws {
        let folders = try ScimdirProcess.makeFolders()
        defer { try? FileManager.default.removeItem(at: folders.root) }
        try FileManager.default.createDirectory(
            at: folders.directory.appendingPathComponent("saml"), withIntermediateDirectories: true)
        try install("okta-idp.xml", in: folders.directory)
        let server = try await ScimdirProcess.start(directory: folders.directory, stateDirectory: folders.state)

        // Loaded at start, before the server announced itself.
        #expect(reportedEntityID(folders.state) == "http://www.okta.com/exkppsa1qwuFV4D7z0h7")
        let mode =
            try FileManager.default.attributesOfItem(
                atPath: folders.state.appendingPathComponent("reconcile.json").path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(server.log.contains("msg=\"SAML reconciliation\""))
        #expect(server.log.contains("entityID=http://www.okta.com/exkppsa1qwuFV4D7z0h7"))

        // A changed file is reconciled again, and the change of entityID is noticed.
        try install("keycloak-idp.xml", in: folders.directory)
        #expect(try await eventually { reportedEntityID(folders.state) == "http://localhost:8080/realms/firezone" })
        let changed = try JSONParser().parse(Data(contentsOf: folders.state.appendingPathComponent("reconcile.json")))
        #expect(changed["problems"]?.arrayValue?.first?["kind"] == "entityIDChanged")

        // Hostile files are refused and logged; the last report stays; the server keeps serving.
        let hostileFiles = [
            "hostile/billion-laughs.xml", "hostile/external-dtd-fetch.xml", "hostile/deep-nesting-100k.xml",
        ]
        for (index, hostile) in hostileFiles.enumerated() {
            try install(hostile, in: folders.directory)
            #expect(try await eventually { refusals(server.log) == index + 1 }, "\(hostile)")
        }
        #expect(reportedEntityID(folders.state) == "http://localhost:8080/realms/firezone")
        #expect(server.process.isRunning)
        #expect(try await server.request("GET", "/Users").status == 200)

        // A good file again is picked up.
        try install("okta-idp.xml", in: folders.directory)
        #expect(try await eventually { reportedEntityID(folders.state) == "http://www.okta.com/exkppsa1qwuFV4D7z0h7" })
        #expect(await server.stop() == 0)
    }

    @Test func aMetadataFileOutsideTheDirectoryIsReconciledAgainWhenItChanges() async throws {
        let folders = try ScimdirProcess.makeFolders()
        defer { try? FileManager.default.removeItem(at: folders.root) }
        let identityProvider = folders.root.appendingPathComponent("identity-provider")
        try FileManager.default.createDirectory(at: identityProvider, withIntermediateDirectories: true)
        let file = identityProvider.appendingPathComponent("metadata.xml")
        try install("okta-idp.xml", as: file)
        let server = try await ScimdirProcess.start(
            directory: folders.directory, stateDirectory: folders.state, arguments: ["--saml-metadata", file.path])
        #expect(reportedEntityID(folders.state) == "http://www.okta.com/exkppsa1qwuFV4D7z0h7")

        // Replaced by rename, as editors and deployment tools do.
        try install("keycloak-idp.xml", as: file)
        #expect(try await eventually { reportedEntityID(folders.state) == "http://localhost:8080/realms/firezone" })

        // Rewritten in place.
        let handle = try FileHandle(forWritingTo: file)
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: Data(contentsOf: Self.corpus.appendingPathComponent("okta-idp.xml")))
        try handle.close()
        #expect(try await eventually { reportedEntityID(folders.state) == "http://www.okta.com/exkppsa1qwuFV4D7z0h7" })
        #expect(await server.stop() == 0)
    }

    @Test func serveWithoutMetadataWritesNoReport() async throws {
        let folders = try ScimdirProcess.makeFolders()
        defer { try? FileManager.default.removeItem(at: folders.root) }
        let server = try await ScimdirProcess.start(directory: folders.directory, stateDirectory: folders.state)
        #expect(try await server.request("GET", "/Users").status == 200)
        #expect(!FileManager.default.fileExists(atPath: folders.state.appendingPathComponent("reconcile.json").path))
        #expect(await server.stop() == 0)
    }
}
