import Foundation
import SCIM
import Testing

/// Secrets and permissions of the real binary (issue 8; ARCHITECTURE §3, §8, §9): state files are 0600 and state
/// folders 0700 whatever the umask; resource files follow the umask (systemd's `UMask=0077` makes them private); the
/// token never appears in the log, in error responses, in the directory, in the state directory or in git history.
@Suite struct SecretsTests {
    /// Runs `body` as `sh -c 'umask <mask>; exec …'`: the launcher of ``ScimdirProcess/start``.
    static func umask(_ mask: String) -> [String] {
        ["/bin/sh", "-c", "umask \(mask); exec \"$0\" \"$@\""]
    }

    /// Runs a `scimdir` subcommand under `mask`.
    @discardableResult
    static func run(umask mask: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "umask \(mask); exec \"$0\" \"$@\"", ScimdirProcess.executable.path] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// The permission bits of a file or folder.
    static func mode(_ url: URL) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.posixPermissions] as? Int) ?? -1
    }

    /// Every file and folder under `root`, relative paths with their mode.
    static func modes(under root: URL) -> [(path: String, mode: Int, isFolder: Bool)] {
        var result: [(String, Int, Bool)] = []
        let enumerator = FileManager.default.enumerator(atPath: root.path)
        while let path = enumerator?.nextObject() as? String {
            let url = root.appendingPathComponent(path)
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder)
            result.append((path, mode(url), isFolder.boolValue))
        }
        return result
    }

    private static let samlCorpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("SAMLMetadataTests/Fixtures/okta-idp.xml")

    @Test func everyStateFileIs0600AndEveryStateFolder0700UnderAPermissiveUmask() async throws {
        let folders = try ScimdirProcess.makeFolders()
        defer { try? FileManager.default.removeItem(at: folders.root) }
        try FileManager.default.createDirectory(
            at: folders.directory.appendingPathComponent("saml"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: Self.samlCorpus, to: folders.directory.appendingPathComponent("saml/metadata.xml"))
        // The state directory is made by the first command that needs it, here under umask 000.
        let state = folders.root.appendingPathComponent("var/lib/scimdir/state")
        #expect(try Self.run(umask: "000", ["token", "rotate", "--state-directory", state.path]) == 0)
        let server = try await ScimdirProcess.start(
            directory: folders.directory, stateDirectory: state, arguments: ["--deprovision-limit", "0"],
            launcher: Self.umask("000"))
        let alice = try #require(try await server.createUser("alice@example.com")["id"]?.stringValue)
        _ = try await server.createUser("bob@example.com")
        let deactivated = try await server.request(
            "PATCH", "/Users/\(alice)",
            body: [
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                "Operations": [["op": "replace", "value": ["active": false]]],
            ])
        #expect(deactivated.status == 200)
        #expect(try Self.run(umask: "000", ["diff", "ack", "1", "--state-directory", state.path]) == 0)
        #expect(await server.stop() == 0)

        let found = Self.modes(under: state)
        let names = Set(found.map(\.path))
        for expected in [
            "token.json", "access-state.json", "delivery.json", "held.json", "reconcile.json", ".deprovisioning.lock",
            "outbox", "outbox/0000000001.json", "outbox/0000000003.json",
        ] {
            #expect(names.contains(expected), "\(expected) is missing: \(names.sorted())")
        }
        #expect(Self.mode(state) == 0o700)
        for entry in found {
            #expect(entry.mode == (entry.isFolder ? 0o700 : 0o600), "\(entry.path): \(String(entry.mode, radix: 8))")
        }
    }

    @Test func anExistingStateDirectoryOthersCanReadIsMadePrivate() async throws {
        let folders = try ScimdirProcess.makeFolders()
        defer { try? FileManager.default.removeItem(at: folders.root) }
        try FileManager.default.createDirectory(
            at: folders.state, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        let server = try await ScimdirProcess.start(directory: folders.directory, stateDirectory: folders.state)
        #expect(Self.mode(folders.state) == 0o700)
        #expect(await server.stop() == 0)
    }

    @Test(arguments: [("077", 0o600, 0o700), ("022", 0o644, 0o755), ("027", 0o640, 0o750)])
    func resourceFilesAndFoldersFollowTheUmask(_ mask: String, _ fileMode: Int, _ folderMode: Int) async throws {
        let folders = try ScimdirProcess.makeFolders()
        defer { try? FileManager.default.removeItem(at: folders.root) }
        let directory = folders.root.appendingPathComponent("fresh-directory")
        let server = try await ScimdirProcess.start(
            directory: directory, stateDirectory: folders.state, launcher: Self.umask(mask))
        let alice = try #require(try await server.createUser("alice@example.com")["id"]?.stringValue)
        let group = try await server.request(
            "POST", "/Groups", body: ["displayName": "Engineering", "members": [["value": .string(alice)]]])
        let groupID = try #require(group.body?["id"]?.stringValue)
        let patched = try await server.request(
            "PATCH", "/Users/\(alice)",
            body: [
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                "Operations": [["op": "replace", "path": "title", "value": "CTO"]],
            ])
        #expect(patched.status == 200)
        #expect(await server.stop() == 0)

        for file in ["users/\(alice).json", "groups/\(groupID).json"] {
            let mode = Self.mode(directory.appendingPathComponent(file))
            #expect(mode == fileMode, "umask \(mask): \(file) is \(String(mode, radix: 8))")
        }
        for folder in ["", "users", "groups"] {
            let mode = Self.mode(directory.appendingPathComponent(folder))
            #expect(mode == folderMode, "umask \(mask): \(folder)/ is \(String(mode, radix: 8))")
        }
    }

    @Test func theTokenAppearsInNoLogErrorFileDiffOrCommit() async throws {
        let folders = try ScimdirProcess.makeFolders()
        defer { try? FileManager.default.removeItem(at: folders.root) }
        let server = try await ScimdirProcess.start(
            directory: folders.directory, stateDirectory: folders.state,
            arguments: ["--git-commit", "--log-level", "trace"])
        let token = server.token
        // What would betray the token: the token, a prefix of it (a wrong token a client might send), its random
        // part after the `scimdir_` prefix.
        let secrets = [token, String(token.dropLast(5)), String(token.dropFirst("scimdir_".count).prefix(20))]

        var bodies: [String] = []
        let alice = try #require(try await server.createUser("alice@example.com")["id"]?.stringValue)
        let bob = try #require(try await server.createUser("bob@example.com")["id"]?.stringValue)
        let group = try await server.request(
            "POST", "/Groups",
            body: ["displayName": "Engineering", "members": [["value": .string(alice)], ["value": .string(bob)]]])
        #expect(group.status == 201)
        let deactivate = try await server.request(
            "PATCH", "/Users/\(alice)",
            body: [
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                "Operations": [["op": "replace", "value": ["active": false]]],
            ])
        #expect(deactivate.status == 200)
        #expect(try await server.request("DELETE", "/Users/\(bob)").status == 204)
        let path = server.wirePath("/Users")
        for authorization in [
            "Bearer \(token.dropLast(5))", "Bearer \(token)x", "Bearer \(token.dropLast(1))", "bearer  \(token) extra",
            "Basic \(token)", token, "Bearer \(token)\r\nAuthorization: Bearer \(token)",
        ] {
            let reply = try await server.raw("GET \(path) HTTP/1.1\r\nAuthorization: \(authorization)")
            #expect(reply?.status == 401)
            bodies.append("\(reply?.headers ?? [:]) \(reply?.text ?? "")")
        }
        // A password is accepted and never stored or returned (RFC 7643 `returned: never`): here, the token.
        let carol = try await server.request(
            "POST", "/Users", body: ["userName": "carol@example.com", "password": .string(token)])
        #expect(carol.status == 201)
        bodies.append("\(carol.headers) \(String(describing: carol.body))")
        #expect(await server.stop() == 0)

        var places: [(String, String)] = [("the log", server.log), ("the responses", bodies.joined(separator: "\n"))]
        let enumerator = FileManager.default.enumerator(atPath: folders.root.path)
        while let file = enumerator?.nextObject() as? String {
            if let data = FileManager.default.contents(atPath: folders.root.appendingPathComponent(file).path) {
                places.append((file, String(decoding: data, as: UTF8.self)))
            }
        }
        places.append(
            ("git history", try Git(directory: folders.directory)("log", "-p", "--all", "--format=%an %ae %s %b")))
        #expect(places.count > 10)
        #expect(server.logLines("authentication failed").count == 7)
        for (place, text) in places {
            for secret in secrets {
                #expect(!text.contains(secret), "\(place) holds (part of) the token")
            }
        }
    }
}
