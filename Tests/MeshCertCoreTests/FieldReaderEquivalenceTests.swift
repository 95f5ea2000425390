import Crypto
import Foundation
import MeshCertCore
import MeshCertFixtures
import MeshCertTestSupport
import Testing

/// The field reader (`CertificateDecoder.fieldSummary`) against the full parse (`fullSummary`) on every
/// certificate the fixtures, the fuzz seeds and openssl can give, and on thousands of damaged ones:
/// wherever the reader answers, every field must be what the full parse gives.
@Suite("The DER field reader agrees with the full parse")
struct FieldReaderEquivalenceTests {
    /// What came of one certificate: whether the reader answered, and the fields in which it differed.
    struct Outcome {
        var accepted = 0
        var fellBack = 0
        var mismatches: [String] = []

        mutating func compare(_ der: [UInt8], _ label: String) {
            let fingerprint = "fp"
            guard let fast = CertificateDecoder.fieldSummary(der: der, fingerprint: fingerprint) else {
                fellBack += 1
                return
            }
            accepted += 1
            guard let full = try? CertificateDecoder.fullSummary(der: der, fingerprint: fingerprint) else {
                mismatches.append("\(label): the reader read what the full parse refuses")
                return
            }
            let differing = fast.differences(from: full)
            if !differing.isEmpty {
                let detail = differing.map { "\($0): fast \(Self.field($0, of: fast)) full \(Self.field($0, of: full))" }
                mismatches.append("\(label): \(detail.joined(separator: "; "))")
            }
        }

        static func field(_ name: String, of summary: CertificateSummary) -> String {
            let mirror = Mirror(reflecting: summary)
            return mirror.children.first { $0.label == name }.map { String(reflecting: $0.value) } ?? "?"
        }
    }

    static func check(_ ders: [(String, [UInt8])]) -> Outcome {
        var outcome = Outcome()
        for (label, der) in ders { outcome.compare(der, label) }
        return outcome
    }

    // MARK: certificates as the fixtures build them

    static func fixtureCertificates() throws -> [(String, [UInt8])] {
        var ders: [(String, [UInt8])] = []
        let pki = try TestPKI()
        ders += [("root", pki.root.derBytes), ("intermediate", pki.intermediate.derBytes), ("issuing", pki.issuing.derBytes), ("workload", pki.workload.derBytes)]
        let rotation = try RotationFixtures(now: Reference.now)
        ders += [rotation.oldRoot, rotation.newRoot, rotation.oldIssuing, rotation.newIssuing].enumerated().map { ("rotation \($0.offset)", $0.element.derBytes) }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        _ = try BenchmarkFixtures.write(count: 12, perCA: 5, to: directory.url.appendingPathComponent("bench"), now: Reference.now)
        try AlertingFixtures.write(to: directory.url.appendingPathComponent("alerting"), now: Reference.now)
        for step in RotationFixtures.Step.allCases { try rotation.write(step, to: directory.url.appendingPathComponent("rotation-\(step.rawValue)")) }
        ders += try pemCertificates(under: directory.url)
        let leaf = try PKIBuilder.issue(
            PKIBuilder.name(commonName: "web", organization: "Shop, Inc."), by: pki.issuing, notBefore: Reference.now, notAfter: Reference.now + Reference.day,
            profile: .init(spiffeID: "spiffe://a/b", dnsNames: ["a.example", "b.example"], extendedKeyUsage: [.serverAuth, .codeSigning, .ocspSigning])
        )
        let v1 = try PKIBuilder.issue(
            PKIBuilder.name(commonName: "v1 leaf"), by: pki.issuing, notBefore: Reference.now, notAfter: Reference.now + Reference.day, profile: .init(version: .v1)
        )
        let bare = try PKIBuilder.issue(
            PKIBuilder.name(commonName: "no key ids"), by: pki.issuing, notBefore: Reference.now, notAfter: Reference.now + Reference.day,
            profile: .init(omitKeyIdentifiers: true)
        )
        ders += [("web leaf", leaf.derBytes), ("v1 leaf", v1.derBytes), ("no key identifiers", bare.derBytes)]
        return ders
    }

