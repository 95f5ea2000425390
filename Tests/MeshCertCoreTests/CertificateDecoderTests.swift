import Foundation
import MeshCertCore
import MeshCertFixtures
import MeshCertTestSupport
import Testing
import X509

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

/// Certificates made by openssl itself: swift-certificates signs none of these.
@Suite("Weak cryptography, read from certificates openssl made")
struct WeakCryptoTests {
    @Test("a SHA-1 leaf is weak; the SHA-1 self-signed root that signed it is not")
    func sha1() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let openssl = try OpenSSLCertificates(in: directory)
        let root = try openssl.root("sha1-root", digest: "sha1")
        let leaf = try openssl.leaf("sha1-leaf", issuer: "sha1-root", digest: "sha1")
        let rootSummary = try CertificateDecoder.summarize(der: openssl.der(root))
        let leafSummary = try CertificateDecoder.summarize(der: openssl.der(leaf))
        #expect(leafSummary.signatureAlgorithm == "rsa_sha1")
        #expect(leafSummary.weakCrypto == [.sha1Signature])
        #expect(rootSummary.hasValidSelfSignature)
        #expect(rootSummary.weakCrypto == [])
    }

    @Test("an RSA 1024 key, a DSA key and a 192-bit curve are each named; RSA 2048 and P-256 are not")
    func keys() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let openssl = try OpenSSLCertificates(in: directory)
        try openssl.root("ca")
        let rsa1024 = try openssl.leaf("rsa1024", issuer: "ca", key: "rsa:1024")
        try openssl.run(["dsaparam", "-out", openssl.path("dsa-params.pem"), "2048"])
        let dsa = try openssl.leaf("dsa", issuer: "ca", key: "dsa:" + openssl.path("dsa-params.pem"))
        let p192 = try openssl.leaf("p192", issuer: "ca", key: "ec", keyOptions: ["-pkeyopt", "ec_paramgen_curve:prime192v1"])
        let p256 = try openssl.leaf("p256", issuer: "ca", key: "ec", keyOptions: ["-pkeyopt", "ec_paramgen_curve:prime256v1"])
        let rsa2048 = try openssl.leaf("rsa2048", issuer: "ca")
        #expect(try CertificateDecoder.summarize(der: openssl.der(rsa1024)).weakCrypto == [.rsaKeyUnder2048])
        #expect(try CertificateDecoder.summarize(der: openssl.der(dsa)).weakCrypto == [.dsaKey])
        #expect(try CertificateDecoder.summarize(der: openssl.der(p192)).weakCrypto == [.ecCurveUnder256])
        #expect(try CertificateDecoder.summarize(der: openssl.der(p256)).weakCrypto == [])
        #expect(try CertificateDecoder.summarize(der: openssl.der(rsa2048)).weakCrypto == [])
    }

    @Test("an MD5 leaf with a 1024-bit key has both reasons")
    func md5() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let openssl = try OpenSSLCertificates(in: directory)
        try openssl.root("ca")
        let leaf = try openssl.leaf("md5", issuer: "ca", digest: "md5", key: "rsa:1024")
        #expect(try CertificateDecoder.summarize(der: openssl.der(leaf)).weakCrypto == [.md5Signature, .rsaKeyUnder2048])
    }

    @Test("certificates built in code are not weak")
    func pkiBuilt() throws {
        let pki = try TestPKI()
        for issued in [pki.root, pki.intermediate, pki.issuing, pki.workload] { #expect(TestPKI.summary(issued).weakCrypto.isEmpty) }
    }

    @Test("leaves of one CA parsed through one cache hold its issuer name, key identifier and usages once")
    func sharedIssuerText() throws {
        let pki = try TestPKI()
        let leaves = try (0..<2).map { index in
            try PKIBuilder.issue(
                DistinguishedName(), by: pki.issuing, notBefore: Reference.now - Reference.day, notAfter: Reference.now + Reference.day,
                profile: .workload(spiffeID: "spiffe://cluster.local/ns/shop/sa/cart-\(index)", dnsNames: ["cart-\(index).shop.svc"])
            )
        }
        let cache = CertificateParseCache()
        let (a, b) = (try cache.summary(der: leaves[0].derBytes).get(), try cache.summary(der: leaves[1].derBytes).get())
        func storage(_ text: String) -> UnsafeRawPointer? { text.utf8.withContiguousStorageIfAvailable { UnsafeRawPointer($0.baseAddress) } ?? nil }
        func storage(_ bytes: [UInt8]?) -> UnsafeRawPointer? { bytes?.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) } }
        #expect(a.issuer == "CN=Test Issuing CA" && a.issuer == b.issuer)
        #expect(storage(a.issuer) != nil && storage(a.issuer) == storage(b.issuer))
        #expect(a.authorityKeyIdentifier != nil && storage(a.authorityKeyIdentifier) == storage(b.authorityKeyIdentifier))
        #expect(a.extendedKeyUsage == b.extendedKeyUsage)
        #expect(a.extendedKeyUsage?.withUnsafeBufferPointer { $0.baseAddress } == b.extendedKeyUsage?.withUnsafeBufferPointer { $0.baseAddress })
        // What differs between them is their own.
        #expect(a.spiffeID != b.spiffeID && a.fingerprintSHA256 != b.fingerprintSHA256)
    }
}
