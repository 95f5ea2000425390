import Foundation
import MeshCertCore
import MeshCertTestSupport
import Testing

@testable import MeshCertSources

@Suite("File source")
struct FileSourceTests {
    let pki: TestPKI
    let directory: TemporaryDirectory

    init() throws {
        pki = try TestPKI()
        directory = try TemporaryDirectory("filesource")
    }

    private func source(_ paths: [String], maxFileSize: Int = FileSource.Options.defaultMaxFileSize) -> FileSource {
        FileSource(descriptor: SourceDescriptor(name: "mount", kind: .file), options: .init(paths: paths, maxFileSize: maxFileSize))
    }

    private func collect(_ source: FileSource) async -> SourceReport {
        await source.collect(CollectionContext(now: Reference.now, deadline: .now + .seconds(10), parseCache: CertificateParseCache()))
    }

    private func cns(_ report: SourceReport) -> [String] {
        report.certificates.map { $0.summary.subjectCN.isEmpty ? $0.summary.spiffeID : $0.summary.subjectCN }
    }

    @Test("a PEM bundle in any order, with a private key block passed over")
    func bundle() async throws {
        defer { directory.remove() }
        let path = try directory.write(
            "bundle.pem", "# comment line\n" + pki.issuing.pem + pki.workload.privateKeyPEM + pki.workload.pem + "\r\n" + pki.root.pem
        )
        let report = await collect(source([path]))
        #expect(cns(report) == ["Test Issuing CA", "spiffe://cluster.local/ns/shop/sa/cart", "Test Root CA"])
        #expect(report.certificates.map(\.chainIndex) == [0, 1, 2])
        #expect(report.certificates.allSatisfy { $0.location == path })
        #expect(report.locations == [LocationStatus(location: path, isUp: true)])
        #expect(report.freshErrors.isEmpty)
    }

    @Test("mesh layouts name the issuing CA: Istio's cacerts mount, a SPIRE svid.N.pem chain; a lone ca-cert.pem does not")
    func meshLayouts() async throws {
        defer { directory.remove() }
        let cacerts = try directory.write("cacerts/ca-cert.pem", pki.issuing.pem)
        _ = try directory.write("cacerts/root-cert.pem", pki.root.pem)
        let svid = try directory.write("spire/svid.0.pem", pki.workload.pem + pki.issuing.pem)
        let lone = try directory.write("elsewhere/ca-cert.pem", pki.issuing.pem)
        let report = await collect(source([cacerts, svid, lone]))
        let marked = report.certificates.filter(\.signsWorkloads).map { "\($0.location)#\($0.chainIndex)" }
        #expect(marked == ["\(cacerts)#0", "\(svid)#1"])
    }

