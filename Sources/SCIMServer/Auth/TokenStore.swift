import Crypto
import DirectoryStore
public import Foundation
import SCIM

/// The bearer token's only trace on disk: its SHA-256 hash and creation time in `STATE/token.json`, mode 0600
/// (ARCHITECTURE §8). The token itself is shown once, when it is created, and never stored.
///
/// ```swift
/// let tokens = TokenStore(stateDirectory: stateURL)
/// if let token = try tokens.createIfMissing() { print(token) }   // first start
/// let newToken = try tokens.rotate()                            // `scimdir token rotate`
/// ```
public struct TokenStore: Sendable {
    /// `STATE/token.json`.
    public let file: URL

    /// A token store in `stateDirectory`.
    public init(stateDirectory: URL) {
        file = stateDirectory.appendingPathComponent("token.json")
    }

    /// What `scimdir token status` shows.
    public struct Status: Sendable, Equatable {
        /// When the current token was created (`dateTime`), or `nil` when there is none.
        public var created: String?
    }

    /// Whether a token exists and since when.
    public func status() -> Status {
        Status(created: read()?.created)
    }

    /// Creates a token if there is none.
    ///
    /// - Returns: the new token, or `nil` when one already existed (it cannot be shown again).
    /// - Throws: ``AtomicFile/Failure`` when the hash cannot be written.
    public func createIfMissing() throws -> String? {
        read() == nil ? try rotate() : nil
    }

    /// Replaces the token with a new random one; the old one stops working at once, also in running servers
    /// (``TokenVerifier`` notices the file changed).
    ///
    /// - Returns: the new token: `scimdir_` and 43 URL-safe base64 characters (256 random bits).
    /// - Throws: ``AtomicFile/Failure`` when the hash cannot be written.
    public func rotate() throws -> String {
        var generator = SystemRandomNumberGenerator()
        let randomBytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let token = "scimdir_" + Data(randomBytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        let record: JSONValue = [
            "sha256": .string(Self.hex(Self.digest(of: token))),
            "created": .string(SCIMDateTime.string(secondsSince1970: Date().timeIntervalSince1970)),
        ]
        try FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try AtomicFile.write(JSONWriter.pretty.bytes(record), to: file, permissions: 0o600)
        return token
    }

    /// The stored hash and creation time, or `nil` when there is no valid token file.
    func read() -> (digest: [UInt8], created: String)? {
        guard let bytes = FileManager.default.contents(atPath: file.path),
            let record = try? JSONParser().parse(bytes),
            let hex = record["sha256"]?.stringValue, let digest = Self.bytes(fromHex: hex), digest.count == 32
        else { return nil }
        return (digest, record["created"]?.stringValue ?? "unknown")
    }

    static func digest(of token: String) -> [UInt8] {
        Array(SHA256.hash(data: Array(token.utf8)))
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }

    private static func bytes(fromHex hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count.isMultiple(of: 2) else { return nil }
        return stride(from: 0, to: digits.count, by: 2).map { index -> UInt8? in
            UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16)
        }.reduce(into: [UInt8]?([])) { result, byte in
            guard let byte else { result = nil; return }
            result?.append(byte)
        }
    }
}
