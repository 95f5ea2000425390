import Foundation
import MeshCertParsers
import SwiftASN1
import X509

/// Reads the TBSCertificate of a certificate that swift-certificates rejects (a non-minimal serial,
/// a UTCTime without seconds, a time zone offset, …) so its expiry is still reported.
/// Each deviation is named in `parseWarnings`; the signature is not checked here.
enum LenientCertificateReader {
    static func summarize(der: [UInt8], fingerprint: String) throws -> CertificateSummary {
        let root = try BER.parse(der)
        var outer = try children(of: root)
        guard outer.count >= 2 else { throw CertificateDecodeError(description: "certificate SEQUENCE too short") }
        let tbs = try children(of: outer.removeFirst())
        var index = 0
        var warnings: [String] = ["strict_parse_failed"]

        var version = 1
        if index < tbs.count, tbs[index].identifier == ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific) {
            if let inner = try? children(of: tbs[index]).first, case .primitive(let bytes) = inner.content, let last = bytes.last {
                version = Int(last) + 1
            }
            index += 1
        }
        guard tbs.count >= index + 6 else {
            throw CertificateDecodeError(description: "TBSCertificate has too few fields")
        }
        guard tbs[index].identifier == .integer, case .primitive(let serial) = tbs[index].content else {
            throw CertificateDecodeError(description: "serial number is not an INTEGER")
        }
        warnings += SerialOddities.check(encoded: serial)
        index += 1
        index += 1  // signature AlgorithmIdentifier inside the TBS
        let issuerNode = tbs[index]; index += 1
        let validity = try children(of: tbs[index]); index += 1
        let subjectNode = tbs[index]; index += 1
        let spkiNode = tbs[index]; index += 1
        guard validity.count == 2 else { throw CertificateDecodeError(description: "validity is not two times") }
        let notBefore = try LenientTime.parse(validity[0], warnings: &warnings)
        let notAfter = try LenientTime.parse(validity[1], warnings: &warnings)

        var extensions = Certificate.Extensions()
        while index < tbs.count {
            let node = tbs[index]; index += 1
            guard node.identifier == ASN1Identifier(tagWithNumber: 3, tagClass: .contextSpecific),
                let list = try? children(of: node).first, let items = try? children(of: list)
            else { continue }
            let parsed = items.compactMap { try? Certificate.Extension(derEncoded: $0) }
            if parsed.count != items.count { warnings.append("bad_extension") }
            if let built = try? Certificate.Extensions(parsed) { extensions = built } else { warnings.append("bad_extension") }
        }

        let issuer = try? DistinguishedName(derEncoded: issuerNode)
        let subject = try? DistinguishedName(derEncoded: subjectNode)
        if issuer == nil || subject == nil { warnings.append("bad_name") }

        let fields = ExtensionFields(extensions)
        let keyAlgorithm = (try? Certificate.PublicKey(derEncoded: spkiNode.encodedBytes)).map(KeyAlgorithmName.name(of:)) ?? "unknown"
        let signatureOID = (try? children(of: outer[0]).first).flatMap { try? ASN1ObjectIdentifier(derEncoded: $0) }

        return CertificateSummary(
            fingerprintSHA256: fingerprint,
            serialHex: Hex.encode(serial.first == 0 ? serial.drop(while: { $0 == 0 }) : serial),
            version: version,
            subject: subject.map { LegacyDirectoryString.decoded($0).description } ?? "",
            issuer: issuer.map { LegacyDirectoryString.decoded($0).description } ?? "",
            subjectCN: subject.map(CertificateDecoder.commonName(of:)) ?? "",
            issuerCN: issuer.map(CertificateDecoder.commonName(of:)) ?? "",
            notBefore: notBefore,
            notAfter: notAfter,
            basicConstraints: fields.basicConstraints,
            subjectKeyIdentifier: fields.subjectKeyIdentifier,
            authorityKeyIdentifier: fields.authorityKeyIdentifier,
            hasValidSelfSignature: false,
            spiffeID: fields.spiffeID,
            dnsNames: fields.dnsNames,
            ipAddresses: fields.ipAddresses,
            keyAlgorithm: keyAlgorithm,
            signatureAlgorithm: signatureOID.map(SignatureAlgorithmName.name(ofOID:)) ?? "unknown",
            extendedKeyUsage: fields.extendedKeyUsage,
            parseWarnings: warnings,
            // The signature is not checked here: a self-issued certificate is taken for the root it claims to be.
            weakCrypto: WeakCrypto.reasons(
                signatureOID: signatureOID, selfSigned: issuerNode.encodedBytes == subjectNode.encodedBytes,
                key: try? WeakCrypto.keyReason(subjectPublicKeyInfo: spkiNode.encodedBytes)
            )
        )
    }

    private static func children(of node: ASN1Node) throws -> [ASN1Node] {
        guard case .constructed(let collection) = node.content else {
            throw CertificateDecodeError(description: "expected a constructed ASN.1 value")
        }
        return Array(collection)
    }
}

