import Foundation
import MeshCertCore
import MeshCertTestSupport
import Testing

@testable import MeshCertSources

@Suite("Dump source: kubectl, istioctl, Envoy and ztunnel output")
struct DumpSourceTests {
    let pki: TestPKI
    let directory: TemporaryDirectory

    init() throws {
        pki = try TestPKI()
        directory = try TemporaryDirectory("dumps")
    }

    private func source(_ paths: [String], kind: SourceKind = .secret, maxFileSize: Int = DumpSource.Options.defaultMaxFileSize) -> DumpSource {
        DumpSource(descriptor: SourceDescriptor(name: "dumps", kind: kind), options: .init(paths: paths, maxFileSize: maxFileSize))
    }

    private func collect(_ source: DumpSource) async -> SourceReport {
        await source.collect(CollectionContext(now: Reference.now, deadline: .now + .seconds(10), parseCache: CertificateParseCache()))
    }

    /// location#index → subject CN (or SPIFFE ID).
    private func found(_ report: SourceReport) -> [String: String] {
        Dictionary(
            report.certificates.map { ("\($0.location)#\($0.chainIndex)", $0.summary.subjectCN.isEmpty ? $0.summary.spiffeID : $0.summary.subjectCN) },
            uniquingKeysWith: { first, _ in first }
        )
    }

    private var expectedSecrets: [String: String] {
        [
            "shop/cart-tls/ca.crt#0": "Test Issuing CA",
            "shop/cart-tls/tls.crt#0": "spiffe://cluster.local/ns/shop/sa/cart",
            "shop/cart-tls/tls.crt#1": "Test Issuing CA",
            "istio-system/cacerts/ca-cert.pem#0": "Test Issuing CA",
            "istio-system/cacerts/cert-chain.pem#0": "Test Issuing CA",
            "istio-system/cacerts/cert-chain.pem#1": "Test Intermediate CA",
            "istio-system/cacerts/cert-chain.pem#2": "Test Root CA",
            "istio-system/cacerts/root-cert.pem#0": "Test Root CA",
            "istio-system/istio-ca-secret/ca-cert.pem#0": "Test Root CA",
        ]
    }

