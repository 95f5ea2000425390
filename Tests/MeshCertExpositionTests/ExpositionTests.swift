import Foundation
import MeshCertCore
import MeshCertTestSupport
import Testing

@testable import MeshCertExposition

@Suite("Exposition")
struct ExpositionTests {
    /// A summary with every field fixed, so the output is byte-for-byte stable.
    static func summary(
        cn: String, issuerCN: String, fingerprint: String, notBefore: TimeInterval, notAfter: TimeInterval,
        ca: Bool, spiffe: String = "", warnings: [String] = [], weakCrypto: [WeakCryptoReason] = []
    ) -> CertificateSummary {
        CertificateSummary(
            fingerprintSHA256: fingerprint, serialHex: "0a1b", version: 3,
            subject: cn.isEmpty ? "" : "CN=\(cn),O=Example\\, Inc.", issuer: "CN=\(issuerCN)", subjectCN: cn, issuerCN: issuerCN,
            notBefore: Date(timeIntervalSince1970: notBefore), notAfter: Date(timeIntervalSince1970: notAfter),
            basicConstraints: ca ? .ca(pathLength: nil) : .notCA, subjectKeyIdentifier: nil, authorityKeyIdentifier: nil,
            hasValidSelfSignature: false, spiffeID: spiffe, dnsNames: ca ? [] : ["cart.shop.svc", "cart"], ipAddresses: ca ? [] : ["10.0.0.7"],
            keyAlgorithm: "ecdsa_p256", signatureAlgorithm: "ecdsa_sha256",
            extendedKeyUsage: ca ? nil : ["server_auth", "client_auth"], parseWarnings: warnings, weakCrypto: weakCrypto
        )
    }

    static func snapshot(location: String, attributes: DumpAttributes = .none, weakWorkload: [WeakCryptoReason] = []) -> CollectionSnapshot {
        let now = Reference.now.timeIntervalSince1970
        let workload = summary(
            cn: "", issuerCN: "Issuing CA", fingerprint: "aa", notBefore: now - 6 * 3600, notAfter: now + 18 * 3600, ca: false,
            spiffe: "spiffe://cluster.local/ns/shop/sa/cart", weakCrypto: weakWorkload
        )
        let issuing = summary(
            cn: "Issuing CA", issuerCN: "Root CA", fingerprint: "bb", notBefore: now - 340 * 86_400, notAfter: now + 25 * 86_400, ca: true,
            warnings: ["noncanonical_time"]
        )
        let source = SourceDescriptor(name: "mesh", kind: .file)
        func judged(_ summary: CertificateSummary, _ index: Int, _ layer: HierarchyLayer, _ state: ExpiryState, rotations: Int) -> JudgedCertificate {
            JudgedCertificate(
                identity: CertificateIdentity(source: "mesh", sourceKind: .file, location: location, chainIndex: index),
                summary: summary, attributes: attributes, layer: layer, state: state,
                expiresIn: summary.notAfter.timeIntervalSince(Reference.now),
                lifetimeElapsedRatio: Reference.now.timeIntervalSince(summary.notBefore) / summary.lifetime, rotations: rotations
            )
        }
        return CollectionSnapshot(
            time: Reference.now,
            certificates: [judged(issuing, 1, .issuing, .warning, rotations: 0), judged(workload, 0, .workload, .ok, rotations: 3)],
            chains: [ChainJudgement(source: "mesh", sourceKind: .file, location: location, earliestNotAfter: workload.notAfter, issuerExpiresFirst: false)],
            sources: [
                SourceHealth(
                    descriptor: source,
                    locations: [LocationStatus(location: location, isUp: true), LocationStatus(location: "/etc/certs/broken.pem", isUp: false)],
                    certificateCount: 2, duration: 0.25, errorCounts: [.badPEM: 1]
                )
            ],
            thresholds: .defaults, rotationPolicy: .defaults
        )
    }

    /// The golden file's text. `MESHCERT_UPDATE_GOLDEN=1 swift test` rewrites it from `actual` instead (then review the diff).
    private func golden(_ name: String, actual: String, filePath: String = #filePath) throws -> String {
        if ProcessInfo.processInfo.environment["MESHCERT_UPDATE_GOLDEN"] != nil {
            let url = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(name).prom")
            try Data(actual.utf8).write(to: url)
            return actual
        }
        let url = try #require(Bundle.module.url(forResource: "Golden/\(name)", withExtension: "prom"))
        return try String(contentsOf: url, encoding: .utf8)
    }

    private func render(_ snapshot: CollectionSnapshot, collectors: ExpositionCollectors = .all) -> String {
        String(decoding: ExpositionEncoder.encode(SnapshotFamilies.build(snapshot, collectors: collectors)), as: UTF8.self)
    }

    static let secretAttributes = DumpAttributes(
        secretNamespace: "shop", secretName: "cart-tls", certificateName: "cart", issuerName: "mesh-ca", issuerKind: "ClusterIssuer", secretKey: "tls.crt"
    )

    @Test("a collection renders exactly as the golden file, every family and label switched on")
    func goldenBasic() throws {
        let output = render(Self.snapshot(location: "/etc/certs/cert-chain.pem"))
        #expect(output == (try golden("basic", actual: output)))
    }

    @Test("the default families and labels render exactly as the golden file")
    func goldenDefaults() throws {
        let output = render(Self.snapshot(location: "shop/cart-tls/tls.crt", attributes: Self.secretAttributes), collectors: .defaults)
        #expect(output == (try golden("defaults", actual: output)))
    }

