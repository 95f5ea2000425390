import Crypto
import Foundation
import MeshCertParsers
import SwiftASN1
import X509

/// Why a DER blob is not a certificate, in words for the log.
public struct CertificateDecodeError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// Turns DER bytes into a `CertificateSummary`. A certificate a strict parser rejects but whose
/// TBSCertificate still yields a validity period is summarized leniently, with the oddity in
/// `parseWarnings`: a monitoring tool reads what is deployed, not what a strict parser would admit.
public enum CertificateDecoder {
    public static func summarize(der: [UInt8]) throws(CertificateDecodeError) -> CertificateSummary {
        try summarize(der: der, fingerprint: Hex.encode(SHA256.hash(data: der)))
    }

    /// The field reader's summary when it is sure of the certificate (nearly always), else the full parse's.
    static func summarize(der: [UInt8], fingerprint: String, shared: SharedText? = nil) throws(CertificateDecodeError) -> CertificateSummary {
        if let summary = fieldSummary(der: der, fingerprint: fingerprint, shared: shared) { return summary }
        return try fullSummary(der: der, fingerprint: fingerprint)
    }

    /// The summary through swift-certificates' `Certificate` (then the lenient reader): what every
    /// certificate got before the field reader, and what it must always agree with.
    public static func fullSummary(der: [UInt8], fingerprint: String) throws(CertificateDecodeError) -> CertificateSummary {
        let strictError: any Error
        do {
            let certificate = try Certificate(derEncoded: der)
            return summary(of: certificate, fingerprint: fingerprint, der: der)
        } catch {
            strictError = error
        }
        do {
            return try LenientCertificateReader.summarize(der: der, fingerprint: fingerprint)
        } catch {
            throw CertificateDecodeError(description: "not an X.509 certificate (\(describe(strictError)))")
        }
    }

    /// `der` is the certificate's encoding when the caller has it: an unusual signature algorithm is then
    /// read from it rather than from a fresh serialization.
    public static func summary(of certificate: Certificate, fingerprint: String, der: [UInt8]? = nil) -> CertificateSummary {
        var warnings: [String] = []
        let serial = certificate.serialNumber.bytes
        warnings += SerialOddities.check(magnitude: serial)

        let fields = ExtensionFields(certificate.extensions)
        let selfIssued = certificate.subject == certificate.issuer
        let selfSigned = selfIssued && certificate.publicKey.isValidSignature(certificate.signature, for: certificate)

        return CertificateSummary(
            fingerprintSHA256: fingerprint,
            serialHex: Hex.encode(serial),
            version: certificate.version == .v1 ? 1 : 3,
            subject: LegacyDirectoryString.decoded(certificate.subject).description,
            issuer: LegacyDirectoryString.decoded(certificate.issuer).description,
            subjectCN: commonName(of: certificate.subject),
            issuerCN: commonName(of: certificate.issuer),
            notBefore: certificate.notValidBefore,
            notAfter: certificate.notValidAfter,
            basicConstraints: fields.basicConstraints,
            subjectKeyIdentifier: fields.subjectKeyIdentifier,
            authorityKeyIdentifier: fields.authorityKeyIdentifier,
            hasValidSelfSignature: selfSigned,
            spiffeID: fields.spiffeID,
            dnsNames: fields.dnsNames,
            ipAddresses: fields.ipAddresses,
            keyAlgorithm: KeyAlgorithmName.name(of: certificate.publicKey),
            signatureAlgorithm: SignatureAlgorithmName.name(of: certificate.signatureAlgorithm),
            extendedKeyUsage: fields.extendedKeyUsage,
            parseWarnings: warnings,
            weakCrypto: WeakCrypto.reasons(
                signatureOID: WeakCrypto.signatureOID(of: certificate, der: der), selfSigned: selfSigned, key: WeakCrypto.keyReason(of: certificate.publicKey)
            )
        )
    }

    static func commonName(of name: DistinguishedName) -> String {
        // The most specific CN: the last one in DER order.
        var found = ""
        for rdn in name {
            for attribute in rdn where attribute.type == .RDNAttributeType.commonName {
                found = LegacyDirectoryString.text(of: attribute.value) ?? attribute.value.description
            }
        }
        return found
    }

    static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        // swift-asn1 errors carry a file and line suffix that means nothing to an operator.
        if let range = text.range(of: " at ") { return String(text[..<range.lowerBound]) }
        return text
    }
}

/// The extension fields a summary keeps, read the same way for a strict and a lenient parse.
struct ExtensionFields {
    var basicConstraints: CertificateSummary.BasicConstraints = .absent
    var spiffeID = ""
    var dnsNames: [String] = []
    var ipAddresses: [String] = []
    var subjectKeyIdentifier: [UInt8]?
    var authorityKeyIdentifier: [UInt8]?
    var extendedKeyUsage: [String]?