    @Test("kubectl get secrets -A -o json and -o yaml: tls, cacerts, istio-ca-secret; keys never read")
    func secretsListBothFormats() async throws {
        defer { directory.remove() }
        let secrets = [DumpFixtures.tlsSecret(pki), DumpFixtures.cacerts(pki), DumpFixtures.istioCASecret(pki)]
        for (name, text) in [("secrets.json", DumpFixtures.json(secrets)), ("secrets.yaml", DumpFixtures.yamlList(secrets))] {
            let path = try directory.write(name, text)
            let report = await collect(source([path]))
            #expect(found(report) == expectedSecrets, "\(name)")
            #expect(report.freshErrors.isEmpty, "\(name): \(report.freshErrors)")
            #expect(report.certificates.allSatisfy { $0.kind == .secret })
            let cart = try #require(report.certificates.first { $0.location == "shop/cart-tls/tls.crt" })
            #expect(
                cart.attributes
                    == DumpAttributes(
                        secretNamespace: "shop", secretName: "cart-tls", certificateName: "cart", issuerName: "mesh-ca", issuerKind: "ClusterIssuer",
                        secretKey: "tls.crt"
                    )
            )
            // tls.key, ca-key.pem and the empty key.pem are no location at all.
            #expect(!report.locations.contains { $0.location.hasSuffix("key.pem") || $0.location.hasSuffix("tls.key") })
        }
    }

    @Test("a single object, several YAML documents, stringData, an Opaque secret's keys by pattern")
    func shapes() async throws {
        defer { directory.remove() }
        var opaque = DumpFixtures.Secret(
            namespace: "ops", name: "bundle", type: "Opaque",
            data: [("trust.crt", DumpFixtures.b64(pki.root.pem)), ("notes.txt", DumpFixtures.b64(pki.root.pem)), ("empty.pem", "")]
        )
        opaque.stringData = [("plain.pem", pki.intermediate.pem)]
        let text = DumpFixtures.yamlObject(DumpFixtures.tlsSecret(pki), indent: "") + "---\n" + DumpFixtures.yamlObject(opaque, indent: "")
        let report = await collect(source([try directory.write("two-docs.yaml", text)]))
        #expect(found(report)["ops/bundle/trust.crt#0"] == "Test Root CA")
        #expect(found(report)["ops/bundle/plain.pem#0"] == "Test Intermediate CA")
        #expect(found(report)["ops/bundle/notes.txt#0"] == nil)
        #expect(found(report)["shop/cart-tls/tls.crt#1"] == "Test Issuing CA")
        #expect(report.freshErrors.isEmpty)
    }

    @Test("PKCS#7 values: a DER .p7b key and a PKCS7 PEM block in ca.crt, in the chain's order")
    func pkcs7Values() async throws {
        defer { directory.remove() }
        let openssl = try OpenSSLCertificates(in: directory)
        let chain = try directory.write("chain.pem", [pki.workload, pki.issuing].map { $0.pem + "\n" }.joined())
        try openssl.run(["crl2pkcs7", "-nocrl", "-certfile", chain, "-outform", "DER", "-out", openssl.path("chain.p7b")])
        let pkcs7PEM = try openssl.run(["crl2pkcs7", "-nocrl", "-certfile", chain]).stdout
        let der = try Data(contentsOf: URL(fileURLWithPath: openssl.path("chain.p7b")))
        let secret = DumpFixtures.Secret(
            namespace: "ops", name: "bundles", type: "Opaque", data: [("chain.p7b", der.base64EncodedString()), ("ca.crt", DumpFixtures.b64(pkcs7PEM))]
        )
        let report = await collect(source([try directory.write("p7.yaml", DumpFixtures.yamlList([secret]))]))
        #expect(report.freshErrors.isEmpty, "\(report.freshErrors)")
        for key in ["chain.p7b", "ca.crt"] {
            #expect(found(report)["ops/bundles/\(key)#0"] == "spiffe://cluster.local/ns/shop/sa/cart")
            #expect(found(report)["ops/bundles/\(key)#1"] == "Test Issuing CA")
        }
    }

    @Test("configmaps: istio-ca-root-cert and kube-root-ca.crt hold plain PEM")
    func configMaps() async throws {
        defer { directory.remove() }
        let text = DumpFixtures.configMapYAML(namespace: "shop", name: "istio-ca-root-cert", key: "root-cert.pem", pem: pki.root.pem + pki.intermediate.pem)
            + "---\n" + DumpFixtures.configMapYAML(namespace: "shop", name: "kube-root-ca.crt", key: "ca.crt", pem: pki.root.pem)
        let report = await collect(source([try directory.write("cm.yaml", text)], kind: .configmap))
        #expect(
            found(report) == [
                "shop/istio-ca-root-cert/root-cert.pem#0": "Test Root CA", "shop/istio-ca-root-cert/root-cert.pem#1": "Test Intermediate CA",
                "shop/kube-root-ca.crt/ca.crt#0": "Test Root CA",
            ]
        )
        #expect(report.certificates.allSatisfy { $0.kind == .configmap })
    }

    @Test("one object listed twice is one set of certificates and a duplicate error; the dump file's age is its location's last change")
    func duplicatesAndAge() async throws {
        defer { directory.remove() }
        let secret = DumpFixtures.tlsSecret(pki)
        let path = try directory.write("twice.json", DumpFixtures.json([secret, secret]))
        let written = Date(timeIntervalSince1970: 1_700_000_000)
        try FileManager.default.setAttributes([.modificationDate: written], ofItemAtPath: path)
        let report = await collect(source([path]))
        #expect(report.certificates.filter { $0.location == "shop/cart-tls/tls.crt" }.map(\.chainIndex) == [0, 1])
        #expect(report.freshErrors.map(\.reason) == [.duplicate, .duplicate])
        #expect(Set(report.freshErrors.map(\.location)) == ["shop/cart-tls/tls.crt", "shop/cart-tls/ca.crt"])
        #expect(report.locations.allSatisfy { $0.isUp })
        #expect(report.locations.first { $0.location == path }?.lastChange == written)
    }

    @Test("a configmap read by a secret source: its certificates and its health series both say configmap")
    func locationKinds() async throws {
        defer { directory.remove() }
        let text = DumpFixtures.yamlList([DumpFixtures.tlsSecret(pki)]) + "---\n"
            + DumpFixtures.configMapYAML(namespace: "shop", name: "istio-ca-root-cert", key: "root-cert.pem", pem: pki.root.pem)
        let report = await collect(source([try directory.write("mixed.yaml", text)], kind: .secret))
        #expect(report.certificates.first { $0.location == "shop/istio-ca-root-cert/root-cert.pem" }?.kind == .configmap)
        #expect(report.locations.first { $0.location == "shop/istio-ca-root-cert/root-cert.pem" }?.kind == .configmap)
        #expect(report.locations.first { $0.location == "shop/cart-tls/tls.crt" }?.kind == nil)
        #expect(report.certificates.first { $0.kind == .configmap }?.attributes.isConfigMap == true)
    }

    @Test("a SPIFFE bundle document: its x509-svid roots are a bundle with sequence and refresh hint; jwt-svid keys are passed over")
    func spiffeBundle() async throws {
        defer { directory.remove() }
        let stranger = try TestPKI()
        let document = """
            {"keys": [
              {"use": "x509-svid", "kty": "EC", "crv": "P-256", "x": "AA", "y": "AA", "x5c": ["\(Data(pki.root.derBytes).base64EncodedString())"]},
              {"use": "jwt-svid", "kty": "EC", "kid": "k1", "crv": "P-256", "x": "AA", "y": "AA"},
              {"use": "x509-svid", "kty": "EC", "x5c": ["\(Data(stranger.root.derBytes).base64EncodedString())"]}
            ], "spiffe_sequence": 7, "spiffe_refresh_hint": 300}
            """
        let report = await collect(source([try directory.write("example.org.json", document)], kind: .spiffeBundle))
        let bundle = try #require(report.bundles.first)
        #expect(bundle.location == "example.org/spiffe_bundle")
        #expect(bundle.certificates.count == 2, "\(bundle.certificates.map(\.subjectCN))")
        #expect(bundle.sequence == 7 && bundle.refreshHint == 300)
        #expect(report.certificates.map(\.kind) == [.spiffeBundle, .spiffeBundle])
        #expect(report.freshErrors.isEmpty)

        // Stale once the hint has passed ten times over without a new sequence; a new sequence is fresh again.
        var judge = CollectionJudge()
        let outcome = SourceOutcome(descriptor: SourceDescriptor(name: "spire", kind: .spiffeBundle), report: report, duration: 0)
        #expect(judge.judge([outcome], now: Reference.now).bundles.map(\.stale) == [false])
        #expect(judge.judge([outcome], now: Reference.now + 2000).bundles.map(\.stale) == [false])
        #expect(judge.judge([outcome], now: Reference.now + 3100).bundles.map(\.stale) == [true])
        var next = outcome
        next.report.bundles[0].sequence = 8
        #expect(judge.judge([next], now: Reference.now + 3200).bundles.map(\.stale) == [false])
    }

    @Test("istioctl proxy-config secret -o json and Envoy's config_dump, both spellings, SPIRE trust domains included")
    func proxyDumps() async throws {
        defer { directory.remove() }
        for camel in [true, false] {
            for spire in [false, true] {
                let path = try directory.write("cart-\(camel)-\(spire).json", DumpFixtures.proxySecrets(pki, camel: camel, spire: spire))
                let report = await collect(source([path], kind: .proxyDump))
                let dump = "cart-\(camel)-\(spire)"
                var expected = [
                    "\(dump)/default#0": "spiffe://cluster.local/ns/shop/sa/cart", "\(dump)/default#1": "Test Issuing CA",
                ]
                if spire {
                    expected["\(dump)/ROOTCA/east.local#0"] = "Test Root CA"
                    expected["\(dump)/ROOTCA/west.local#0"] = "Test Intermediate CA"
                } else {
                    expected["\(dump)/ROOTCA#0"] = "Test Root CA"
                }
                #expect(found(report) == expected, "camel \(camel) spire \(spire)")
                #expect(report.certificates.allSatisfy { $0.kind == .proxyDump })
                #expect(report.freshErrors.isEmpty)
            }
        }
    }

    @Test("ztunnel's certificate dump: the PEM is the truth, not the dump's date fields")
    func ztunnel() async throws {
        defer { directory.remove() }
        let report = await collect(source([try directory.write("ztunnel.json", DumpFixtures.ztunnel(pki))], kind: .proxyDump))
        let location = "ztunnel/spiffe://cluster.local/ns/shop/sa/cart"
        #expect(report.certificates.map(\.location) == [location, location, location])
        #expect(report.certificates[0].summary.notAfter == pki.workload.certificate.notValidAfter)
        #expect(report.certificates[2].summary.subjectCN == "Test Root CA")
        // Its roots are also the bundle the workload's chain is judged against (this fixture's chain lacks
        // the intermediate between its issuing CA and the root, so no path is built).
        #expect(report.bundles.map(\.location) == [location] && report.bundles[0].certificates.map(\.subjectCN) == ["Test Root CA"])
        #expect(report.chainPaths.map { $0.verification(at: Reference.now).reasons } == [[.unknownAuthority]])
        #expect(report.freshErrors.isEmpty)
    }

    @Test("PeerAuthentication: mesh, namespace and workload scope, port-level modes, UNSET")
    func peerAuthentication() async throws {
        defer { directory.remove() }
        let report = await collect(source([try directory.write("pa.yaml", DumpFixtures.peerAuthentications)]))
        #expect(
            Set(report.policies) == [
                MTLSPolicy(namespace: "istio-system", name: "default", mode: .strict, port: "", scope: .mesh),
                MTLSPolicy(namespace: "legacy", name: "default", mode: .permissive, port: "", scope: .namespace),
                MTLSPolicy(namespace: "production", name: "payments", mode: .strict, port: "", scope: .workload),
                MTLSPolicy(namespace: "production", name: "payments", mode: .disable, port: "9090", scope: .workload),
                MTLSPolicy(namespace: "shop", name: "nothing-set", mode: .unset, port: "", scope: .namespace),
            ]
        )
        #expect(report.freshErrors.isEmpty)
    }

    @Test("bad input: each is a reason per secret and key, and every good certificate is still read")
    func badInput() async throws {
        defer { directory.remove() }
        var broken = DumpFixtures.tlsSecret(pki, namespace: "shop", name: "broken")
        broken.data = [
            ("ca.crt", "%%%not-base64%%%"), ("tls.crt", DumpFixtures.b64(pki.workload.privateKeyPEM)),
            ("other.pem", DumpFixtures.b64("garbage, not a certificate")),
        ]
        let good = DumpFixtures.tlsSecret(pki)
        let yaml = try directory.write("mixed.yaml", DumpFixtures.yamlList([broken, good]))
        let report = await collect(source([yaml]))
        #expect(report.certificates.count == 3)
        let reasons = Dictionary(report.freshErrors.map { ($0.location, $0.reason) }, uniquingKeysWith: { first, _ in first })
        #expect(reasons == ["shop/broken/ca.crt": .badBase64, "shop/broken/tls.crt": .noCertificates, "shop/broken/other.pem": .noCertificates])
        let base64Error = try #require(report.freshErrors.first { $0.reason == .badBase64 })
        #expect(base64Error.message == "secret data is not valid base64 at line 14 (in \(yaml))")
        #expect(report.freshErrors.first { $0.location == "shop/broken/tls.crt" }?.message.hasPrefix("holds only PRIVATE KEY blocks") == true)
        #expect(report.locations.filter { !$0.isUp }.count == 3)
        let keyLine = String(pki.workload.privateKeyPEM.split(separator: "\n")[1])
        #expect(!report.freshErrors.map(\.description).joined().contains(keyLine))
        #expect(!report.freshErrors.map(\.description).joined().contains(DumpFixtures.b64(pki.workload.privateKeyPEM).prefix(40)))

        // Unchanged: nothing fresh. Changed: read again.
        #expect(await collect(source([yaml])).freshErrors.count == 3)  // a new source has no memory
        let same = source([yaml])
        _ = await collect(same)
        #expect(await collect(same).freshErrors.isEmpty)
    }

    @Test(
        "a document that does not parse names its line; one that is too large is refused unread",
        arguments: [
            ("bad.json", "{\n  \"kind\": \"List\",\n  \"items\": [\n    {\"kind\": \"Secret\",, }\n  ]\n}\n", "is not valid JSON: expected a quoted key at line 4"),
            ("bad.yaml", "apiVersion: v1\nitems:\n- kind: Secret\n  data: [unclosed\nkind: List\n", "is not valid YAML:"),
            ("nothing.yaml", "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: x}\n", "holds no Secret, ConfigMap, PeerAuthentication"),
        ]
    )
    func badDocuments(name: String, text: String, message: String) async throws {
        defer { directory.remove() }
        let path = try directory.write(name, text)
        let report = await collect(source([path]))
        #expect(report.freshErrors.count == 1)
        #expect(report.freshErrors.first?.location == path)
        #expect(report.freshErrors.first?.reason == (name == "nothing.yaml" ? .noCertificates : .badDocument))
        #expect(report.freshErrors.first?.message.hasPrefix(message) == true, "\(report.freshErrors)")
        if name == "bad.yaml" { #expect(report.freshErrors.first?.message.contains("line 5") == true, "\(report.freshErrors)") }
    }

    @Test("a 300 MB dump (over the 256 MiB default) is refused before a byte of it is read")
    func tooLarge() async throws {
        defer { directory.remove() }
        let path = try directory.write("huge.json", "")
        #expect(truncate(path, 300 << 20) == 0)
        let report = await collect(source([path]))
        #expect(report.freshErrors.map(\.reason) == [.tooLarge])
        #expect(report.freshErrors[0].message.contains("max_file_size"))
    }

    @Test("two thousand secrets with a few broken ones: every good certificate is read, each bad key named")
    func many() async throws {
        defer { directory.remove() }
        var secrets: [DumpFixtures.Secret] = []
        for index in 0..<2000 {
            var secret = DumpFixtures.tlsSecret(pki, namespace: "ns-\(index % 20)", name: "s-\(index)")
            if index % 500 == 7 { secret.data[1].1 = "!!" }
            secrets.append(secret)
        }
        let report = await collect(source([try directory.write("many.json", DumpFixtures.json(secrets))]))
        let expected = 2000 * 3 - 4 * 2  // three per secret, less the two in each broken tls.crt
        #expect(report.certificates.count == expected)
        #expect(report.freshErrors.map(\.location) == ["ns-7/s-7/tls.crt", "ns-7/s-507/tls.crt", "ns-7/s-1007/tls.crt", "ns-7/s-1507/tls.crt"].sorted())
    }
}
