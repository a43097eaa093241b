import Crypto
import Foundation
import SwiftASN1
import X509

extension X509CertificateInfo {
    /// Why the text of a `ds:X509Certificate` is not a usable certificate.
    struct DecodingFailure: Error {
        let reason: String
    }

    /// Reads the text of a `ds:X509Certificate` (base64 of DER, XML Signature §4.4.4): all whitespace is removed
    /// first, because published metadata breaks the base64 across lines and even with spaces.
    static func decode(base64 text: String) -> Result<X509CertificateInfo, DecodingFailure> {
        let base64 = text.removingXMLWhitespace()
        guard !base64.isEmpty else {
            return .failure(DecodingFailure(reason: "X509Certificate is empty"))
        }
        guard let data = Data(base64Encoded: base64) else {
            return .failure(DecodingFailure(reason: "X509Certificate is not valid base64"))
        }
        let der = Array(data)
        if der.starts(with: Array("-----BEGIN".utf8)) {
            return .failure(
                DecodingFailure(
                    reason: "the base64 decodes to PEM text (\"-----BEGIN …\"), not DER: the certificate was "
                        + "base64-encoded twice"))
        }
        let fields: Fields
        var strictProblem: String?
        do {
            let certificate = try Certificate(derEncoded: der)
            fields = Fields(
                subject: certificate.subject, issuer: certificate.issuer, serialNumber: certificate.serialNumber.bytes,
                notBefore: certificate.notValidBefore, notAfter: certificate.notValidAfter)
        } catch {
            guard let lenient = try? Fields(lenientlyFrom: der) else {
                return .failure(DecodingFailure(reason: "not a DER-encoded X.509 certificate (\(brief(error)))"))
            }
            fields = lenient
            strictProblem = explain(error)
        }
        return .success(
            X509CertificateInfo(
                subject: String(describing: fields.subject),
                issuer: String(describing: fields.issuer),
                serialNumber: colonHex(fields.serialNumber),
                notBefore: fields.notBefore,
                notAfter: fields.notAfter,
                sha256Fingerprint: colonHex(SHA256.hash(data: der)),
                base64DER: base64,
                strictParsingProblem: strictProblem))
    }

    /// Why swift-certificates refused a certificate whose fields are readable.
    private static func explain(_ error: any Error) -> String {
        switch error {
        case CryptoKitError.incorrectParameterSize:
            return "its RSA key is shorter than 2048 bits, which swift-crypto refuses"
        case CryptoKitError.underlyingCoreCryptoError:
            // Not BoringSSL's error code: swift-crypto reports the oldest entry of a per-thread error queue that
            // earlier failures leave filled, so the code would depend on what the thread parsed before.
            return "swift-crypto cannot read its public key"
        default:
            return "swift-certificates refuses it (\(brief(error)))"
        }
    }

    /// SwiftASN1's error code without the source path its description ends in.
    private static func brief(_ error: any Error) -> String {
        (error as? ASN1Error).map { "\($0.code)" } ?? String(describing: error)
    }

    /// Upper-case hex pairs joined by colons, the form `openssl x509 -fingerprint` prints.
    private static func colonHex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { byte in
            let hex = String(byte, radix: 16, uppercase: true)
            return byte < 16 ? "0" + hex : hex
        }.joined(separator: ":")
    }
}

/// The certificate fields a report shows.
private struct Fields {
    let subject: DistinguishedName
    let issuer: DistinguishedName
    let serialNumber: ArraySlice<UInt8>
    let notBefore: Date
    let notAfter: Date
}

extension Fields {
    /// Reads the fields straight from `Certificate ::= SEQUENCE { tbsCertificate TBSCertificate, … }`
    /// (RFC 5280 §4.1) without interpreting the key, the signature or the extensions, and without requiring the
    /// serial number to be a positive, minimally encoded INTEGER.
    init(lenientlyFrom der: [UInt8]) throws {
        guard let tbsNode = try Self.children(of: DER.parse(der)).first else {
            throw ASN1Error.invalidASN1Object(reason: "empty certificate")
        }
        var tbs = try Self.children(of: tbsNode)[...]
        if tbs.first?.identifier == ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific) {
            tbs = tbs.dropFirst()  // version [0] EXPLICIT
        }
        guard tbs.count >= 5, tbs[tbs.startIndex].identifier == .integer,
            case .primitive(let serialNumber) = tbs[tbs.startIndex].content
        else {
            throw ASN1Error.invalidASN1Object(reason: "TBSCertificate lacks serialNumber, issuer, validity or subject")
        }
        let validity = try Self.children(of: tbs[tbs.startIndex + 3])
        guard validity.count == 2 else { throw ASN1Error.invalidASN1Object(reason: "Validity is not two times") }
        self.init(
            subject: try DistinguishedName(derEncoded: tbs[tbs.startIndex + 4]),
            issuer: try DistinguishedName(derEncoded: tbs[tbs.startIndex + 2]),
            serialNumber: serialNumber,
            notBefore: try Self.date(validity[0]),
            notAfter: try Self.date(validity[1]))
    }

    private static func children(of node: ASN1Node) throws -> [ASN1Node] {
        guard node.identifier == .sequence, case .constructed(let nodes) = node.content else {
            throw ASN1Error.unexpectedFieldType(node.identifier)
        }
        return Array(nodes)
    }

    /// `Time ::= CHOICE { utcTime UTCTime, generalTime GeneralizedTime }`, in UTC.
    private static func date(_ node: ASN1Node) throws -> Date {
        if node.identifier == .utcTime {
            let time = try UTCTime(derEncoded: node)
            return GregorianUTC.date(
                year: time.year, month: time.month, day: time.day, hour: time.hours, minute: time.minutes,
                second: time.seconds)
        }
        let time = try GeneralizedTime(derEncoded: node)
        return GregorianUTC.date(
            year: time.year, month: time.month, day: time.day, hour: time.hours, minute: time.minutes,
            second: time.seconds, fraction: time.fractionalSeconds)
    }
}
