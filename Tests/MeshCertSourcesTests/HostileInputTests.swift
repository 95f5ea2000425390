import Foundation
import MeshCertCore
import MeshCertTestSupport
import Testing

@testable import MeshCertSources

@Suite("Hostile files and dumps: one counted error, the good certificates still read")
struct HostileInputTests {
    let pki: TestPKI
    let directory: TemporaryDirectory

    init() throws {
        pki = try TestPKI()
        directory = try TemporaryDirectory("hostile")
    }

    private func collect(_ source: some CertificateSource) async -> SourceReport {
        await source.collect(CollectionContext(now: Reference.now, deadline: .now + .seconds(10), parseCache: CertificateParseCache()))
    }

    /// 2 MB of BEGIN lines without END.
    private static let beginsWithoutEnd = String(repeating: "-----BEGIN CERTIFICATE-----\n", count: (2 << 20) / 28)

    @Test("2 MB of BEGIN lines without END in a file: one error with the count, beside a good file")
    func fileOfUnendedBlocks() async throws {
        defer { directory.remove() }
        let bad = try directory.write("bad.pem", pki.root.pem + Self.beginsWithoutEnd)
        let good = try directory.write("good.pem", pki.issuing.pem)
        let report = await collect(FileSource(descriptor: SourceDescriptor(name: "mount", kind: .file), options: .init(paths: [bad, good])))
        #expect(Set(report.certificates.map(\.summary.subjectCN)) == ["Test Root CA", "Test Issuing CA"])
        #expect(report.freshErrors.count == 1)
        let error = try #require(report.freshErrors.first)
        #expect(error.location == bad && error.reason == .badPEM)
        let firstLine = pki.root.pem.filter { $0 == "\n" }.count + 1
        #expect(error.message == "has \((2 << 20) / 28) bad PEM blocks, the first: CERTIFICATE block at line \(firstLine) has no END line (truncated)")
    }

    @Test("the same inside a dump's stringData, and PyYAML anchors across items")
    func dumpOfUnendedBlocks() async throws {
        defer { directory.remove() }
        let bad = DumpFixtures.Secret(
            namespace: "shop", name: "bad", type: "Opaque", data: [], stringData: [("ca.crt", Self.beginsWithoutEnd)]
        )
        let path = try directory.write("dump.yaml", DumpFixtures.yamlList([DumpFixtures.tlsSecret(pki), bad]))
        let report = await collect(DumpSource(descriptor: SourceDescriptor(name: "dumps", kind: .secret), options: .init(paths: [path])))
        #expect(report.certificates.contains { $0.location == "shop/cart-tls/ca.crt" })
        let errors = report.freshErrors.filter { $0.location == "shop/bad/ca.crt" }
        #expect(errors.count == 1)
        #expect(errors.first?.message.hasPrefix("has \((2 << 20) / 28) bad PEM blocks, the first: CERTIFICATE block at line 1") == true)
    }

    @Test("a kubectl List as PyYAML writes it (&id001 in one item, *id001 in the next) is read whole")
    func pyYAMLAnchors() async throws {
        defer { directory.remove() }
        let encoded = DumpFixtures.b64(pki.root.pem)
        let text = """
            apiVersion: v1
            items:
            - apiVersion: v1
              data:
                ca.crt: &id001 \(encoded)
              kind: Secret
              metadata: {name: first, namespace: shop}
              type: Opaque
            - apiVersion: v1
              data:
                ca.crt: *id001
              kind: Secret
              metadata: {name: second, namespace: shop}
              type: Opaque
            kind: List

            """
        let path = try directory.write("pyyaml.yaml", text)
        let report = await collect(DumpSource(descriptor: SourceDescriptor(name: "dumps", kind: .secret), options: .init(paths: [path])))
        #expect(report.freshErrors.isEmpty, "\(report.freshErrors)")
        #expect(report.certificates.map(\.location).sorted() == ["shop/first/ca.crt", "shop/second/ca.crt"])
    }

    @Test("a billion laughs dump is bad_document; a JSON dump with a lone surrogate is read")
    func bombAndSurrogate() async throws {
        defer { directory.remove() }
        var bomb = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for (previous, name) in zip("abcdefgh", "bcdefghi") {
            bomb += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]\n"
        }
        let bombPath = try directory.write("bomb.yaml", bomb)
        let surrogate = try directory.write(
            "surrogate.json",
            #"{"kind": "Secret", "metadata": {"name": "x\ud800\u0041", "namespace": "shop"}, "data": {"ca.crt": ""# + DumpFixtures.b64(pki.root.pem) + #""}}"#
        )
        let report = await collect(
            DumpSource(descriptor: SourceDescriptor(name: "dumps", kind: .secret), options: .init(paths: [bombPath, surrogate]))
        )
        #expect(report.freshErrors.map(\.reason) == [.badDocument])
        #expect(report.certificates.map(\.location) == ["shop/x\u{fffd}A/ca.crt"])
    }

    @Test("a file dated in the year 3000 is read, not a trap in its change stamp")
    func farFutureModificationTime() async throws {
        defer { directory.remove() }
        let path = try directory.write("future.pem", pki.root.pem)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 32_503_680_000)], ofItemAtPath: path)
        let report = await collect(FileSource(descriptor: SourceDescriptor(name: "mount", kind: .file), options: .init(paths: [path])))
        #expect(report.certificates.map(\.summary.subjectCN) == ["Test Root CA"])
    }
}
