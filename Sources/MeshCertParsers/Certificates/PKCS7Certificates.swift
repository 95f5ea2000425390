import SwiftASN1

/// The certificates of a PKCS#7 (CMS) SignedData, as `.p7b`/`.p7c` files and `PKCS7` PEM blocks carry
/// a chain: ContentInfo → SignedData → `certificates [0] IMPLICIT SET OF Certificate`, each returned as
/// its encoding, in the order written (a SET OF in BER keeps the writer's order; openssl keeps the file's).
/// Read as BER, since some Windows tools write indefinite lengths; swift-asn1 bounds the nesting depth.
public enum PKCS7Certificates {
    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// 1.2.840.113549.1.7: the arc of every PKCS#7 content type, DER-encoded after the OID tag and length.
    private static let pkcs7Arc: [UInt8] = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07]
    private static let signedData: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 7, 2]

    /// Whether the bytes begin like a PKCS#7 ContentInfo: a SEQUENCE whose first element is a PKCS#7 content type.
    /// Cheap: a bundle of concatenated DER certificates never starts this way (a certificate's first element is a SEQUENCE).
    public static func looksLikePKCS7(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard bytes.count > 2, bytes[bytes.startIndex] == 0x30 else { return false }
        let first = bytes[bytes.startIndex + 1]
        // Short form, indefinite (0x80) or long form with 1–4 length octets.
        let header = first & 0x80 == 0 || first == 0x80 ? 2 : 2 + Int(first & 0x7f)
        guard header <= 6 else { return false }
        return bytes.dropFirst(header).starts(with: pkcs7Arc)
    }

    /// The certificates, each as its encoding; empty when the SignedData carries none.
    public static func certificates(in bytes: ArraySlice<UInt8>) throws(ParseError) -> [ArraySlice<UInt8>] {
        let root: ASN1Node
        do {
            root = try BER.parse(bytes)
        } catch {
            throw ParseError(description: "PKCS#7 is not valid BER/DER")
        }
        // ContentInfo ::= SEQUENCE { contentType OBJECT IDENTIFIER, content [0] EXPLICIT ANY }
        let info = try children(of: root, "ContentInfo")
        guard info.count == 2, let contentType = try? ASN1ObjectIdentifier(berEncoded: info[0]) else {
            throw ParseError(description: "PKCS#7 ContentInfo is not a content type and a content")
        }
        guard contentType == signedData else { throw ParseError(description: "PKCS#7 content type \(contentType) is not signedData") }
        guard info[1].identifier == ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific),
            let signed = try children(of: info[1], "content [0]").first
        else { throw ParseError(description: "PKCS#7 content is not [0] EXPLICIT SignedData") }
        // SignedData ::= SEQUENCE { version, digestAlgorithms SET, encapContentInfo SEQUENCE,
        //     certificates [0] IMPLICIT SET OF CertificateChoices OPTIONAL, crls [1] IMPLICIT OPTIONAL, signerInfos SET }
        let fields = try children(of: signed, "SignedData")
        guard fields.count >= 4, fields[0].identifier == .integer else { throw ParseError(description: "PKCS#7 SignedData has too few fields") }
        guard let certificates = fields.dropFirst(3).first(where: { $0.identifier == ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific) })
        else { return [] }
        // Other CertificateChoices (attribute certificates, [1] to [3]) are not X.509 certificates.
        return try children(of: certificates, "certificates [0]").filter { $0.identifier == .sequence }.map(\.encodedBytes)
    }

    private static func children(of node: ASN1Node, _ what: String) throws(ParseError) -> [ASN1Node] {
        guard case .constructed(let collection) = node.content else { throw ParseError(description: "PKCS#7 \(what) is not constructed") }
        return Array(collection)
    }
}
