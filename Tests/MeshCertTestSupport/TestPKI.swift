import Crypto
import Foundation
import MeshCertCore
import MeshCertFixtures
import SwiftASN1
import X509

/// The fixed time every test judges against, and a four-level mesh PKI built relative to it.
public enum Reference {
    /// 2030-01-01T00:00:00Z.
    public static let now = Date(timeIntervalSince1970: 1_893_456_000)
    public static let hour: TimeInterval = 3600
    public static let day: TimeInterval = 86_400
    public static let year: TimeInterval = 365 * 86_400
}

/// root (20 y) → intermediate (5 y, pathLen 1) → issuing (1 y, no pathLen) → workload (24 h, SPIFFE).
public struct TestPKI: Sendable {
    public let root: IssuedCertificate
    public let intermediate: IssuedCertificate
    public let issuing: IssuedCertificate
    public let workload: IssuedCertificate

    public init(now: Date = Reference.now, workloadLeft: TimeInterval = 18 * Reference.hour, issuingLeft: TimeInterval = 200 * Reference.day) throws {
        root = try PKIBuilder.selfSigned(
            PKIBuilder.name(commonName: "Test Root CA", organization: "meshcert tests"),
            notBefore: now - 2 * Reference.year, notAfter: now + 18 * Reference.year
        )
        intermediate = try PKIBuilder.issue(
            PKIBuilder.name(commonName: "Test Intermediate CA"), by: root,
            notBefore: now - Reference.year, notAfter: now + 4 * Reference.year, profile: .ca(pathLength: 1)
        )
        issuing = try PKIBuilder.issue(
            PKIBuilder.name(commonName: "Test Issuing CA"), by: intermediate,
            notBefore: now + issuingLeft - Reference.year, notAfter: now + issuingLeft, profile: .ca()
        )
        workload = try PKIBuilder.issue(
            DistinguishedName(), by: issuing,
            notBefore: now + workloadLeft - Reference.day, notAfter: now + workloadLeft,
            profile: .workload(spiffeID: "spiffe://cluster.local/ns/shop/sa/cart", dnsNames: ["cart.shop.svc"])
        )
    }

    /// The summary the exporter keeps of a certificate.
    public static func summary(_ issued: IssuedCertificate) -> CertificateSummary {
        try! CertificateDecoder.summarize(der: issued.derBytes)
    }
}

/// DER built by hand, for certificates swift-certificates would refuse to build.
public enum HandmadeDER {
    public static func tlv(_ tag: UInt8, _ content: [UInt8]) -> [UInt8] {
        var out = [tag]
        let count = content.count
        if count < 0x80 {
            out.append(UInt8(count))
        } else if count < 0x100 {
            out += [0x81, UInt8(count)]
        } else {
            out += [0x82, UInt8(count >> 8), UInt8(count & 0xff)]
        }
        return out + content
    }

    public static func sequence(_ parts: [UInt8]...) -> [UInt8] { tlv(0x30, parts.flatMap { $0 }) }

    /// A certificate with the given raw serial content octets and raw validity time encodings
    /// (tag 0x17 UTCTime or 0x18 GeneralizedTime). The signature is junk: only the fields matter here.
    public static func certificate(
        serial: [UInt8],
        notBefore: (tag: UInt8, text: String),
        notAfter: (tag: UInt8, text: String),
        commonName: String = "odd.example"
    ) -> [UInt8] {
        let ecdsaWithSHA256 = tlv(0x06, [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02])
        let algorithm = sequence(ecdsaWithSHA256)
        let name = try! serialized(PKIBuilder.name(commonName: commonName))
        let spki = P256.Signing.PrivateKey().publicKey.derRepresentation
        let tbs = sequence(
            tlv(0xa0, tlv(0x02, [0x02])),
            tlv(0x02, serial),
            algorithm,
            name,
            sequence(tlv(notBefore.tag, Array(notBefore.text.utf8)), tlv(notAfter.tag, Array(notAfter.text.utf8))),
            name,
            Array(spki)
        )
        return sequence(tbs, algorithm, tlv(0x03, [0x00] + [UInt8](repeating: 0x01, count: 64)))
    }

    static func serialized(_ name: DistinguishedName) throws -> [UInt8] {
        var serializer = DER.Serializer()
        try serializer.serialize(name)
        return serializer.serializedBytes
    }
}