    init(_ extensions: Certificate.Extensions) {
        switch try? extensions.basicConstraints {
        case .some(.isCertificateAuthority(let maxPathLength)): basicConstraints = .ca(pathLength: maxPathLength)
        case .some(.notCertificateAuthority): basicConstraints = .notCA
        case .none: basicConstraints = .absent
        }
        for name in (try? extensions.subjectAlternativeNames) ?? SubjectAlternativeNames() {
            switch name {
            case .dnsName(let dns): dnsNames.append(dns)
            // The first spiffe:// URI is the workload's identity (SPIFFE allows exactly one).
            case .uniformResourceIdentifier(let uri) where uri.hasPrefix("spiffe://") && spiffeID.isEmpty: spiffeID = uri
            case .ipAddress(let octets): ipAddresses.append(IPAddressText.format(Array(octets.bytes)))
            default: break
            }
        }
        subjectKeyIdentifier = (try? extensions.subjectKeyIdentifier).map { Array($0.keyIdentifier) }
        authorityKeyIdentifier = (try? extensions.authorityKeyIdentifier)?.keyIdentifier.map { Array($0) }
        extendedKeyUsage = (try? extensions.extendedKeyUsage).map { $0.map(ExtendedKeyUsageName.name(of:)) }
    }
}

/// RFC 5280 wants a positive serial of at most 20 octets; real CAs have issued others.
enum SerialOddities {
    /// The serial as swift-certificates keeps it: unsigned, sign padding already removed.
    static func check(magnitude serial: some Collection<UInt8>) -> [String] {
        var warnings: [String] = []
        if serial.allSatisfy({ $0 == 0 }) { warnings.append("zero_serial") }
        if serial.count > 20 { warnings.append("serial_too_long") }
        return warnings
    }

    /// The INTEGER's content octets as encoded, for a certificate the strict parser refused.
    static func check(encoded serial: ArraySlice<UInt8>) -> [String] {
        var warnings: [String] = []
        if serial.count > 1 {
            let first = serial[serial.startIndex]
            let second = serial[serial.startIndex + 1]
            if (first == 0x00 && second & 0x80 == 0) || (first == 0xff && second & 0x80 != 0) {
                warnings.append("non_minimal_serial")
            }
        }
        if let first = serial.first, first & 0x80 != 0 { warnings.append("negative_serial") }
        let magnitude = serial.drop(while: { $0 == 0 })
        return warnings + check(magnitude: magnitude)
    }
}

enum IPAddressText {
    static func format(_ bytes: [UInt8]) -> String {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        if bytes.count == 16 {
            var groups: [String] = []
            for index in stride(from: 0, to: 16, by: 2) {
                groups.append(String(UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1]), radix: 16))
            }
            return groups.joined(separator: ":")
        }
        return Hex.encode(bytes)
    }
}

enum ExtendedKeyUsageName {
    static func name(of usage: ExtendedKeyUsage.Usage) -> String {
        switch usage {
        case .serverAuth: "server_auth"
        case .clientAuth: "client_auth"
        case .codeSigning: "code_signing"
        case .emailProtection: "email_protection"
        case .timeStamping: "time_stamping"
        case .ocspSigning: "ocsp_signing"
        case .any: "any"
        case .certificateTransparency: "certificate_transparency"
        default: ASN1ObjectIdentifier(usage).description
        }
    }
}

enum KeyAlgorithmName {
    static func name(of key: Certificate.PublicKey) -> String {
        let text = key.description  // "P256.PublicKey", "RSA2048.PublicKey", "Ed25519.PublicKey"
        let base = text.hasSuffix(".PublicKey") ? String(text.dropLast(".PublicKey".count)) : text
        switch base {
        case "P256": return "ecdsa_p256"
        case "P384": return "ecdsa_p384"
        case "P521": return "ecdsa_p521"
        case "Ed25519": return "ed25519"
        default:
            if base.hasPrefix("RSA") { return "rsa_" + base.dropFirst(3) }
            return base.lowercased()
        }
    }
}

enum SignatureAlgorithmName {
    static func name(of algorithm: Certificate.SignatureAlgorithm) -> String {
        switch algorithm {
        case .ecdsaWithSHA256: "ecdsa_sha256"
        case .ecdsaWithSHA384: "ecdsa_sha384"
        case .ecdsaWithSHA512: "ecdsa_sha512"
        case .sha1WithRSAEncryption: "rsa_sha1"
        case .sha256WithRSAEncryption: "rsa_sha256"
        case .sha384WithRSAEncryption: "rsa_sha384"
        case .sha512WithRSAEncryption: "rsa_sha512"
        case .ed25519: "ed25519"
        default: "unknown"
        }
    }
}
