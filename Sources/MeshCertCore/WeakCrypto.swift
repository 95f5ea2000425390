import SwiftASN1
import X509

/// Why a certificate's cryptography is weak: `meshcert_cert_weak_crypto_info`'s `reason` values.
public enum WeakCryptoReason: String, CaseIterable, Sendable, Hashable {
    case md5Signature = "md5_signature"
    case sha1Signature = "sha1_signature"
    case rsaKeyUnder2048 = "rsa_key_under_2048"
    case ecCurveUnder256 = "ec_curve_under_256"
    case dsaKey = "dsa_key"
}

/// Reads key sizes from the SubjectPublicKeyInfo and the signature algorithm's OID directly, since
/// swift-certificates parses neither a DSA key nor an RSA key under 2048 bits into a public key.
enum WeakCrypto {
    private static let md5Signatures: Set<ASN1ObjectIdentifier> = [
        [1, 2, 840, 113549, 1, 1, 4],  // md5WithRSAEncryption
    ]
    private static let sha1Signatures: Set<ASN1ObjectIdentifier> = [
        [1, 2, 840, 113549, 1, 1, 5],  // sha1WithRSAEncryption
        [1, 3, 14, 3, 2, 29],  // sha1WithRSASignature (OIW)
        [1, 2, 840, 10045, 4, 1],  // ecdsa-with-SHA1
        [1, 2, 840, 10040, 4, 3],  // dsa-with-sha1
    ]
    private static let rsaKey: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 1, 1]
    private static let ecKey: ASN1ObjectIdentifier = [1, 2, 840, 10045, 2, 1]
    private static let dsaKeys: Set<ASN1ObjectIdentifier> = [[1, 2, 840, 10040, 4, 1], [1, 3, 14, 3, 2, 12]]

    /// A self-signed certificate's own signature is not judged: a root is trusted by being in the
    /// bundle, not by its signature (browsers accept SHA-1 roots for this reason).
    static func reasons(signatureOID: ASN1ObjectIdentifier?, selfSigned: Bool, key: WeakCryptoReason?) -> [WeakCryptoReason] {
        var reasons: [WeakCryptoReason] = []
        if let oid = signatureOID, !selfSigned {
            if md5Signatures.contains(oid) { reasons.append(.md5Signature) }
            if sha1Signatures.contains(oid) { reasons.append(.sha1Signature) }
        }
        if let key { reasons.append(key) }
        return reasons
    }

    /// A strictly parsed key: swift-certificates knows only P-256 and larger curves, Ed25519 and RSA.
    static func keyReason(of key: Certificate.PublicKey) -> WeakCryptoReason? {
        // "RSA2048.PublicKey": the description is the only public view of the key's kind.
        guard key.description.hasPrefix("RSA"), let bits = rsaModulusBits(key.subjectPublicKeyInfoBytes) else { return nil }
        return bits < 2048 ? .rsaKeyUnder2048 : nil
    }

    /// The signature algorithm's OID of a strictly parsed certificate, without parsing it again when
    /// it is one swift-certificates names.
    static func signatureOID(of certificate: Certificate, der: [UInt8]?) -> ASN1ObjectIdentifier? {
        switch certificate.signatureAlgorithm {
        case .ecdsaWithSHA256, .ecdsaWithSHA384, .ecdsaWithSHA512, .sha256WithRSAEncryption, .sha384WithRSAEncryption,
            .sha512WithRSAEncryption, .ed25519:
            return nil
        case .sha1WithRSAEncryption:
            return [1, 2, 840, 113549, 1, 1, 5]
        default:
            if let der { return outerSignatureOID(der) }
            var serializer = DER.Serializer()
            guard (try? serializer.serialize(certificate)) != nil else { return nil }
            return outerSignatureOID(serializer.serializedBytes)
        }
    }

    /// Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm AlgorithmIdentifier, signature }.
    static func outerSignatureOID(_ der: [UInt8]) -> ASN1ObjectIdentifier? {
        guard let root = try? BER.parse(der), case .constructed(let children) = root.content else { return nil }
        var iterator = children.makeIterator()
        _ = iterator.next()
        guard let algorithm = iterator.next(), case .constructed(let fields) = algorithm.content,
            let first = Array(fields).first
        else { return nil }
        return try? ASN1ObjectIdentifier(derEncoded: first)
    }

    /// SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }.
    static func keyReason(subjectPublicKeyInfo spki: ArraySlice<UInt8>) throws -> WeakCryptoReason? {
        let node = try DER.parse(spki)
        guard case .constructed(let children) = node.content else { return nil }
        var iterator = children.makeIterator()
        guard let algorithmNode = iterator.next(), let keyNode = iterator.next(), case .constructed(let algorithmFields) = algorithmNode.content
        else { return nil }
        var fields = algorithmFields.makeIterator()
        guard let oidNode = fields.next() else { return nil }
        let algorithm = try ASN1ObjectIdentifier(derEncoded: oidNode)
        let key = try ASN1BitString(derEncoded: keyNode).bytes
        if dsaKeys.contains(algorithm) { return .dsaKey }
        if algorithm == rsaKey {
            guard let bits = rsaModulusBits(key) else { return nil }
            return bits < 2048 ? .rsaKeyUnder2048 : nil
        }
        if algorithm == ecKey {
            guard let bits = ecFieldBits(point: key) else { return nil }
            return bits < 256 ? .ecCurveUnder256 : nil
        }
        return nil
    }

    /// RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }: the modulus's bit length.
    static func rsaModulusBits(_ rsaPublicKey: ArraySlice<UInt8>) -> Int? {
        guard let node = try? DER.parse(rsaPublicKey), case .constructed(let children) = node.content,
            let modulus = Array(children).first, modulus.identifier == .integer, case .primitive(let bytes) = modulus.content
        else { return nil }
        let magnitude = bytes.drop(while: { $0 == 0 })
        guard let first = magnitude.first else { return 0 }
        return (magnitude.count - 1) * 8 + (8 - first.leadingZeroBitCount)
    }

    /// The curve's size from the length of the point (uncompressed 04‖X‖Y or compressed 02/03‖X),
    /// which needs no table of curve OIDs.
    private static func ecFieldBits(point: ArraySlice<UInt8>) -> Int? {
        guard let form = point.first, point.count > 1 else { return nil }
        switch form {
        case 0x04: return (point.count - 1) / 2 * 8
        case 0x02, 0x03: return (point.count - 1) * 8
        default: return nil
        }
    }
}
