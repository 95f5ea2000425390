import Foundation
import MeshCertCore
import MeshCertFixtures
import MeshCertTestSupport
import Testing

@Suite("Decoding certificates, strict and lenient")
struct CertificateDecoderTests {
    static let oddTimeCases: [(UInt8, String, TimeInterval)] = [
        (0x17, "3001020000Z", 1_893_542_400),  // UTCTime without seconds
        (0x17, "300102010000+0100", 1_893_542_400),  // with an offset
        (0x18, "20300102000000.5Z", 1_893_542_400.5),  // fractional GeneralizedTime
        (0x18, "20300102000000", 1_893_542_400),  // no zone: read as UTC
    ]

    @Test("fields of a workload certificate")
    func workloadFields() throws {
        let pki = try TestPKI()
        let summary = TestPKI.summary(pki.workload)
        #expect(summary.spiffeID == "spiffe://cluster.local/ns/shop/sa/cart")
        #expect(summary.dnsNames == ["cart.shop.svc"])
        #expect(summary.subjectCN == "")
        #expect(summary.issuerCN == "Test Issuing CA")
        #expect(summary.extendedKeyUsage == ["server_auth", "client_auth"])
        #expect(summary.isMTLSUsable)
        #expect(summary.keyAlgorithm == "ecdsa_p256")
        #expect(summary.signatureAlgorithm == "ecdsa_sha256")
        #expect(summary.basicConstraints == .notCA)
        #expect(summary.fingerprintSHA256.count == 64)
        #expect(summary.parseWarnings.isEmpty)
        #expect(summary.notAfter == pki.workload.certificate.notValidAfter)
        let root = TestPKI.summary(pki.root)
        #expect(root.hasValidSelfSignature)
        #expect(root.subject == "CN=Test Root CA,O=meshcert tests")
    }

    @Test("a server-only certificate is not usable for mTLS")
    func serverOnly() throws {
        let pki = try TestPKI()
        let leaf = try PKIBuilder.issue(
            PKIBuilder.name(commonName: "web"), by: pki.issuing, notBefore: Reference.now, notAfter: Reference.now + Reference.day,
            profile: .init(extendedKeyUsage: [.serverAuth])
        )
        #expect(!TestPKI.summary(leaf).isMTLSUsable)
    }

    @Test("a non-minimal serial is refused by the strict parser and still read, with a warning")
    func nonMinimalSerial() throws {
        let der = HandmadeDER.certificate(
            serial: [0x00, 0x01, 0x02], notBefore: (0x17, "291231000000Z"), notAfter: (0x17, "300102000000Z")
        )
        let summary = try CertificateDecoder.summarize(der: der)
        #expect(summary.parseWarnings.contains("strict_parse_failed"))
        #expect(summary.parseWarnings.contains("non_minimal_serial"))
        #expect(summary.serialHex == "0102")
        #expect(summary.notAfter == Date(timeIntervalSince1970: 1_893_542_400))  // 2030-01-02
        #expect(summary.subjectCN == "odd.example")
    }

    @Test("a negative serial is read, with a warning")
    func negativeSerial() throws {
        let der = HandmadeDER.certificate(serial: [0x85, 0x01], notBefore: (0x17, "291231000000Z"), notAfter: (0x17, "300102000000Z"))
        let summary = try CertificateDecoder.summarize(der: der)
        #expect(summary.parseWarnings.contains("negative_serial"))
    }

    @Test(
        "odd time encodings are read as the time they mean",
        arguments: CertificateDecoderTests.oddTimeCases
    )
    func oddTimes(tag: UInt8, text: String, expected: TimeInterval) throws {
        let der = HandmadeDER.certificate(serial: [0x01], notBefore: (0x17, "291231000000Z"), notAfter: (tag, text))
        let summary = try CertificateDecoder.summarize(der: der)
        #expect(summary.notAfter.timeIntervalSince1970 == expected)
        #expect(summary.parseWarnings.contains("noncanonical_time"))
    }

    @Test("bytes that are not a certificate are an error, not a crash")
    func garbage() {
        #expect(throws: CertificateDecodeError.self) { try CertificateDecoder.summarize(der: [0x30, 0x03, 0x02, 0x01, 0x01]) }
        #expect(throws: CertificateDecodeError.self) { try CertificateDecoder.summarize(der: []) }
        #expect(throws: CertificateDecodeError.self) { try CertificateDecoder.summarize(der: Array(repeating: 0xff, count: 300)) }
        let badTime = HandmadeDER.certificate(serial: [0x01], notBefore: (0x17, "291231000000Z"), notAfter: (0x17, "30xx02000000Z"))
        #expect(throws: CertificateDecodeError.self) { try CertificateDecoder.summarize(der: badTime) }
    }

    @Test("the parse cache decodes each distinct DER once and forgets what a collection did not use")
    func parseCache() throws {
        let pki = try TestPKI()
        let cache = CertificateParseCache()
        for _ in 0..<100 { _ = cache.summary(der: pki.issuing.derBytes) }
        _ = cache.summary(der: pki.root.derBytes)
        #expect(cache.count == 2)
        cache.sweep()
        _ = cache.summary(der: pki.root.derBytes)
        cache.sweep()
        #expect(cache.count == 1)
    }
}
