import Foundation

/// What the exporter keeps of one certificate: the fields it judges and exports, not the parsed object
/// (a parsed certificate holds 3–7 KB; the same CA appears in thousands of bundles).
/// An immutable class: passed around by the thousand, a copy is one retain instead of twenty.
public final class CertificateSummary: Sendable, Hashable {
    /// BasicConstraints as read: absent, an end entity, or a CA with an optional path length.
    public enum BasicConstraints: Sendable, Hashable {
        case absent
        case notCA
        case ca(pathLength: Int?)
    }

    public let fingerprintSHA256: String
    public let serialHex: String
    public let version: Int
    public let subject: String
    public let issuer: String
    public let subjectCN: String
    public let issuerCN: String
    public let notBefore: Date
    public let notAfter: Date
    public let basicConstraints: BasicConstraints
    public let subjectKeyIdentifier: [UInt8]?
    public let authorityKeyIdentifier: [UInt8]?
    /// The signature verifies with the certificate's own public key.
    public let hasValidSelfSignature: Bool
    public let spiffeID: String
    public let dnsNames: [String]
    public let ipAddresses: [String]
    public let keyAlgorithm: String
    public let signatureAlgorithm: String
    /// `nil` when the certificate has no ExtendedKeyUsage extension.
    public let extendedKeyUsage: [String]?
    /// What a strict parser objected to, e.g. `non_minimal_serial`; empty for a clean certificate.
    public let parseWarnings: [String]
    /// Weak signature or key, one reason each (`meshcert_cert_weak_crypto_info`); empty for most certificates.
    public let weakCrypto: [WeakCryptoReason]

    public init(
        fingerprintSHA256: String,
        serialHex: String,
        version: Int,
        subject: String,
        issuer: String,
        subjectCN: String,
        issuerCN: String,
        notBefore: Date,
        notAfter: Date,
        basicConstraints: BasicConstraints,
        subjectKeyIdentifier: [UInt8]?,
        authorityKeyIdentifier: [UInt8]?,
        hasValidSelfSignature: Bool,
        spiffeID: String,
        dnsNames: [String],
        ipAddresses: [String],
        keyAlgorithm: String,
        signatureAlgorithm: String,
        extendedKeyUsage: [String]?,
        parseWarnings: [String],
        weakCrypto: [WeakCryptoReason] = []
    ) {
        self.fingerprintSHA256 = fingerprintSHA256
        self.serialHex = serialHex
        self.version = version
        self.subject = subject
        self.issuer = issuer
        self.subjectCN = subjectCN
        self.issuerCN = issuerCN
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.basicConstraints = basicConstraints
        self.subjectKeyIdentifier = subjectKeyIdentifier
        self.authorityKeyIdentifier = authorityKeyIdentifier
        self.hasValidSelfSignature = hasValidSelfSignature
        self.spiffeID = spiffeID
        self.dnsNames = dnsNames
        self.ipAddresses = ipAddresses
        self.keyAlgorithm = keyAlgorithm
        self.signatureAlgorithm = signatureAlgorithm
        self.extendedKeyUsage = extendedKeyUsage
        self.parseWarnings = parseWarnings
        self.weakCrypto = weakCrypto
    }
}

extension CertificateSummary {
    /// The same DER is the same certificate.
    public static func == (lhs: CertificateSummary, rhs: CertificateSummary) -> Bool {
        lhs === rhs || lhs.fingerprintSHA256 == rhs.fingerprintSHA256
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(fingerprintSHA256)
    }

    /// Subject and issuer are the same name.
    public var isSelfIssued: Bool { subject == issuer }

    /// BasicConstraints says CA.
    public var assertsCA: Bool {
        if case .ca = basicConstraints { return true }
        return false
    }

    public var pathLength: Int? {
        if case .ca(let pathLength) = basicConstraints { return pathLength }
        return nil
    }

    public var lifetime: TimeInterval { notAfter.timeIntervalSince(notBefore) }

    /// Usable on both sides of an mTLS handshake: no EKU at all, `any`, or both serverAuth and clientAuth.
    public var isMTLSUsable: Bool {
        guard let usages = extendedKeyUsage else { return true }
        if usages.contains("any") { return true }
        return usages.contains("server_auth") && usages.contains("client_auth")
    }
}