extension SignatureAlgorithmName {
    static func name(ofOID oid: ASN1ObjectIdentifier) -> String {
        switch oid.description {
        case "1.2.840.10045.4.3.2": "ecdsa_sha256"
        case "1.2.840.10045.4.3.3": "ecdsa_sha384"
        case "1.2.840.10045.4.3.4": "ecdsa_sha512"
        case "1.2.840.113549.1.1.5": "rsa_sha1"
        case "1.2.840.113549.1.1.11": "rsa_sha256"
        case "1.2.840.113549.1.1.12": "rsa_sha384"
        case "1.2.840.113549.1.1.13": "rsa_sha512"
        case "1.3.101.112": "ed25519"
        default: oid.description
        }
    }
}

/// UTCTime and GeneralizedTime as they are found in the wild: without seconds, with fractions,
/// with `+hhmm` offsets or with no zone at all (read as UTC).
enum LenientTime {
    static func parse(_ node: ASN1Node, warnings: inout [String]) throws -> Date {
        guard case .primitive(let bytes) = node.content else {
            throw CertificateDecodeError(description: "validity time is not a primitive value")
        }
        let text = Array(bytes)
        if node.identifier == .utcTime {
            return try parse(text, yearDigits: 2, warnings: &warnings)
        } else if node.identifier == .generalizedTime {
            return try parse(text, yearDigits: 4, warnings: &warnings)
        }
        throw CertificateDecodeError(description: "validity time has tag \(node.identifier)")
    }

    static func parse(_ text: [UInt8], yearDigits: Int, warnings: inout [String]) throws -> Date {
        var cursor = 0
        func digits(_ count: Int) -> Int? {
            guard cursor + count <= text.count else { return nil }
            var value = 0
            for byte in text[cursor..<(cursor + count)] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            cursor += count
            return value
        }
        guard var year = digits(yearDigits), let month = digits(2), let day = digits(2), let hour = digits(2),
            let minute = digits(2)
        else { throw CertificateDecodeError(description: "unreadable time \(String(decoding: text, as: UTF8.self))") }
        if yearDigits == 2 { year += year < 50 ? 2000 : 1900 }
        var second = 0
        var canonical = true
        if let value = digits(2) { second = value } else { canonical = false }
        var fraction = 0.0
        if cursor < text.count, text[cursor] == UInt8(ascii: ".") || text[cursor] == UInt8(ascii: ",") {
            cursor += 1
            var scale = 0.1
            while cursor < text.count, text[cursor] >= 48, text[cursor] <= 57 {
                fraction += Double(text[cursor] - 48) * scale
                scale /= 10
                cursor += 1
            }
            canonical = false
        }
        var offsetSeconds = 0
        if cursor < text.count, text[cursor] == UInt8(ascii: "Z") {
            cursor += 1
        } else if cursor < text.count, text[cursor] == UInt8(ascii: "+") || text[cursor] == UInt8(ascii: "-") {
            let sign = text[cursor] == UInt8(ascii: "-") ? -1 : 1
            cursor += 1
            guard let hours = digits(2), let minutes = digits(2) else {
                throw CertificateDecodeError(description: "unreadable time zone offset")
            }
            offsetSeconds = sign * (hours * 3600 + minutes * 60)
            canonical = false
        } else {
            canonical = false
        }
        guard cursor == text.count, (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else {
            throw CertificateDecodeError(description: "unreadable time \(String(decoding: text, as: UTF8.self))")
        }
        if !canonical && !warnings.contains("noncanonical_time") { warnings.append("noncanonical_time") }
        let days = CivilDate.daysSince1970(year: year, month: month, day: day)
        let seconds = Double(days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds) + fraction
        return Date(timeIntervalSince1970: seconds)
    }
}