    @Test("trust bundles by name and by trust_bundle; a chain beside its bundle is judged against it")
    func bundles() async throws {
        defer { directory.remove() }
        let stranger = try TestPKI()
        _ = try directory.write("spire/svid.0.pem", pki.workload.pem + pki.issuing.pem + pki.intermediate.pem)
        _ = try directory.write("spire/bundle.0.pem", pki.root.pem)
        _ = try directory.write("spire/federated_bundle.0.0.pem", stranger.root.pem)
        _ = try directory.write("mount/tls.crt", pki.workload.pem + pki.issuing.pem)
        _ = try directory.write("mount/ca.crt", stranger.root.pem)
        _ = try directory.write("corp/roots.pem", stranger.root.pem)
        var options = FileSource.Options(paths: [directory.path])
        options.trustBundlePatterns = ["*/corp/*.pem"]
        let report = await collect(FileSource(descriptor: SourceDescriptor(name: "mount", kind: .file), options: options))
        #expect(
            report.bundles.map { ($0.location as NSString).lastPathComponent }.sorted() == ["bundle.0.pem", "ca.crt", "federated_bundle.0.0.pem", "roots.pem"]
        )
        let verdicts = Dictionary(uniqueKeysWithValues: report.chainPaths.map { (($0.location as NSString).lastPathComponent, $0.verification(at: Reference.now)) })
        #expect(verdicts["svid.0.pem"]?.verified == true)
        #expect(verdicts["tls.crt"]?.reasons == [.unknownAuthority])
        #expect(verdicts.count == 2)
    }

    @Test("a ca.crt written as PKCS#7 (DER) is a bundle its tls.crt is judged against, like PEM")
    func pkcs7Bundle() async throws {
        defer { directory.remove() }
        let openssl = try OpenSSLCertificates(in: directory)
        let root = try directory.write("root.pem", pki.root.pem)
        _ = try directory.write("mount/tls.crt", pki.workload.pem + pki.issuing.pem + pki.intermediate.pem)
        try openssl.run(["crl2pkcs7", "-nocrl", "-certfile", root, "-outform", "DER", "-out", directory.path + "/mount/ca.crt"])
        let report = await collect(source([directory.path + "/mount"]))
        #expect(report.bundles.map { $0.certificates.map(\.subjectCN) } == [["Test Root CA"]])
        #expect(report.chainPaths.map { $0.verification(at: Reference.now).verified } == [true])
    }

    @Test("ca_file: every chain of the source is judged against it, and it is a bundle of the source")
    func caFile() async throws {
        defer { directory.remove() }
        let stranger = try TestPKI()
        let good = try directory.write("certs/good.pem", pki.workload.pem + pki.issuing.pem + pki.intermediate.pem)
        let foreign = try directory.write("certs/foreign.pem", stranger.workload.pem + stranger.issuing.pem + stranger.intermediate.pem)
        let roots = try directory.write("roots/mesh-root.pem", pki.root.pem)
        var options = FileSource.Options(paths: [directory.path + "/certs"])
        options.caFile = roots
        let report = await collect(FileSource(descriptor: SourceDescriptor(name: "mount", kind: .file), options: options))
        #expect(report.bundles.map(\.location) == [roots])
        #expect(report.certificates.filter { $0.location == roots }.map(\.summary.subjectCN) == ["Test Root CA"])
        let verdicts = Dictionary(uniqueKeysWithValues: report.chainPaths.map { ($0.location, $0.verification(at: Reference.now).reasons) })
        #expect(verdicts == [good: [], foreign: [.unknownAuthority]])

        // The ca_file rotated to the other root, nothing else changed: the next collection judges against it.
        let source = FileSource(descriptor: SourceDescriptor(name: "mount", kind: .file), options: options)
        _ = await collect(source)
        _ = try directory.write("roots/mesh-root.pem", stranger.root.pem)
        let rotated = await collect(source)
        let after = Dictionary(uniqueKeysWithValues: rotated.chainPaths.map { ($0.location, $0.verification(at: Reference.now).reasons) })
        #expect(after == [good: [.unknownAuthority], foreign: []])

        // A ca_file that cannot be read is said, and the place is down.
        options.caFile = directory.path + "/roots/missing.pem"
        let missing = await collect(FileSource(descriptor: SourceDescriptor(name: "mount", kind: .file), options: options))
        #expect(missing.freshErrors.map(\.reason) == [.notFound])
        #expect(missing.locations.first { $0.location.hasSuffix("missing.pem") }?.isUp == false)
    }

    @Test("DER files, TRUSTED CERTIFICATE blocks and extension-less files by content")
    func formats() async throws {
        defer { directory.remove() }
        try directory.write("certs/root.der", pki.root.derBytes)
        // OpenSSL's trusted form: the certificate followed by its trust settings (here an empty SEQUENCE).
        let trusted = Data(pki.intermediate.derBytes + [0x30, 0x00]).base64EncodedString(options: .lineLength64Characters)
        try directory.write("certs/trusted.crt", "-----BEGIN TRUSTED CERTIFICATE-----\n\(trusted)\n-----END TRUSTED CERTIFICATE-----\n")
        try directory.write("certs/ca", pki.issuing.pem)  // no extension: read because it holds PEM
        try directory.write("certs/README", "not a certificate\n")  // no extension, no PEM: passed over quietly
        try directory.write("certs/tls.key", pki.workload.privateKeyPEM)  // not a certificate extension: never opened
        try directory.write("certs/key.pem", pki.workload.privateKeyPEM)  // only a key: passed over in a walk
        try directory.write("certs/notes.txt", pki.workload.pem)  // .txt is not a certificate extension
        let report = await collect(source([directory.path + "/certs"]))
        #expect(Set(cns(report)) == ["Test Root CA", "Test Intermediate CA", "Test Issuing CA"])
        #expect(report.freshErrors.isEmpty)
        #expect(report.locations.allSatisfy { $0.isUp })
    }

    @Test("globs: *, ** and a literal extension")
    func globs() async throws {
        defer { directory.remove() }
        try directory.write("a/one.pem", pki.root.pem)
        try directory.write("a/b/two.crt", pki.intermediate.pem)
        try directory.write("a/b/c/three.crt", pki.issuing.pem)
        try directory.write("a/b/c/bundle.txt", pki.workload.pem)
        #expect(cns(await collect(source([directory.path + "/a/*.pem"]))) == ["Test Root CA"])
        #expect(Set(cns(await collect(source([directory.path + "/a/**/*.crt"])))) == ["Test Intermediate CA", "Test Issuing CA"])
        #expect(cns(await collect(source([directory.path + "/a/**/*.txt"]))) == ["spiffe://cluster.local/ns/shop/sa/cart"])
        let none = await collect(source([directory.path + "/a/*.nothing"]))
        #expect(none.freshErrors.map(\.reason) == [.notFound])
        #expect(none.freshErrors.first?.message == "matches no file")
    }

    @Test("a Kubernetes ..data swap shows at the next collection, at the same location")
    func kubernetesSwap() async throws {
        defer { directory.remove() }
        let next = try TestPKI()
        try directory.write("mount/..2030_01_01_00_00_00.1/tls.crt", pki.workload.pem)
        try directory.symlink("mount/..data", to: "..2030_01_01_00_00_00.1")
        try directory.symlink("mount/tls.crt", to: "..data/tls.crt")
        let files = source([directory.path + "/mount"])

        let before = await collect(files)
        #expect(before.certificates.map(\.summary.fingerprintSHA256) == [TestPKI.summary(pki.workload).fingerprintSHA256])
        #expect(before.certificates.map(\.location) == [directory.path + "/mount/tls.crt"])

        // What the kubelet's atomic writer does: a new timestamped directory, then rename a new ..data over the old.
        try directory.write("mount/..2030_01_02_00_00_00.2/tls.crt", next.workload.pem)
        try directory.symlink("mount/..data_tmp", to: "..2030_01_02_00_00_00.2")
        #expect(rename(directory.path + "/mount/..data_tmp", directory.path + "/mount/..data") == 0)
        try FileManager.default.removeItem(atPath: directory.path + "/mount/..2030_01_01_00_00_00.1")

        let after = await collect(files)
        #expect(after.certificates.map(\.summary.fingerprintSHA256) == [TestPKI.summary(next.workload).fingerprintSHA256])
        #expect(after.certificates.map(\.location) == [directory.path + "/mount/tls.crt"])
        #expect(after.freshErrors.isEmpty)
    }

    @Test("only a changed file is read again, and a change is never missed")
    func rereadsOnlyChanges() async throws {
        defer { directory.remove() }
        let first = try directory.write("d/a.pem", pki.root.pem)
        try directory.write("d/b.pem", pki.intermediate.pem)
        let files = source([directory.path + "/d"])
        _ = await collect(files)
        #expect(files.fileReadCount == 2)
        _ = await collect(files)
        #expect(files.fileReadCount == 2)
        // Same size, new content: the inode or times change, so it is read again.
        try directory.write("d/a.pem", pki.intermediate.pem.count == pki.root.pem.count ? pki.intermediate.pem : pki.issuing.pem)
        let report = await collect(files)
        #expect(files.fileReadCount == 3)
        #expect(report.certificates.first { $0.location == first }?.summary.subjectCN != "Test Root CA")
    }

    @Test("a file added ahead of the others, or removed, leaves the others' reads kept")
    func keepsReadsWhenFilesShift() async throws {
        defer { directory.remove() }
        try directory.write("d/b.pem", pki.root.pem)
        try directory.write("d/c.pem", pki.intermediate.pem)
        let files = source([directory.path + "/d"])
        _ = await collect(files)
        #expect(files.fileReadCount == 2)
        // a.pem comes first in the walk: every other file moves one place on, and is still not read again.
        try directory.write("d/a.pem", pki.issuing.pem)
        let added = await collect(files)
        #expect(files.fileReadCount == 3)
        #expect(added.certificates.map { PathText.lastComponent($0.location) } == ["a.pem", "b.pem", "c.pem"])
        try FileManager.default.removeItem(atPath: directory.path + "/d/a.pem")
        let removed = await collect(files)
        #expect(files.fileReadCount == 3)
        #expect(removed.certificates.map(\.summary.subjectCN) == ["Test Root CA", TestPKI.summary(pki.intermediate).subjectCN])
    }

    @Test("bad input: each is a reason and a down location, and the good certificate beside it is still read")
    func badInput() async throws {
        defer { directory.remove() }
        let dir = directory.path + "/bad"
        let good = try directory.write("bad/good.pem", pki.issuing.pem)
        let body = pki.root.pem.split(separator: "\n").dropFirst().dropLast().joined(separator: "\n")
        try directory.write("bad/empty.pem", "")
        try directory.write("bad/garbage.crt", "this is not a certificate \u{1}\u{2}\u{3}")
        try directory.write("bad/truncated.pem", "-----BEGIN CERTIFICATE-----\n" + body.prefix(200))
        try directory.write("bad/badbase64.pem", "-----BEGIN CERTIFICATE-----\n" + body.replacingOccurrences(of: "A", with: "!") + "\n-----END CERTIFICATE-----\n")
        try directory.write("bad/notcert.der", [0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x02])
        let huge = try directory.write("bad/huge.pem", "")
        #expect(truncate(huge, 100 << 20) == 0)  // 100 MB, sparse: refused before a byte is read
        try directory.symlink("bad/dangling.pem", to: "/nonexistent/meshcert/ca.pem")
        try directory.symlink("bad/loop", to: ".")  // a directory link back to its own parent

        let files = source([dir])
        let report = await collect(files)
        let reasons = Dictionary(report.freshErrors.map { ($0.location.replacingOccurrences(of: dir + "/", with: ""), $0.reason) }, uniquingKeysWith: { a, _ in a })
        #expect(
            reasons == [
                "empty.pem": .noCertificates, "garbage.crt": .noCertificates, "truncated.pem": .badPEM, "badbase64.pem": .badPEM,
                "notcert.der": .badDER, "huge.pem": .tooLarge, "dangling.pem": .notFound, "loop": .notFound,
            ]
        )
        #expect(report.certificates.map(\.location) == [good])
        #expect(report.locations.filter(\.isUp).map(\.location) == [good])
        #expect(report.locations.filter { !$0.isUp }.count == 8)
        let messages = report.freshErrors.map(\.description).joined(separator: "\n")
        #expect(messages.contains("truncated.pem: CERTIFICATE block at line 1 has no END line"))
        #expect(messages.contains("badbase64.pem: CERTIFICATE block at line 1: base64 body does not decode"))
        #expect(messages.contains("dangling.pem: is a dangling symbolic link to /nonexistent/meshcert/ca.pem"))
        #expect(messages.contains("huge.pem: is 104857600 bytes, over the 16777216-byte limit"))

        // Nothing changed: no fresh errors (one log line per change, not per scrape), still down.
        let again = await collect(files)
        #expect(again.freshErrors.isEmpty)
        #expect(again.locations.filter { !$0.isUp }.count == 8)
        #expect(again.certificates.map(\.location) == [good])

        // Repaired: up again; broken differently: fresh again.
        try directory.write("bad/empty.pem", pki.root.pem)
        try directory.write("bad/garbage.crt", "-----BEGIN CERTIFICATE-----\n")
        let third = await collect(files)
        #expect(third.locations.contains(LocationStatus(location: dir + "/empty.pem", isUp: true)))
        #expect(third.freshErrors.map(\.reason) == [.badPEM])
    }

    @Test("an explicitly named key-only file, a missing file and a directory with no certificates are errors")
    func explicitProblems() async throws {
        defer { directory.remove() }
        let key = try directory.write("key.pem", pki.workload.privateKeyPEM)
        try FileManager.default.createDirectory(atPath: directory.path + "/emptydir", withIntermediateDirectories: true)
        let report = await collect(source([key, directory.path + "/missing.pem", directory.path + "/emptydir"]))
        // Sorted by location: emptydir, key.pem, missing.pem.
        #expect(report.freshErrors.map(\.reason) == [.noCertificates, .noCertificates, .notFound])
        #expect(report.freshErrors[0].message == "is a directory with no certificate files")
        #expect(report.freshErrors[1].message == "holds only PRIVATE KEY blocks, no certificate")
        #expect(report.freshErrors[2].message == "does not exist")
        // The key's bytes never reach a summary, a label or a message.
        let keyBody = pki.workload.privateKeyPEM.split(separator: "\n")[1]
        #expect(!report.freshErrors.map(\.description).joined().contains(keyBody))
    }

    @Test("an unreadable file is permission_denied", .enabled(if: geteuid() != 0, "root reads everything; the server tests cover this through setpriv"))
    func unreadable() async throws {
        defer { directory.remove() }
        let path = try directory.write("secret.pem", pki.root.pem)
        #expect(chmod(path, 0) == 0)
        let report = await collect(source([path]))
        #expect(report.freshErrors.map(\.reason) == [.permissionDenied])
    }

    @Test("PKCS#7 bundles from openssl crl2pkcs7, DER (.p7b, found by a walk) and PEM (.p7c), keep the chain's order")
    func pkcs7() async throws {
        defer { directory.remove() }
        let openssl = try OpenSSLCertificates(in: directory)
        let chain = try directory.write("chain.pem", [pki.workload, pki.issuing, pki.root].map { $0.pem + "\n" }.joined())
        try FileManager.default.createDirectory(atPath: directory.path + "/bundles", withIntermediateDirectories: true)
        try openssl.run(["crl2pkcs7", "-nocrl", "-certfile", chain, "-outform", "DER", "-out", directory.path + "/bundles/chain.p7b"])
        try openssl.run(["crl2pkcs7", "-nocrl", "-certfile", chain, "-out", directory.path + "/bundles/chain.p7c"])
        let report = await collect(source([directory.path + "/bundles"]))
        #expect(report.freshErrors.isEmpty, "\(report.freshErrors)")
        for file in ["chain.p7b", "chain.p7c"] {
            let here = report.certificates.filter { $0.location.hasSuffix(file) }
            #expect(here.map(\.chainIndex) == [0, 1, 2])
            #expect(here.map { $0.summary.subjectCN.isEmpty ? $0.summary.spiffeID : $0.summary.subjectCN }
                == ["spiffe://cluster.local/ns/shop/sa/cart", "Test Issuing CA", "Test Root CA"])
        }
        #expect(try String(contentsOfFile: directory.path + "/bundles/chain.p7c", encoding: .utf8).hasPrefix("-----BEGIN PKCS7-----"))
        // A PKCS#7 without certificates (a CRL-only bundle): no_certificates, saying where.
        let empty = directory.path + "/empty.p7c"
        try openssl.run(["crl2pkcs7", "-nocrl", "-out", empty])
        let emptyReport = await collect(source([empty]))
        #expect(emptyReport.freshErrors.map(\.reason) == [.noCertificates])
        #expect(emptyReport.freshErrors.first?.message.contains("PKCS7 block at line 1 holds no certificate") == true, "\(emptyReport.freshErrors)")
    }

    @Test("a PKCS#7 that does not parse is bad_der naming the file, never a crash")
    func badPKCS7() async throws {
        defer { directory.remove() }
        let openssl = try OpenSSLCertificates(in: directory)
        let chain = try directory.write("chain.pem", [pki.workload, pki.issuing].map { $0.pem + "\n" }.joined())
        let good = directory.path + "/good.p7b"
        try openssl.run(["crl2pkcs7", "-nocrl", "-certfile", chain, "-outform", "DER", "-out", good])
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: good)))
        let cut = try directory.write("cut.p7b", Array(bytes.prefix(bytes.count / 2)))
        // Valid BER, but the content type says `data`, not `signedData`.
        var otherType = bytes
        if let index = (0..<otherType.count - 11).first(where: { otherType[$0..<$0 + 11].elementsEqual([0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02]) }) {
            otherType[index + 10] = 0x01
        }
        let wrongType = try directory.write("data.p7b", otherType)
        let pem = try directory.write("broken.pem", "-----BEGIN PKCS7-----\nMIIBAgYJKoZIhvcNAQcCoIIB\n-----END PKCS7-----\n")
        for path in [cut, wrongType, pem] {
            let report = await collect(source([path]))
            #expect(report.certificates.isEmpty)
            let error = try #require(report.freshErrors.first)
            #expect(error.reason == .badDER, "\(path): \(error)")
            #expect(error.location == path)
            #expect(error.message.contains("PKCS#7") || error.message.contains("PKCS7"), "\(error.message)")
        }
    }
}