    @Test("a configmap's labels say configmap_*, its health series carry its kind, a dump file its last change")
    func configMapLocations() {
        var snapshot = Self.snapshot(location: "shop/root/ca.crt", attributes: DumpAttributes.configMap(namespace: "shop", name: "root").with(secretKey: "ca.crt"))
        snapshot.sources[0].locations = [
            LocationStatus(location: "shop/root/ca.crt", isUp: true, kind: .configmap),
            LocationStatus(location: "/dumps/all.yaml", isUp: true, lastChange: Date(timeIntervalSince1970: 1_700_000_000)),
        ]
        let text = render(snapshot)
        #expect(text.contains(#",configmap_namespace="shop",configmap_name="root""#) && text.contains(#",configmap_key="ca.crt""#))
        #expect(!text.contains("secret_name="))
        #expect(text.contains(#"meshcert_source_up{source="mesh",source_kind="configmap",location="shop/root/ca.crt"} 1"#))
        #expect(text.contains(#"meshcert_source_last_change_timestamp_seconds{source="mesh",source_kind="file",location="/dumps/all.yaml"} 1700000000"#))
        #expect(!text.contains(#"meshcert_source_last_change_timestamp_seconds{source="mesh",source_kind="configmap""#))
    }

    @Test("certificate families carry the identity and layer only; subject_cn and issuer_cn are on meshcert_cert_info alone")
    func identityLabelsOnly() {
        let text = render(Self.snapshot(location: "/x.pem", attributes: Self.secretAttributes))
        for line in text.split(separator: "\n") where line.hasPrefix("meshcert_cert_") {
            if line.hasPrefix("meshcert_cert_info{") {
                #expect(line.contains(#",issuer_cn=""#) && line.contains(#",secret_namespace="shop""#))
            } else {
                let labels = line.drop { $0 != "{" }.prefix { $0 != "}" }
                let names = labels.dropFirst().split(separator: ",").map { $0.prefix { $0 != "=" } }
                #expect(names == ["source", "source_kind", "location", "chain_index", "layer"], "\(line)")
            }
        }
    }

    @Test("a weak certificate has one meshcert_cert_weak_crypto_info sample per reason; others have none")
    func weakCrypto() {
        let text = render(Self.snapshot(location: "/x.pem", weakWorkload: [.sha1Signature, .rsaKeyUnder2048]))
        let lines = text.split(separator: "\n").filter { $0.hasPrefix("meshcert_cert_weak_crypto_info{") }
        #expect(lines == [
            #"meshcert_cert_weak_crypto_info{source="mesh",source_kind="file",location="/x.pem",chain_index="0",layer="workload",reason="rsa_key_under_2048"} 1"#,
            #"meshcert_cert_weak_crypto_info{source="mesh",source_kind="file",location="/x.pem",chain_index="0",layer="workload",reason="sha1_signature"} 1"#,
        ])
        #expect(!render(Self.snapshot(location: "/x.pem")).contains("meshcert_cert_weak_crypto_info"))
    }

    @Test("label values with a quote, a backslash and a newline are escaped, as the golden file shows")
    func goldenEscaping() throws {
        let output = render(Self.snapshot(location: "/etc/certs/we\"ird\\dir\nname.pem"))
        #expect(output == (try golden("escaping", actual: output)))
        #expect(output.contains(#"location="/etc/certs/we\"ird\\dir\nname.pem""#))
        #expect(output.contains(#"subject="CN=Issuing CA,O=Example\\, Inc.""#))
    }

    @Test("families sorted by name, samples by labels, values in Prometheus' spelling")
    func encoding() {
        let second = MetricDefinition(name: "b_metric", kind: .gauge, help: "Second, with a \\ and a\nnewline.")
        let first = MetricDefinition(name: "a_metric", kind: .counter, help: "First.")
        let empty = MetricDefinition(name: "c_empty", kind: .gauge, help: "No samples: left out.")
        let families = [
            MetricFamily(second, samples: [
                MetricSample([LabelPair("k", "z")], .nan), MetricSample([LabelPair("k", "a")], -.infinity),
                MetricSample([LabelPair("k", "m")], 0.25), MetricSample([LabelPair("k", "n")], 1e20),
            ]),
            MetricFamily(first, samples: [MetricSample([], 42)]),
            MetricFamily(empty),
        ]
        let text = String(decoding: ExpositionEncoder.encode(families), as: UTF8.self)
        #expect(
            text == """
                # HELP a_metric First.
                # TYPE a_metric counter
                a_metric 42
                # HELP b_metric Second, with a \\\\ and a\\nnewline.
                # TYPE b_metric gauge
                b_metric{k="a"} -Inf
                b_metric{k="m"} 0.25
                b_metric{k="n"} 1e+20
                b_metric{k="z"} NaN

                """
        )
    }

    @Test("every reason of the closed set is present from the start, at zero")
    func reasonsFromStart() {
        let text = render(Self.snapshot(location: "/x.pem"))
        for reason in SourceErrorReason.allCases {
            #expect(text.contains(#"meshcert_source_errors_total{source="mesh",source_kind="file",reason="\#(reason.rawValue)"}"#))
        }
    }

    @Test("no forbidden label name is ever written")
    func forbiddenLabels() {
        let text = render(Self.snapshot(location: "/x.pem"))
        for name in ["namespace", "type", "job", "instance", "service"] {
            #expect(!text.contains("{\(name)=\""))
            #expect(!text.contains(",\(name)=\""))
        }
    }
}
