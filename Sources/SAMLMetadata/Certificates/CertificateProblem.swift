/// A `ds:X509Certificate` inside a role's `KeyDescriptor` that could not be used, with the reason.
///
/// Reasons read like `not valid base64`, or `the base64 decodes to PEM text ("-----BEGIN CERTIFICATE-----"), not DER:
/// the certificate was base64-encoded twice`. The rest of the metadata stays usable.
public struct CertificateProblem: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The `use` of the `KeyDescriptor` that holds it.
    public let use: KeyDescriptor.Use
    /// The line of the `ds:X509Certificate` element.
    public let line: Int
    /// Why it was not accepted.
    public let reason: String

    /// Creates a problem entry.
    public init(use: KeyDescriptor.Use, line: Int, reason: String) {
        self.use = use
        self.line = line
        self.reason = reason
    }

    /// `line N: <use> certificate: reason`.
    public var description: String {
        "line \(line): \(use.rawValue) certificate: \(reason)"
    }
}
