import Crypto
import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import SCIM
import SwiftASN1
import Testing
import X509

/// The built-in TLS (`--tls-certificate`, `--tls-key`; issue 8): the real binary serves HTTPS with a self-signed
/// certificate made by the test, announces an `https://` URL, and refuses plain HTTP on that port.
@Suite struct TLSTests {
    /// A self-signed certificate for `localhost` and its key, as PEM files in `folder` (the key mode 0600).
    struct SelfSigned {
        let certificate: URL
        let key: URL
        let pem: String

        init(in folder: URL, name: String = "localhost") throws {
            let key = P256.Signing.PrivateKey()
            let subject = try DistinguishedName { CommonName(name) }
            let now = Date()
            let certificate = try Certificate(
                version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(key.publicKey),
                notValidBefore: now - 3600, notValidAfter: now + 86400, issuer: subject, subject: subject,
                signatureAlgorithm: .ecdsaWithSHA256,
                extensions: try Certificate.Extensions {
                    // Its own issuer: the client trusts it as the root it is.
                    Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                    SubjectAlternativeNames([.dnsName(name)])
                    KeyUsage(digitalSignature: true, keyCertSign: true)
                    try ExtendedKeyUsage([.serverAuth])
                },
                issuerPrivateKey: .init(key))
            pem = try certificate.serializeAsPEM().pemString
            self.certificate = folder.appendingPathComponent("\(name).crt")
            self.key = folder.appendingPathComponent("\(name).key")
            try Data(pem.utf8).write(to: self.certificate)
            _ = FileManager.default.createFile(
                atPath: self.key.path, contents: Data(key.pemRepresentation.utf8),
                attributes: [.posixPermissions: 0o600])
        }
    }

    /// Sends `request` over TLS to `127.0.0.1:port`, trusting only `trusted` (PEM), and returns everything the
    /// server sent until it closed the connection.
    static func https(port: Int, trusting trusted: String, _ request: String) async throws -> String {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.trustRoots = .certificates([try NIOSSLCertificate(bytes: Array(trusted.utf8), format: .pem)])
        return try await https(port: port, configuration: configuration, request)
    }

    static func https(port: Int, configuration: TLSConfiguration, _ request: String) async throws -> String {
        let context = try NIOSSLContext(configuration: configuration)
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        try NIOSSLClientHandler(context: context, serverHostname: "localhost"))
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: request))
            var received = ByteBuffer()
            do {
                for try await chunk in inbound {
                    received.writeImmutableBuffer(chunk)
                    if Self.isComplete(String(buffer: received)) { break }
                }
            } catch NIOSSLError.uncleanShutdown {
                // The server closed without saying goodbye in TLS; what it sent is the answer.
            }
            return String(buffer: received)
        }
    }

    /// Whether `text` holds a whole response with a `Content-Length` body, so that the client may close first rather
    /// than wait for the server's TLS goodbye.
    static func isComplete(_ text: String) -> Bool {
        guard let headEnd = text.range(of: "\r\n\r\n"),
            let length = text[..<headEnd.lowerBound].firstMatch(of: /(?i)content-length: *(\d+)/).flatMap({ Int($0.1) })
        else { return false }
        return text[headEnd.upperBound...].utf8.count >= length
    }

    @Test func servesHTTPSWithTheCertificateAnnouncesHttpsAndRefusesPlainHTTP() async throws {
        let folders = try ScimdirProcess.makeFolders()
        defer { try? FileManager.default.removeItem(at: folders.root) }
        let tls = try SelfSigned(in: folders.root)
        let server = try await ScimdirProcess.start(
            directory: folders.directory, stateDirectory: folders.state,
            arguments: ["--tls-certificate", tls.certificate.path, "--tls-key", tls.key.path])
        #expect(server.baseURL.hasPrefix("https://127.0.0.1:"), "\(server.baseURL)")
        #expect(server.logLines("serving SCIM").first?["url"]?.hasPrefix("https://") == true)

        let body = #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"alice@example.com"}"#
        let created = try await Self.https(
            port: server.port, trusting: tls.pem,
            "POST /api/ee/scim/v2/Users HTTP/1.1\r\nHost: localhost:\(server.port)\r\nConnection: close\r\n"
                + "Authorization: Bearer \(server.token)\r\nContent-Type: application/scim+json\r\n"
                + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)")
        #expect(created.hasPrefix("HTTP/1.1 201"), "\(created)")
        #expect(created.contains("Location: https://localhost:\(server.port)/api/ee/scim/v2/Users/"), "\(created)")
        #expect(created.contains(#""location":"https://localhost:\#(server.port)/api/ee/scim/v2/Users/"#))

        let unauthorized = try await Self.https(
            port: server.port, trusting: tls.pem,
            "GET /api/ee/scim/v2/Users HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        #expect(unauthorized.hasPrefix("HTTP/1.1 401"), "\(unauthorized)")

        // Plain HTTP on the TLS port gets no HTTP answer.
        let plain = try HostileConnection(port: server.port)
        await plain.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        #expect(await plain.response(timeout: .seconds(20)) == nil)

        // A client that does not trust the certificate does not get through.
        await #expect(throws: (any Error).self) {
            try await Self.https(
                port: server.port, configuration: .makeClientConfiguration(),
                "GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        }
        #expect(await server.stop() == 0)
    }

    @Test func theEnvironmentVariablesTurnTLSOnAndAKeyOthersCanReadIsWarnedAbout() async throws {
        let folders = try ScimdirProcess.makeFolders()
        defer { try? FileManager.default.removeItem(at: folders.root) }
        let tls = try SelfSigned(in: folders.root)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: tls.key.path)
        let server = try await ScimdirProcess.start(
            directory: folders.directory, stateDirectory: folders.state,
            environment: ["SCIMDIR_TLS_CERTIFICATE": tls.certificate.path, "SCIMDIR_TLS_KEY": tls.key.path])
        #expect(server.baseURL.hasPrefix("https://"))
        #expect(server.logLines("the TLS private key is readable by other users; chmod 600 it").count == 1)
        let health = try await Self.https(
            port: server.port, trusting: tls.pem,
            "GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        #expect(health.hasPrefix("HTTP/1.1 200"), "\(health)")
        #expect(await server.stop() == 0)
    }

    @Test func aCertificateWithoutKeyOrAKeyOfAnotherCertificateIsRefusedAtStart() throws {
        let folders = try ScimdirProcess.makeFolders()
        defer { try? FileManager.default.removeItem(at: folders.root) }
        let tls = try SelfSigned(in: folders.root)
        let other = try SelfSigned(in: folders.root, name: "other.example")
        let base = [
            "serve", "--directory", folders.directory.path, "--state-directory", folders.state.path, "--listen",
            "127.0.0.1:0",
        ]
        let alone = try ScimdirProcess.run(base + ["--tls-certificate", tls.certificate.path])
        #expect(alone.status != 0)
        #expect(alone.errors.contains("--tls-certificate and --tls-key go together"), "\(alone.errors)")
        let mismatched = try ScimdirProcess.run(
            base + ["--tls-certificate", tls.certificate.path, "--tls-key", other.key.path])
        #expect(mismatched.status != 0)
        #expect(
            mismatched.errors.contains("cannot use \(tls.certificate.path) with \(other.key.path)"),
            "\(mismatched.errors)")
        let missing = try ScimdirProcess.run(
            base + [
                "--tls-certificate", folders.root.appendingPathComponent("nope.crt").path, "--tls-key", tls.key.path,
            ])
        #expect(missing.status != 0)
        #expect(missing.errors.contains("cannot read the TLS certificate"), "\(missing.errors)")
    }
}
