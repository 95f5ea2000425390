import Foundation
import MeshCertParsers
import X509

extension CertificateDecoder {
    /// The summary from `CertificateFieldReader`'s walk of the DER, field for field what `fullSummary`
    /// gives; `nil` when the reader leaves the certificate to the full parser. Only the public key is
    /// still built by swift-certificates, so a key swift-crypto refuses is refused here too.
    /// With `shared`, what leaves of one CA hold alike (issuer, its key identifier, the usages) is held once.
    public static func fieldSummary(der: [UInt8], fingerprint: String, shared: SharedText? = nil) -> CertificateSummary? {
        guard let fields = CertificateFieldReader.read(der), let key = try? Certificate.PublicKey(derEncoded: fields.subjectPublicKeyInfo)
        else { return nil }
        let basicConstraints: CertificateSummary.BasicConstraints =
            switch fields.basicConstraints {
            case .absent: .absent
            case .notCA: .notCA
            case .ca(let pathLength): .ca(pathLength: pathLength)
            }
        return CertificateSummary(
            fingerprintSHA256: fingerprint,
            serialHex: Hex.encode(fields.serial),
            version: fields.version,
            subject: fields.subject,
            issuer: shared?.string(fields.issuer) ?? fields.issuer,
            subjectCN: fields.subjectCN,
            issuerCN: shared?.string(fields.issuerCN) ?? fields.issuerCN,
            notBefore: date(fields.notBefore),
            notAfter: date(fields.notAfter),
            basicConstraints: basicConstraints,
            subjectKeyIdentifier: fields.subjectKeyIdentifier,
            authorityKeyIdentifier: shared.map { $0.bytes(fields.authorityKeyIdentifier) } ?? fields.authorityKeyIdentifier,
            // Self-issued certificates, the only ones checked for a self-signature, are left to the full parser.
            hasValidSelfSignature: false,
            spiffeID: fields.spiffeID,
            dnsNames: fields.dnsNames,
            ipAddresses: fields.ipAddresses.map(IPAddressText.format),
            keyAlgorithm: KeyAlgorithmName.name(of: key),
            signatureAlgorithm: fields.signatureAlgorithm.rawValue,
            extendedKeyUsage: shared.map { $0.list(fields.extendedKeyUsage) } ?? fields.extendedKeyUsage,
            parseWarnings: [],
            // The reader's signature algorithms are none of the weak ones; the key is judged as the full path judges it.
            weakCrypto: WeakCrypto.reasons(signatureOID: nil, selfSigned: false, key: WeakCrypto.keyReason(of: key))
        )
    }

    /// Whole seconds since 1970, as swift-certificates turns a UTCTime or GeneralizedTime into a `Date`.
    private static func date(_ time: CertificateFields.Time) -> Date {
        let days = CivilDate.daysSince1970(year: time.year, month: time.month, day: time.day)
        let seconds = Int64(days) * 86_400 + Int64(time.hour * 3600 + time.minute * 60 + time.second)
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }
}
