/// What `CertificateFieldReader` read from a certificate's DER: the fields a summary keeps, as the
/// full parser (swift-certificates) would give them, names already in its RFC 4514 text.
public struct CertificateFields: Sendable {
    public enum SignatureAlgorithm: String, Sendable {
        case ecdsaSHA256 = "ecdsa_sha256"
        case ecdsaSHA384 = "ecdsa_sha384"
        case ecdsaSHA512 = "ecdsa_sha512"
        case rsaSHA256 = "rsa_sha256"
        case rsaSHA384 = "rsa_sha384"
        case rsaSHA512 = "rsa_sha512"
    }

    public enum BasicConstraints: Sendable, Equatable {
        case absent
        case notCA
        case ca(pathLength: Int?)
    }

    /// A UTCTime or GeneralizedTime as written, in UTC; whole seconds.
    public struct Time: Sendable, Equatable {
        public var year: Int
        public var month: Int
        public var day: Int
        public var hour: Int
        public var minute: Int
        public var second: Int
    }

    /// 1 or 3.
    public var version: Int
    /// The serial's magnitude: no sign octet, never empty, at most 20 octets.
    public var serial: ArraySlice<UInt8>
    public var subject: String
    public var issuer: String
    public var subjectCN: String
    public var issuerCN: String
    public var notBefore: Time
    public var notAfter: Time
    /// The SubjectPublicKeyInfo as encoded, for the key to be built from.
    public var subjectPublicKeyInfo: ArraySlice<UInt8>
    public var signatureAlgorithm: SignatureAlgorithm
    public var basicConstraints: BasicConstraints = .absent
    public var subjectKeyIdentifier: [UInt8]?
    public var authorityKeyIdentifier: [UInt8]?
    public var spiffeID = ""
    public var dnsNames: [String] = []
    /// The iPAddress entries' octets, in order.
    public var ipAddresses: [[UInt8]] = []
    /// `nil` without an ExtendedKeyUsage extension.
    public var extendedKeyUsage: [String]?
}
