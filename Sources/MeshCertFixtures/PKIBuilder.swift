import Crypto
import Foundation
import SwiftASN1
import X509

/// Builds certificate hierarchies in memory: for the demo, the benchmarks and the tests, so that no
/// checked-in certificate ever expires under them.
public struct IssuedCertificate: Sendable {
    public let certificate: Certificate
    public let privateKey: Certificate.PrivateKey
    public let derBytes: [UInt8]
    public let pem: String
    /// The private key as a PKCS#8 PEM block (for files that sit next to the certificate, as in a real mount).
    public let privateKeyPEM: String

    /// Serializes both at once, so no accessor can fail later.
    public init(certificate: Certificate, privateKey: Certificate.PrivateKey) throws {
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        self.certificate = certificate
        self.privateKey = privateKey
        self.derBytes = serializer.serializedBytes
        self.pem = try certificate.serializeAsPEM().pemString
        self.privateKeyPEM = try privateKey.serializeAsPEM().pemString
    }
}

public enum PKIBuilder {
    /// What to put in a certificate besides its name and validity.
    public struct Profile: Sendable {
        public var isCA: Bool
        public var pathLength: Int?
        public var spiffeID: String?
        public var dnsNames: [String]
        public var extendedKeyUsage: [ExtendedKeyUsage.Usage]?
        public var version: Certificate.Version
        /// Omit the SubjectKeyIdentifier and AuthorityKeyIdentifier extensions (names only).
        public var omitKeyIdentifiers: Bool

        public init(
            isCA: Bool = false,
            pathLength: Int? = nil,
            spiffeID: String? = nil,
            dnsNames: [String] = [],
            extendedKeyUsage: [ExtendedKeyUsage.Usage]? = nil,
            version: Certificate.Version = .v3,
            omitKeyIdentifiers: Bool = false
        ) {
            self.isCA = isCA
            self.pathLength = pathLength
            self.spiffeID = spiffeID
            self.dnsNames = dnsNames
            self.extendedKeyUsage = extendedKeyUsage
            self.version = version
            self.omitKeyIdentifiers = omitKeyIdentifiers
        }

        public static func ca(pathLength: Int? = nil) -> Profile { Profile(isCA: true, pathLength: pathLength) }

        public static func workload(spiffeID: String? = nil, dnsNames: [String] = []) -> Profile {
            Profile(spiffeID: spiffeID, dnsNames: dnsNames, extendedKeyUsage: [.serverAuth, .clientAuth])
        }
    }

    public static func name(commonName: String, organization: String? = nil) throws -> DistinguishedName {
        try DistinguishedName {
            if let organization { OrganizationName(organization) }
            CommonName(commonName)
        }
    }

    /// A self-signed certificate (a root CA with `.ca()`, a self-signed leaf otherwise).
    public static func selfSigned(
        _ subject: DistinguishedName,
        notBefore: Date,
        notAfter: Date,
        profile: Profile = .ca(),
        key: Certificate.PrivateKey = Certificate.PrivateKey(P256.Signing.PrivateKey())
    ) throws -> IssuedCertificate {
        try make(subject: subject, key: key, issuerName: subject, issuerKey: key, notBefore: notBefore, notAfter: notAfter, profile: profile)
    }

    /// A certificate signed by `issuer`.
    public static func issue(
        _ subject: DistinguishedName,
        by issuer: IssuedCertificate,
        notBefore: Date,
        notAfter: Date,
        profile: Profile,
        key: Certificate.PrivateKey = Certificate.PrivateKey(P256.Signing.PrivateKey())
    ) throws -> IssuedCertificate {
        try make(
            subject: subject, key: key, issuerName: issuer.certificate.subject, issuerKey: issuer.privateKey,
            notBefore: notBefore, notAfter: notAfter, profile: profile
        )
    }

    private static func make(
        subject: DistinguishedName,
        key: Certificate.PrivateKey,
        issuerName: DistinguishedName,
        issuerKey: Certificate.PrivateKey,
        notBefore: Date,
        notAfter: Date,
        profile: Profile
    ) throws -> IssuedCertificate {
        var extensions = Certificate.Extensions()
        if profile.version != .v1 {
            extensions = try Certificate.Extensions {
                Critical(
                    profile.isCA
                        ? BasicConstraints.isCertificateAuthority(maxPathLength: profile.pathLength)
                        : BasicConstraints.notCertificateAuthority
                )
                if profile.isCA {
                    KeyUsage(keyCertSign: true, cRLSign: true)
                } else {
                    KeyUsage(digitalSignature: true, keyEncipherment: true)
                }
                if let usages = profile.extendedKeyUsage {
                    try ExtendedKeyUsage(usages)
                }
                if !profile.omitKeyIdentifiers {
                    SubjectKeyIdentifier(hash: key.publicKey)
                    AuthorityKeyIdentifier(keyIdentifier: SubjectKeyIdentifier(hash: issuerKey.publicKey).keyIdentifier)
                }
                if profile.spiffeID != nil || !profile.dnsNames.isEmpty {
                    SubjectAlternativeNames(
                        profile.dnsNames.map { GeneralName.dnsName($0) }
                            + (profile.spiffeID.map { [GeneralName.uniformResourceIdentifier($0)] } ?? [])
                    )
                }
            }
        }
        let certificate = try Certificate(
            version: profile.version,
            serialNumber: Certificate.SerialNumber(),
            publicKey: key.publicKey,
            notValidBefore: notBefore,
            notValidAfter: notAfter,
            issuer: issuerName,
            subject: subject,
            extensions: extensions,
            issuerPrivateKey: issuerKey
        )
        return try IssuedCertificate(certificate: certificate, privateKey: key)
    }
}