    static func pemCertificates(under directory: URL) throws -> [(String, [UInt8])] {
        var ders: [(String, [UInt8])] = []
        let files = FileManager.default.enumerator(atPath: directory.path)?.compactMap { $0 as? String }.sorted() ?? []
        for file in files {
            guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(file).path) else { continue }
            ders += derCertificates(in: Array(data)).map { (file, $0) }
        }
        return ders
    }

    /// PEM certificate blocks, PKCS#7 bundles and plain DER, as the bundle reader finds them.
    static func derCertificates(in bytes: [UInt8]) -> [[UInt8]] {
        if PEMScanner.looksLikePEM(bytes) {
            return PEMScanner.blocks(in: bytes).flatMap { block -> [[UInt8]] in
                guard !block.isTruncated, let der = Base64.decode(bytes[block.body]), let length = DERLength.firstElementLength(der[...]) else { return [] }
                if block.label == "PKCS7" { return ((try? PKCS7Certificates.certificates(in: der[...])) ?? []).map { Array($0) } }
                return [Array(der[0..<length])]
            }
        }
        if PKCS7Certificates.looksLikePKCS7(bytes[...]) { return ((try? PKCS7Certificates.certificates(in: bytes[...])) ?? []).map { Array($0) } }
        var ders: [[UInt8]] = []
        var rest = bytes[...]
        while rest.first == 0x30, let length = DERLength.firstElementLength(rest) {
            ders.append(Array(rest.prefix(length)))
            rest = rest.dropFirst(length)
        }
        return ders
    }

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("every certificate the fixtures build")
    func fixtures() throws {
        let ders = try Self.fixtureCertificates()
        let outcome = Self.check(ders)
        #expect(outcome.mismatches == [])
        // Only the self-signed roots are left to the full parse.
        let roots = ders.filter { (try? CertificateDecoder.fullSummary(der: $0.1, fingerprint: ""))?.isSelfIssued == true }.count
        #expect(outcome.fellBack == roots)
        #expect(outcome.accepted >= 30)
    }

    @Test("every certificate of the fuzz seeds (mesh samples, legacy strings, weak keys, PKCS#7)")
    func fuzzSeeds() throws {
        let corpus = Self.repository.appendingPathComponent("Fuzz/Corpus")
        var ders: [(String, [UInt8])] = []
        for harness in ["FuzzPEMCertificates", "FuzzPKCS7", "FuzzCertificateFields"] {
            ders += try Self.pemCertificates(under: corpus.appendingPathComponent(harness))
        }
        #expect(ders.count > 20)
        let outcome = Self.check(ders)
        #expect(outcome.mismatches == [])
        #expect(outcome.accepted >= 5)
    }

    // MARK: certificates openssl makes

    @Test("certificates openssl makes: RSA and EC keys, v1, names, SANs, serials, far dates")
    func openssl() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let openssl = try OpenSSLCertificates(in: directory)
        var made: [String] = []
        made.append(try openssl.root("rsa-root"))
        made.append(try openssl.leaf("rsa-leaf", issuer: "rsa-root"))
        made.append(try openssl.leaf("rsa3072-sha384", issuer: "rsa-root", digest: "sha384", key: "rsa:3072"))
        made.append(try openssl.leaf("rsa-sha512", issuer: "rsa-root", digest: "sha512"))
        made.append(try openssl.leaf("sha1-leaf", issuer: "rsa-root", digest: "sha1"))
        made.append(try openssl.root("ec-root", key: "ec", keyOptions: ["-pkeyopt", "ec_paramgen_curve:prime256v1"]))
        made.append(try openssl.leaf("p256-leaf", issuer: "ec-root", key: "ec", keyOptions: ["-pkeyopt", "ec_paramgen_curve:prime256v1"]))
        made.append(try openssl.leaf("p384-leaf", issuer: "ec-root", digest: "sha384", key: "ec", keyOptions: ["-pkeyopt", "ec_paramgen_curve:secp384r1"]))
        made.append(try openssl.leaf("p521-leaf", issuer: "ec-root", digest: "sha512", key: "ec", keyOptions: ["-pkeyopt", "ec_paramgen_curve:secp521r1"]))
        made.append(try openssl.leaf("ed25519-leaf", issuer: "ec-root", key: "ed25519"))
        made.append(try openssl.leaf("rsa-under-ec", issuer: "ec-root"))

        // Leaves with extensions and names openssl writes its own way.
        func leaf(_ name: String, subject: String, extensions: [String], options: [String] = [], issuer: String = "ec-root") throws {
            let extfile = directory.path + "/\(name).ext"
            try Data(("[v3]\n" + extensions.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: extfile))
            try openssl.run(
                ["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", openssl.path("\(name).key"),
                 "-out", openssl.path("\(name).csr"), "-subj", subject] + options
            )
            var arguments = [
                "x509", "-req", "-sha256", "-in", openssl.path("\(name).csr"), "-CA", openssl.path("\(issuer).pem"), "-CAkey", openssl.path("\(issuer).key"),
                "-set_serial", "0x00f1e2d3c4b5a69788796a5b4c3d2e1f00", "-out", openssl.path("\(name).pem"), "-days", "30000",
            ]
            if !extensions.isEmpty { arguments += ["-extfile", extfile, "-extensions", "v3"] }
            try openssl.run(arguments)
            made.append(openssl.path("\(name).pem"))
        }
        try leaf("v1", subject: "/CN=v1 leaf/O=No Extensions", extensions: [])
        try leaf(
            "sans", subject: "/C=NL/ST=Noord-Holland/L=Amsterdam/O=Mesh, Inc./OU=Platform+OU=Security/CN=web.example",
            extensions: [
                "subjectAltName=DNS:web.example,DNS:*.web.example,IP:10.1.2.3,IP:2001:db8::1,URI:https://web.example/,URI:spiffe://td/ns/a/sa/b,URI:spiffe://td/second,email:ops@example.com",
                "basicConstraints=critical,CA:FALSE", "keyUsage=critical,digitalSignature", "extendedKeyUsage=serverAuth,clientAuth,1.3.6.1.4.1.99999.1",
                "subjectKeyIdentifier=hash", "authorityKeyIdentifier=keyid:always",
            ],
            options: ["-multivalue-rdn"]
        )
        try leaf(
            "escapes", subject: "/CN=#lead\\, comma+plus \"quote\" <angle>;semi trailing  /O= spaced/DC=example/emailAddress=a@example.com/serialNumber=12345",
            extensions: ["basicConstraints=critical,CA:TRUE,pathlen:3", "authorityKeyIdentifier=keyid,issuer:always", "extendedKeyUsage=anyExtendedKeyUsage"]
        )
        try leaf("utf8", subject: "/CN=Zürich Grüße/O=日本", extensions: ["basicConstraints=CA:TRUE"], options: ["-utf8"])
        try leaf("pathlen0", subject: "/CN=issuing", extensions: ["basicConstraints=critical,CA:TRUE,pathlen:0", "keyUsage=keyCertSign,cRLSign"])

        var ders: [(String, [UInt8])] = []
        for file in made { ders += Self.derCertificates(in: Array(try Data(contentsOf: URL(fileURLWithPath: file)))).map { ((file as NSString).lastPathComponent, $0) } }
        let outcome = Self.check(ders)
        #expect(outcome.mismatches == [])
        // RSA and EC leaves, SANs, escapes and pathlen are read by the reader; roots, Ed25519-signed, SHA-1 and UTF-8 ones are not.
        #expect(outcome.accepted >= 10)
    }

    // MARK: certificates put together by hand, one oddity each

    @Test("hand-made certificates, one oddity each")
    func handmade() {
        var outcome = Outcome()
        var acceptedLabels: Set<String> = []
        for (label, change) in HandmadeCertificate.variants {
            var parts = HandmadeCertificate()
            change(&parts)
            let before = outcome.accepted
            outcome.compare(parts.der, label)
            if outcome.accepted > before { acceptedLabels.insert(label) }
        }
        #expect(outcome.mismatches == [])
        // The reader must really read these (else the comparison above proves nothing about them).
        for label in HandmadeCertificate.mustBeRead { #expect(acceptedLabels.contains(label), "\(label) was left to the full parse") }
        #expect(outcome.fellBack > 20)
    }

    /// Every byte of a few certificates changed several ways, and every prefix: thousands of near misses.
    @Test("damaged certificates: every byte changed, every prefix")
    func damaged() throws {
        let pki = try TestPKI()
        let bases: [(String, [UInt8])] = [("handmade", HandmadeCertificate().der), ("workload", pki.workload.derBytes), ("issuing", pki.issuing.derBytes)]
        var outcome = Outcome()
        for (label, base) in bases {
            for index in base.indices {
                for value in Set([base[index] ^ 0x01, base[index] ^ 0x80, 0x00, 0xff, base[index] &+ 1]) {
                    var der = base
                    der[index] = value
                    outcome.compare(der, "\(label) byte \(index) = \(value)")
                }
                outcome.compare(Array(base[..<index]), "\(label) prefix \(index)")
            }
        }
        #expect(outcome.mismatches == [])
        #expect(outcome.accepted > 500)
    }

    @Test("the comparison notices each field")
    func comparisonNoticesEachField() throws {
        let summary = TestPKI.summary(try TestPKI().workload)
        /// The summary with one field changed.
        func changed(_ name: String, text: String = "x") -> CertificateSummary {
            let s = summary
            return CertificateSummary(
                fingerprintSHA256: name == "fingerprintSHA256" ? text : s.fingerprintSHA256, serialHex: name == "serialHex" ? text : s.serialHex,
                version: name == "version" ? 1 : s.version, subject: name == "subject" ? text : s.subject, issuer: name == "issuer" ? text : s.issuer,
                subjectCN: name == "subjectCN" ? text : s.subjectCN, issuerCN: name == "issuerCN" ? text : s.issuerCN,
                notBefore: name == "notBefore" ? Date(timeIntervalSince1970: 0) : s.notBefore, notAfter: name == "notAfter" ? Date(timeIntervalSince1970: 0) : s.notAfter,
                basicConstraints: name == "basicConstraints" ? .absent : s.basicConstraints,
                subjectKeyIdentifier: name == "subjectKeyIdentifier" ? nil : s.subjectKeyIdentifier,
                authorityKeyIdentifier: name == "authorityKeyIdentifier" ? [1] : s.authorityKeyIdentifier,
                hasValidSelfSignature: name == "hasValidSelfSignature" ? true : s.hasValidSelfSignature, spiffeID: name == "spiffeID" ? text : s.spiffeID,
                dnsNames: name == "dnsNames" ? [] : s.dnsNames, ipAddresses: name == "ipAddresses" ? ["1.2.3.4"] : s.ipAddresses,
                keyAlgorithm: name == "keyAlgorithm" ? text : s.keyAlgorithm, signatureAlgorithm: name == "signatureAlgorithm" ? text : s.signatureAlgorithm,
                extendedKeyUsage: name == "extendedKeyUsage" ? nil : s.extendedKeyUsage, parseWarnings: name == "parseWarnings" ? [text] : s.parseWarnings,
                weakCrypto: name == "weakCrypto" ? [.dsaKey] : s.weakCrypto
            )
        }
        let names = Mirror(reflecting: summary).children.compactMap(\.label)
        #expect(names.count == 21)
        #expect(changed("none").differences(from: summary) == [])
        for name in names { #expect(changed(name).differences(from: summary) == [name]) }
        // Canonically equivalent texts with different bytes (é, and e with a combining accent) are different.
        #expect(changed("subject", text: "CN=\u{e9}").differences(from: changed("subject", text: "CN=e\u{301}")) == ["subject"])
        // nil and empty ExtendedKeyUsage are different.
        #expect(changed("extendedKeyUsage").differences(from: changed("parseWarnings", text: "")).contains("extendedKeyUsage"))
    }
}

/// A certificate put together byte by byte from replaceable parts; its signature is not a real one,
/// which only a self-issued certificate's summary would look at.
struct HandmadeCertificate {
    static func tlv(_ tag: UInt8, _ content: [UInt8]) -> [UInt8] { HandmadeDER.tlv(tag, content) }
    static func sequence(_ parts: [UInt8]...) -> [UInt8] { tlv(0x30, parts.flatMap { $0 }) }

    static let cn: [UInt8] = [0x55, 0x04, 0x03]
    static let organization: [UInt8] = [0x55, 0x04, 0x0a]
    static let ecdsaSHA256 = sequence(tlv(0x06, [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02]))
    static let ecdsaSHA384 = sequence(tlv(0x06, [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03]))
    static let ecdsaSHA512 = sequence(tlv(0x06, [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x04]))
    static func rsa(_ last: UInt8, null: Bool = true) -> [UInt8] {
        sequence(tlv(0x06, [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, last]) + (null ? [0x05, 0x00] : []))
    }

    /// A Name of single- or multi-valued RDNs: (type OID contents, string tag, value bytes).
    static func name(_ rdns: [[([UInt8], UInt8, [UInt8])]]) -> [UInt8] {
        tlv(0x30, rdns.flatMap { rdn in tlv(0x31, rdn.flatMap { sequence(tlv(0x06, $0.0), tlv($0.1, $0.2)) }) })
    }

    static func name(cn value: String, tag: UInt8 = 0x0c) -> [UInt8] { name([[(cn, tag, Array(value.utf8))]]) }

    static func utc(_ text: String) -> [UInt8] { tlv(0x17, Array(text.utf8)) }
    static func generalized(_ text: String) -> [UInt8] { tlv(0x18, Array(text.utf8)) }

    static func ext(_ oid: [UInt8], critical: [UInt8]? = nil, _ value: [UInt8]) -> [UInt8] {
        sequence(tlv(0x06, oid), critical.map { tlv(0x01, $0) } ?? [], tlv(0x04, value))
    }

    static let basicConstraintsOID: [UInt8] = [0x55, 0x1d, 0x13]
    static let sanOID: [UInt8] = [0x55, 0x1d, 0x11]
    static let skiOID: [UInt8] = [0x55, 0x1d, 0x0e]
    static let akiOID: [UInt8] = [0x55, 0x1d, 0x23]
    static let ekuOID: [UInt8] = [0x55, 0x1d, 0x25]
    static let keyUsageOID: [UInt8] = [0x55, 0x1d, 0x0f]
    static let serverAuth: [UInt8] = [0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01]
    static let clientAuth: [UInt8] = [0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02]

    static let p256Key = Array(P256.Signing.PrivateKey().publicKey.derRepresentation)
    static let p384Key = Array(P384.Signing.PrivateKey().publicKey.derRepresentation)
    static let p521Key = Array(P521.Signing.PrivateKey().publicKey.derRepresentation)
    static let ed25519Key = Array(Curve25519.Signing.PrivateKey().publicKey.rawRepresentation)

    /// A P-256 SubjectPublicKeyInfo around any point encoding.
    static func ecKey(_ point: some Sequence<UInt8>) -> [UInt8] {
        sequence(
            sequence(tlv(0x06, [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01]), tlv(0x06, [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07])),
            tlv(0x03, [0x00] + Array(point))
        )
    }

    var version: [UInt8] = tlv(0xa0, tlv(0x02, [0x02]))
    var serial: [UInt8] = tlv(0x02, [0x00, 0x9a, 0x01, 0x02])
    var algorithm = ecdsaSHA256
    var innerAlgorithm: [UInt8]?
    var issuer = name([[(organization, 0x13, Array("Handmade Ltd".utf8))], [(cn, 0x0c, Array("Handmade CA".utf8))]])
    var validity = sequence(utc("300101000000Z"), utc("310101000000Z"))
    var subject = name(cn: "handmade.example")
    var spki = p256Key
    var uniqueIdentifiers: [UInt8] = []
    /// Each extension with its OID, so a variant can replace one.
    var extensions: [(oid: [UInt8], encoded: [UInt8])]? = [
        (basicConstraintsOID, ext(basicConstraintsOID, critical: [0xff], sequence())),
        (skiOID, ext(skiOID, tlv(0x04, [1, 2, 3, 4]))),
        (akiOID, ext(akiOID, sequence(tlv(0x80, [5, 6, 7, 8])))),
        (ekuOID, ext(ekuOID, sequence(tlv(0x06, serverAuth), tlv(0x06, clientAuth)))),
        (sanOID, ext(sanOID, sequence(tlv(0x82, Array("handmade.example".utf8)), tlv(0x86, Array("spiffe://td/ns/a/sa/b".utf8)), tlv(0x87, [10, 0, 0, 1])))),
    ]
    var signature = tlv(0x03, [0x00] + sequence(tlv(0x02, [0x01]), tlv(0x02, [0x00, 0x80])))
    var trailing: [UInt8] = []

    var der: [UInt8] {
        let tbs = Self.tlv(
            0x30,
            version + serial + (innerAlgorithm ?? algorithm) + issuer + validity + subject + spki + uniqueIdentifiers
                + (extensions.map { Self.tlv(0xa3, Self.tlv(0x30, $0.flatMap(\.encoded))) } ?? [])
        )
        return Self.tlv(0x30, tbs + algorithm + signature) + trailing
    }

    /// Variants the reader must read itself (so the comparison is about its text, not a fallback).
    static let mustBeRead: [String] = [
        "plain", "escapes", "leading and trailing", "only spaces", "hash only", "empty value", "printable", "ia5 and email", "unknown type",
        "odd first arc", "several CNs", "empty subject", "printable issuer named like the subject", "utc 2049", "utc 1950", "generalized 2050",
        "generalized 1999", "generalized year 1", "leap day", "v1", "ecdsa sha384", "ecdsa sha512", "rsa sha256", "rsa sha384", "rsa sha512",
        "p384 key", "p521 key", "ed25519 key", "ca", "ca pathlen 0", "ca pathlen 300", "no basic constraints", "ipv6 and odd ip", "email san",
        "empty eku", "unknown eku", "every known eku", "no eku", "aki empty", "ski empty", "unread extension", "20-octet serial", "small serial",
        "second spiffe uri", "critical san",
    ]

    static var variants: [(String, (inout HandmadeCertificate) -> Void)] {
        var list: [(String, (inout HandmadeCertificate) -> Void)] = [("plain", { _ in })]
        func subject(_ label: String, _ value: [UInt8]) { list.append((label, { $0.subject = value })) }
        subject("escapes", name(cn: "a,b+c\"d\\e<f>g;h=i"))
        subject("leading and trailing", name(cn: " #lead # mid  trail  "))
        subject("only spaces", name(cn: "   "))
        subject("hash only", name(cn: "#"))
        subject("empty value", name(cn: ""))
        subject("printable", name(cn: "Printable Name (1)", tag: 0x13))
        subject("printable with @", name(cn: "bad@printable", tag: 0x13))
        subject("ia5 and email", name([[([0x09, 0x92, 0x26, 0x89, 0x93, 0xf2, 0x2c, 0x64, 0x01, 0x19], 0x16, Array("example".utf8))],
                                     [([0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x01], 0x16, Array("a@example.com".utf8))]]))
        subject("ia5 high byte", Array(name(cn: "x", tag: 0x16).dropLast()) + [0xe9])
        subject("teletex", name(cn: "Old Root", tag: 0x14))
        subject("bmp", name([[(cn, 0x1e, [0x00, 0x41, 0x00, 0x42])]]))
        subject("universal", name([[(cn, 0x1c, [0, 0, 0, 0x41])]]))
        subject("visible", name(cn: "Visible", tag: 0x1a))
        subject("numeric", name(cn: "123", tag: 0x12))
        subject("utf8 non-ascii", name(cn: "Zürich"))
        subject("utf8 invalid", name([[(cn, 0x0c, [0x41, 0xff, 0xfe])]]))
        subject("multi-valued", name([[(cn, 0x0c, Array("b".utf8)), (organization, 0x0c, Array("a".utf8))]]))
        subject("unknown type", name([[([0x55, 0x04, 0x2d], 0x0c, Array("x500 unique".utf8))], [([0x55, 0x04, 0x05], 0x13, Array("12345".utf8))]]))
        subject("odd first arc", name([[([0x88, 0x37, 0x01], 0x0c, Array("arc".utf8))]]))
        subject("non-minimal oid", name([[([0x55, 0x80, 0x04], 0x0c, Array("x".utf8))]]))
        subject("long oid arc", name([[([0x2b, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x09], 0x0c, Array("x".utf8))]]))
        subject("unterminated oid", name([[([0x2b, 0x81], 0x0c, Array("x".utf8))]]))
        subject("several CNs", name([[(cn, 0x0c, Array("first".utf8))], [(organization, 0x0c, Array("org".utf8))], [(cn, 0x0c, Array("last".utf8))]]))
        subject("empty subject", tlv(0x30, []))
        subject("empty rdn", tlv(0x30, tlv(0x31, [])))
        subject("attribute with three parts", tlv(0x30, tlv(0x31, sequence(tlv(0x06, cn), tlv(0x0c, [0x41]), tlv(0x0c, [0x42])))))
        subject("value not a string", tlv(0x30, tlv(0x31, sequence(tlv(0x06, cn), tlv(0x04, [0x41])))))
        subject("name not a sequence", tlv(0x31, []))
        list.append(("self-issued", { $0.subject = $0.issuer }))
        list.append(("printable issuer named like the subject", { $0.issuer = name(cn: "Same", tag: 0x13); $0.subject = name(cn: "Same") }))
        list.append(("empty issuer and subject", { $0.issuer = tlv(0x30, []); $0.subject = tlv(0x30, []) }))

        func validity(_ label: String, _ notBefore: [UInt8], _ notAfter: [UInt8]) { list.append((label, { $0.validity = sequence(notBefore, notAfter) })) }
        validity("utc 2049", utc("491231235959Z"), utc("490101000000Z"))
        validity("utc 1950", utc("500101000000Z"), utc("501231235959Z"))
        validity("generalized 2050", utc("300101000000Z"), generalized("20500101000000Z"))
        validity("generalized 1999", generalized("19991231235959Z"), generalized("99991231235959Z"))
        validity("generalized year 1", generalized("00010101000000Z"), generalized("00000229120000Z"))
        validity("leap day", utc("240229000000Z"), generalized("24000229000000Z"))
        validity("not a leap day", utc("230229000000Z"), utc("300101000000Z"))
        validity("1900 not a leap day", generalized("19000229000000Z"), utc("300101000000Z"))
        validity("day 31 in april", utc("300431000000Z"), utc("310101000000Z"))
        validity("leap second", utc("301231235960Z"), utc("310101000000Z"))
        validity("fraction", generalized("20300101000000.5Z"), utc("310101000000Z"))
        validity("no seconds", utc("3001010000Z"), utc("310101000000Z"))
        validity("offset", utc("300101000000+0100"), utc("310101000000Z"))
        validity("no zone", generalized("20300101000000"), utc("310101000000Z"))
        validity("month 13", utc("301301000000Z"), utc("310101000000Z"))
        validity("hour 24", utc("300101240000Z"), utc("310101000000Z"))
        validity("letters", utc("30010100000AZ"), utc("310101000000Z"))
        validity("three times", utc("300101000000Z"), utc("310101000000Z") + utc("320101000000Z"))
        validity("integer time", tlv(0x02, [1]), utc("310101000000Z"))

        func serial(_ label: String, _ content: [UInt8]) { list.append((label, { $0.serial = tlv(0x02, content) })) }
        serial("20-octet serial", [0x7f] + [UInt8](repeating: 0xab, count: 19))
        serial("21-octet serial", [0x00] + [UInt8](repeating: 0xab, count: 20) + [0x01])
        serial("small serial", [0x01])
        serial("zero serial", [0x00])
        serial("negative serial", [0x80, 0x01])
        serial("non-minimal serial", [0x00, 0x01])
        serial("non-minimal negative serial", [0xff, 0x80])
        serial("empty serial", [])
        list.append(("serial not an integer", { $0.serial = tlv(0x04, [1]) }))

        list.append(("v1", { $0.version = []; $0.extensions = nil }))
        list.append(("v1 with extensions", { $0.version = [] }))
        list.append(("explicit v1", { $0.version = tlv(0xa0, tlv(0x02, [0x00])); $0.extensions = nil }))
        list.append(("v2", { $0.version = tlv(0xa0, tlv(0x02, [0x01])) }))
        list.append(("v4", { $0.version = tlv(0xa0, tlv(0x02, [0x03])) }))
        list.append(("v3 without extensions", { $0.extensions = nil }))
        list.append(("unique identifiers", { $0.uniqueIdentifiers = tlv(0xa1, tlv(0x03, [0x00, 0x01])) }))
        list.append(("subject unique identifier", { $0.uniqueIdentifiers = tlv(0xa2, tlv(0x03, [0x00, 0x01])) }))

        let ecdsaSignature = tlv(0x03, [0x00] + sequence(tlv(0x02, [0x01]), tlv(0x02, [0x01])))
        list.append(("ecdsa sha384", { $0.algorithm = ecdsaSHA384 }))
        list.append(("ecdsa sha512", { $0.algorithm = ecdsaSHA512 }))
        list.append(("rsa sha256", { $0.algorithm = rsa(0x0b); $0.signature = tlv(0x03, [0x00, 0xde, 0xad]) }))
        list.append(("rsa sha384", { $0.algorithm = rsa(0x0c); $0.signature = tlv(0x03, [0x00]) }))
        list.append(("rsa sha512", { $0.algorithm = rsa(0x0d); $0.signature = tlv(0x03, [0x00, 0x01]) }))
        list.append(("rsa sha1", { $0.algorithm = rsa(0x05); $0.signature = tlv(0x03, [0x00, 0x01]) }))
        list.append(("rsa md5", { $0.algorithm = rsa(0x04); $0.signature = tlv(0x03, [0x00, 0x01]) }))
        list.append(("rsa without null", { $0.algorithm = rsa(0x0b, null: false); $0.signature = tlv(0x03, [0x00, 0x01]) }))
        list.append(("ecdsa with null", { $0.algorithm = sequence(tlv(0x06, [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02]), [0x05, 0x00]) }))
        list.append(("ed25519 signature", { $0.algorithm = sequence(tlv(0x06, [0x2b, 0x65, 0x70])); $0.signature = tlv(0x03, [0x00] + [UInt8](repeating: 1, count: 64)) }))
        list.append(("algorithms differ", { $0.innerAlgorithm = ecdsaSHA384 }))
        list.append(("inner algorithm rsa", { $0.innerAlgorithm = rsa(0x0b) }))
        list.append(("signature junk", { $0.signature = tlv(0x03, [0x00, 0x01, 0x02]) }))
        list.append(("signature padding bits", { $0.signature = tlv(0x03, [0x01] + sequence(tlv(0x02, [0x01]), tlv(0x02, [0x02]))) }))
        list.append(("signature negative r", { $0.signature = tlv(0x03, [0x00] + sequence(tlv(0x02, [0x81]), tlv(0x02, [0x01]))) }))
        list.append(("signature three integers", { $0.signature = tlv(0x03, [0x00] + sequence(tlv(0x02, [1]), tlv(0x02, [1]), tlv(0x02, [1]))) }))
        list.append(("signature trailing", { $0.signature = tlv(0x03, [0x00] + sequence(tlv(0x02, [1]), tlv(0x02, [1])) + [0x00]) }))
        list.append(("signature empty", { $0.signature = tlv(0x03, []) }))
        list.append(("ecdsa signature the rsa way", { $0.signature = ecdsaSignature }))
        list.append(("trailing bytes", { $0.trailing = [0x00] }))

        list.append(("p384 key", { $0.spki = p384Key }))
        list.append(("p521 key", { $0.spki = p521Key }))
        list.append(("ed25519 key", { $0.spki = sequence(sequence(tlv(0x06, [0x2b, 0x65, 0x70])), tlv(0x03, [0x00] + ed25519Key)) }))
        list.append(("point off the curve", { $0.spki = ecKey([0x04] + [UInt8](repeating: 1, count: 64)) }))
        list.append(("compressed point", { $0.spki = ecKey(P256.Signing.PrivateKey().publicKey.compressedRepresentation) }))
        list.append(("unknown key", { $0.spki = sequence(sequence(tlv(0x06, [0x2b, 0x65, 0x71])), tlv(0x03, [0x00, 1, 2])) }))

        func extensions(_ label: String, _ body: @escaping (inout [(oid: [UInt8], encoded: [UInt8])]) -> Void) {
            list.append((label, { parts in
                var items = parts.extensions ?? []
                body(&items)
                parts.extensions = items
            }))
        }
        func replacing(_ oid: [UInt8], with value: [UInt8]?, critical: [UInt8]? = nil) -> (inout [(oid: [UInt8], encoded: [UInt8])]) -> Void {
            { items in
                items.removeAll { $0.oid == oid }
                if let value { items.append((oid, ext(oid, critical: critical, value))) }
            }
        }
        func adding(_ oid: [UInt8], _ encoded: [UInt8]) -> (inout [(oid: [UInt8], encoded: [UInt8])]) -> Void {
            { $0.append((oid, encoded)) }
        }
        extensions("ca", replacing(basicConstraintsOID, with: sequence(tlv(0x01, [0xff])), critical: [0xff]))
        extensions("ca pathlen 0", replacing(basicConstraintsOID, with: sequence(tlv(0x01, [0xff]), tlv(0x02, [0x00]))))
        extensions("ca pathlen 300", replacing(basicConstraintsOID, with: sequence(tlv(0x01, [0xff]), tlv(0x02, [0x01, 0x2c]))))
        extensions("ca pathlen negative", replacing(basicConstraintsOID, with: sequence(tlv(0x01, [0xff]), tlv(0x02, [0xff]))))
        extensions("ca pathlen huge", replacing(basicConstraintsOID, with: sequence(tlv(0x01, [0xff]), tlv(0x02, [0x01, 0, 0, 0, 0, 0, 0, 0, 0]))))
        extensions("ca false written", replacing(basicConstraintsOID, with: sequence(tlv(0x01, [0x00]))))
        extensions("ca bad boolean", replacing(basicConstraintsOID, with: sequence(tlv(0x01, [0x01]))))
        extensions("pathlen without ca", replacing(basicConstraintsOID, with: sequence(tlv(0x02, [0x01]))))
        extensions("basic constraints trailing", replacing(basicConstraintsOID, with: sequence() + [0x05, 0x00]))
        extensions("basic constraints not a sequence", replacing(basicConstraintsOID, with: tlv(0x01, [0xff])))
        extensions("no basic constraints", replacing(basicConstraintsOID, with: nil))
        extensions("critical false written", replacing(basicConstraintsOID, with: sequence(), critical: [0x00]))
        extensions("critical bad boolean", replacing(basicConstraintsOID, with: sequence(), critical: [0x01]))
        extensions("ipv6 and odd ip", replacing(sanOID, with: sequence(tlv(0x87, [0x20, 0x01, 0x0d, 0xb8] + [UInt8](repeating: 0, count: 11) + [1]), tlv(0x87, [1, 2, 3]), tlv(0x87, []))))
        extensions("email san", replacing(sanOID, with: sequence(tlv(0x81, Array("a@example.com".utf8)), tlv(0x82, Array("x.example".utf8)))))
        extensions("second spiffe uri", replacing(sanOID, with: sequence(tlv(0x86, Array("https://x".utf8)), tlv(0x86, Array("spiffe://one".utf8)), tlv(0x86, Array("spiffe://two".utf8)))))
        extensions("critical san", replacing(sanOID, with: sequence(tlv(0x82, Array("x".utf8))), critical: [0xff]))
        extensions("san directory name", replacing(sanOID, with: sequence(tlv(0xa4, name(cn: "dir")))))
        extensions("san other name", replacing(sanOID, with: sequence(tlv(0xa0, tlv(0x06, [0x2b, 0x06]) + tlv(0xa0, tlv(0x0c, [0x41]))))))
        extensions("san registered id", replacing(sanOID, with: sequence(tlv(0x88, [0x2b, 0x06]))))
        extensions("san dns constructed", replacing(sanOID, with: sequence(tlv(0xa2, tlv(0x16, [0x41])))))
        extensions("san dns high byte", replacing(sanOID, with: sequence(tlv(0x82, [0x41, 0xe9]))))
        extensions("san empty", replacing(sanOID, with: sequence()))
        extensions("san trailing", replacing(sanOID, with: sequence(tlv(0x82, [0x41])) + [0x00]))
        extensions("ski empty", replacing(skiOID, with: tlv(0x04, [])))
        extensions("ski not octets", replacing(skiOID, with: sequence(tlv(0x04, [1]))))
        extensions("aki empty", replacing(akiOID, with: sequence()))
        extensions("aki issuer and serial", replacing(akiOID, with: sequence(tlv(0x80, [1]), tlv(0xa1, tlv(0xa4, name(cn: "CA"))), tlv(0x82, [0x01]))))
        extensions("aki constructed key id", replacing(akiOID, with: sequence(tlv(0xa0, tlv(0x04, [1])))))
        extensions("empty eku", replacing(ekuOID, with: sequence()))
        extensions("unknown eku", replacing(ekuOID, with: sequence(tlv(0x06, [0x2b, 0x06, 0x01, 0x04, 0x01, 0x86, 0x8d, 0x1f, 0x01]), tlv(0x06, [0x88, 0x37, 0x03]))))
        extensions("every known eku", replacing(ekuOID, with: sequence(
            tlv(0x06, [0x55, 0x1d, 0x25, 0x00]), tlv(0x06, serverAuth), tlv(0x06, clientAuth),
            tlv(0x06, [0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x03]), tlv(0x06, [0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x04]),
            tlv(0x06, [0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x08]), tlv(0x06, [0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x09]),
            tlv(0x06, [0x2b, 0x06, 0x01, 0x04, 0x01, 0xd6, 0x79, 0x02, 0x04, 0x04]))))
        extensions("duplicate eku", replacing(ekuOID, with: sequence(tlv(0x06, serverAuth), tlv(0x06, serverAuth))))
        extensions("33 ekus", replacing(ekuOID, with: tlv(0x30, (0..<33).flatMap { tlv(0x06, [0x2b, 0x06, 0x01, UInt8($0)]) })))
        extensions("eku not an oid", replacing(ekuOID, with: sequence(tlv(0x04, [1]))))
        extensions("no eku", replacing(ekuOID, with: nil))
        extensions("unread extension", adding(keyUsageOID, ext(keyUsageOID, critical: [0xff], tlv(0x03, [0x05, 0xa0]))))
        extensions("unread extension with junk", adding([0x2b], ext([0x2b, 0x06, 0x01, 0x04, 0x01, 0x99], [0xff, 0xff, 0x00])))
        extensions("duplicate extension", adding(skiOID, ext(skiOID, tlv(0x04, [9]))))
        extensions("duplicate unread extension", { $0 += [(keyUsageOID, ext(keyUsageOID, tlv(0x03, [0x00]))), (keyUsageOID, ext(keyUsageOID, tlv(0x03, [0x00])))] })
        extensions("33 extensions", { items in for index in 0..<33 { items.append(([], ext([0x2b, 0x06, 0x01, 0x04, 0x01, UInt8(index)], []))) } })
        extensions("32 extensions", { items in for index in 0..<(32 - items.count) { items.append(([], ext([0x2b, 0x06, 0x01, 0x04, 0x01, UInt8(index)], []))) } })
        extensions("extension with four parts", adding(keyUsageOID, sequence(tlv(0x06, keyUsageOID), tlv(0x01, [0xff]), tlv(0x04, []), tlv(0x04, []))))
        extensions("extension bad oid", adding([], ext([0x2b, 0x80, 0x01], [])))
        list.append(("empty extensions", { $0.extensions = [] }))
        list.append(("non-minimal length", {
            $0.serial = [0x02, 0x81, 0x03, 0x00, 0x9a, 0x01]
        }))
        list.append(("indefinite length", { $0.subject = [0x30, 0x80] + tlv(0x31, sequence(tlv(0x06, cn), tlv(0x0c, [0x41]))) + [0x00, 0x00] }))
        list.append(("long-form tag", { $0.uniqueIdentifiers = [0x9f, 0x1f, 0x00] }))
        return list
    }
}
