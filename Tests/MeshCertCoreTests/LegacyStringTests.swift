import Foundation
import MeshCertCore
import MeshCertFixtures
import MeshCertTestSupport
import SwiftASN1
import Testing
import X509

@Suite("Names in legacy string types decode to text")
struct LegacyStringTests {
    /// A CN attribute whose value is the given universal tag and content octets, as an old root has it.
    private func legacyName(tag: UInt8, content: [UInt8]) throws -> DistinguishedName {
        let node = try DER.parse(HandmadeDER.tlv(tag, content))
        let value = RelativeDistinguishedName.Attribute.Value(asn1Any: ASN1Any(derEncoded: node))
        return DistinguishedName([
            RelativeDistinguishedName(.init(type: .RDNAttributeType.organizationName, value: .init(utf8String: "Legacy Org"))),
            RelativeDistinguishedName(.init(type: .RDNAttributeType.commonName, value: value)),
        ])
    }

    /// Tag, content octets and the text they hold.
    static let legacyNames: [(tag: UInt8, content: [UInt8], text: String)] = {
        let latin1: [UInt8] = "Alte Wurzel \u{e9}".unicodeScalars.map { UInt8($0.value) }
        let bmp: [UInt8] = "Root 根 CA".utf16.flatMap { (unit: UInt16) -> [UInt8] in [UInt8(unit >> 8), UInt8(unit & 0xff)] }
        let universal: [UInt8] = "Root 😀".unicodeScalars.flatMap { (scalar: Unicode.Scalar) -> [UInt8] in
            [UInt8(scalar.value >> 24), UInt8((scalar.value >> 16) & 0xff), UInt8((scalar.value >> 8) & 0xff), UInt8(scalar.value & 0xff)]
        }
        return [(20, latin1, "Alte Wurzel é"), (30, bmp, "Root 根 CA"), (28, universal, "Root 😀")]
    }()

    @Test("TeletexString (Latin-1), BMPString (UTF-16BE) and UniversalString (UTF-32BE) common names", arguments: 0..<3)
    func legacyCommonNames(index: Int) throws {
        let (tag, content, expected) = Self.legacyNames[index]
        let name = try legacyName(tag: tag, content: content)
        let root = try PKIBuilder.selfSigned(name, notBefore: Reference.now - Reference.year, notAfter: Reference.now + Reference.year)
        let summary = try CertificateDecoder.summarize(der: root.derBytes)
        #expect(summary.subjectCN == expected)
        #expect(summary.issuerCN == expected)
        #expect(summary.subject == "CN=\(expected),O=Legacy Org")
        #expect(!summary.subject.contains("ASN1Any"))
    }

    @Test("odd lengths and bad code points become U+FFFD, never a trap")
    func brokenLegacyStrings() {
        #expect(LegacyDirectoryString.text(tag: 30, bytes: [0x00, 0x41, 0x00]) == "A\u{fffd}")
        #expect(LegacyDirectoryString.text(tag: 30, bytes: [0xd8, 0x00]) == "\u{fffd}")
        #expect(LegacyDirectoryString.text(tag: 28, bytes: [0x00, 0x11, 0x00, 0x00, 0x00]) == "\u{fffd}\u{fffd}")
        #expect(LegacyDirectoryString.text(tag: 28, bytes: [0x00, 0x00, 0xd8, 0x00]) == "\u{fffd}")
        #expect(LegacyDirectoryString.text(tag: 26, bytes: [0x41, 0xff]) == "A\u{fffd}")
        #expect(LegacyDirectoryString.text(tag: 4, bytes: [0x41]) == nil)
    }
}
