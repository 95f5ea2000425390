import MeshCertParsers
import Testing

/// PKCS#7 SignedData built byte by byte: the parser takes any SEQUENCE as a certificate (the decoder
/// judges it later), so the shapes around the certificates are what is tested here.
@Suite("PKCS#7 certificates")
struct PKCS7CertificatesTests {
    static func tlv(_ tag: UInt8, _ content: [UInt8]) -> [UInt8] {
        let count = content.count
        let length: [UInt8] = count < 0x80 ? [UInt8(count)] : count < 0x100 ? [0x81, UInt8(count)] : [0x82, UInt8(count >> 8), UInt8(count & 0xff)]
        return [tag] + length + content
    }

    static let signedDataOID: [UInt8] = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02]
    static let dataOID: [UInt8] = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01]

    /// A fake certificate: a SEQUENCE holding one INTEGER, told apart by `marker`.
    static func fakeCertificate(_ marker: UInt8) -> [UInt8] { tlv(0x30, tlv(0x02, [marker])) }

    static func signedData(certificates: [[UInt8]]?, extra: [[UInt8]] = [], contentType: [UInt8] = signedDataOID) -> [UInt8] {
        var fields = tlv(0x02, [1]) + tlv(0x31, []) + tlv(0x30, dataOID)
        if let certificates { fields += tlv(0xa0, certificates.flatMap { $0 } + extra.flatMap { $0 }) }
        fields += tlv(0x31, [])
        return tlv(0x30, contentType + tlv(0xa0, tlv(0x30, fields)))
    }

    @Test("certificates come out in the order written, attribute certificates left out")
    func order() throws {
        let bytes = Self.signedData(certificates: [Self.fakeCertificate(3), Self.fakeCertificate(1), Self.fakeCertificate(2)], extra: [Self.tlv(0xa1, [0x05, 0x00])])
        #expect(PKCS7Certificates.looksLikePKCS7(bytes[...]))
        let found = try PKCS7Certificates.certificates(in: bytes[...])
        #expect(found.map { Array($0) } == [Self.fakeCertificate(3), Self.fakeCertificate(1), Self.fakeCertificate(2)])
    }

    @Test("no certificates field is an empty list, not an error")
    func none() throws {
        #expect(try PKCS7Certificates.certificates(in: Self.signedData(certificates: nil)[...]).isEmpty)
    }

    @Test("another content type, a truncated buffer, trailing garbage and a bare certificate are errors, never a crash")
    func bad() {
        let good = Self.signedData(certificates: [Self.fakeCertificate(1)])
        let otherType = Self.signedData(certificates: [Self.fakeCertificate(1)], contentType: Self.dataOID)
        #expect(throws: PKCS7Certificates.ParseError.self) { try PKCS7Certificates.certificates(in: otherType[...]) }
        for cut in 0..<good.count {
            #expect(throws: PKCS7Certificates.ParseError.self) { try PKCS7Certificates.certificates(in: good[..<cut]) }
        }
        #expect(throws: PKCS7Certificates.ParseError.self) { try PKCS7Certificates.certificates(in: (good + [0x00, 0x01])[...]) }
        #expect(!PKCS7Certificates.looksLikePKCS7(Self.fakeCertificate(1)[...]))
        #expect(!PKCS7Certificates.looksLikePKCS7([0x30][...]))
    }

    @Test("indefinite lengths (BER, as some Windows tools write) are read")
    func indefinite() throws {
        let fields = Self.tlv(0x02, [1]) + Self.tlv(0x31, []) + Self.tlv(0x30, Self.dataOID) + Self.tlv(0xa0, Self.fakeCertificate(7)) + Self.tlv(0x31, [])
        let bytes: [UInt8] = [0x30, 0x80] + Self.signedDataOID + [0xa0, 0x80, 0x30, 0x80] + fields + [0, 0, 0, 0, 0, 0]
        #expect(PKCS7Certificates.looksLikePKCS7(bytes[...]))
        #expect(try PKCS7Certificates.certificates(in: bytes[...]).map { Array($0) } == [Self.fakeCertificate(7)])
    }
}
