import ArgumentParser
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOSSL
import SCIMServer

/// The `serve` options of the HTTP listener: the read timeout, and the optional built-in TLS (HTTPS without a reverse
/// proxy; ARCHITECTURE §8).
struct HTTPServerOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "How long a client may take to send a request's headers, then its body; idle connections are closed "
                + "after it too, e.g. 30s (env SCIMDIR_READ_TIMEOUT).",
            valueName: "duration"))
    var readTimeout: String = SettingsEnvironment["SCIMDIR_READ_TIMEOUT"] ?? "30s"

    @Option(
        name: .customLong("tls-certificate"),
        help: ArgumentHelp(
            "Serve HTTPS with this certificate (PEM, the server's certificate first, then its chain); needs "
                + "--tls-key (env SCIMDIR_TLS_CERTIFICATE).",
            valueName: "file"))
    var tlsCertificateFile: String = SettingsEnvironment["SCIMDIR_TLS_CERTIFICATE"] ?? ""

    @Option(
        name: .customLong("tls-key"),
        help: ArgumentHelp(
            "The private key of --tls-certificate (PEM; keep it mode 0600) (env SCIMDIR_TLS_KEY).", valueName: "file"))
    var tlsKeyFile: String = SettingsEnvironment["SCIMDIR_TLS_KEY"] ?? ""

    /// `--tls-certificate`; `nil` when empty (plain HTTP).
    var tlsCertificate: String? { tlsCertificateFile.isEmpty ? nil : tlsCertificateFile }

    /// `--tls-key`; `nil` when empty.
    var tlsKey: String? { tlsKeyFile.isEmpty ? nil : tlsKeyFile }

    func validate() throws {
        guard let timeout = DiffServeOptions.duration(readTimeout), timeout > .zero else {
            throw ValidationError(
                "\(SettingsEnvironment.describe("--read-timeout", "SCIMDIR_READ_TIMEOUT")) must be a positive "
                    + "duration such as 30s or 1m; got \(readTimeout)")
        }
        if (tlsCertificate == nil) != (tlsKey == nil) {
            throw ValidationError("--tls-certificate and --tls-key go together: give both, or neither for plain HTTP")
        }
    }

    /// Whether the server speaks TLS itself.
    var usesTLS: Bool { tlsCertificate != nil }

    /// `https` or `http`.
    var scheme: String { usesTLS ? "https" : "http" }

    /// The read timeout as a duration.
    var readTimeoutDuration: Duration { DiffServeOptions.duration(readTimeout) ?? ReadTimeout.standard }

    /// The server: HTTP/1.1 with the read timeout (``HTTPServerBuilder/scimHTTP1(readTimeout:)``), inside TLS when a
    /// certificate is given.
    ///
    /// - Throws: ``Failure`` when the certificate or key cannot be read or do not belong together.
    func serverBuilder(logger: Logger) throws -> HTTPServerBuilder {
        let http1 = HTTPServerBuilder.scimHTTP1(readTimeout: readTimeoutDuration)
        guard let tlsCertificate, let tlsKey else { return http1 }
        let certificates: [NIOSSLCertificate]
        let key: NIOSSLPrivateKey
        do {
            certificates = try NIOSSLCertificate.fromPEMFile(tlsCertificate)
        } catch {
            throw Failure(description: "cannot read the TLS certificate \(tlsCertificate): \(error)")
        }
        guard !certificates.isEmpty else {
            throw Failure(description: "\(tlsCertificate) holds no PEM certificate")
        }
        do {
            key = try NIOSSLPrivateKey(file: tlsKey, format: .pem)
        } catch {
            throw Failure(description: "cannot read the TLS private key \(tlsKey): \(error)")
        }
        warnIfReadableByOthers(tlsKey, logger: logger)
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: certificates.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        configuration.applicationProtocols = ["http/1.1"]
        do {
            // Fails here, not at the first connection, when the key does not match the certificate.
            _ = try NIOSSLContext(configuration: configuration)
            return try .tls(http1, tlsConfiguration: configuration)
        } catch {
            throw Failure(description: "cannot use \(tlsCertificate) with \(tlsKey): \(error)")
        }
    }

    private func warnIfReadableByOthers(_ path: String, logger: Logger) {
        let permissions = (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int
        guard let permissions, permissions & 0o077 != 0 else { return }
        logger.warning(
            "the TLS private key is readable by other users; chmod 600 it",
            metadata: ["file": "\(path)", "mode": "\(String(permissions, radix: 8))"])
    }

    /// A certificate or key that cannot be used.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }
}
