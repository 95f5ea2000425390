import Foundation
import InMemoryLogging
import Logging
import MeshCertCore
import MeshCertExposition
import MeshCertServer
import MeshCertSources
import MeshCertTestSupport
import Testing

@Suite("Dumps through the whole exporter")
struct DumpServerTests {
    let pki: TestPKI
    let directory: TemporaryDirectory

    init() throws {
        pki = try TestPKI(now: Date())
        directory = try TemporaryDirectory("dump-server")
    }

    private func b64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

    /// cacerts alone, and a kubernetes.io/tls secret in another file holding a workload the cacerts CA signed.
    private func writeDumps(caSecret: String = "cacerts") throws -> (cacerts: String, workloads: String) {
        let cacerts = try directory.write(
            "cacerts.yaml",
            """
            apiVersion: v1
            kind: Secret
            type: Opaque
            metadata: {name: \(caSecret), namespace: istio-system}
            data:
              ca-cert.pem: \(b64(pki.issuing.pem))
              ca-key.pem: \(b64(pki.issuing.privateKeyPEM))
              root-cert.pem: \(b64(pki.root.pem))
              cert-chain.pem: \(b64(pki.issuing.pem + pki.intermediate.pem + pki.root.pem))

            """
        )
        let workloads = try directory.write(
            "workloads.json",
            """
            {"apiVersion": "v1", "kind": "List", "items": [
              {"apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/tls",
               "metadata": {"name": "cart-tls", "namespace": "shop", "annotations": {"cert-manager.io/issuer-name": "mesh-ca"}},
               "data": {"tls.crt": "\(b64(pki.workload.pem))", "tls.key": "\(b64(pki.workload.privateKeyPEM))"}}
            ]}
            """
        )
        return (cacerts, workloads)
    }

    @Test("a CA is issuing because another dump's kubernetes.io/tls secret holds a workload it signed")
    func crossSource() async throws {
        defer { directory.remove() }
        // Not a mesh layout's name: only the workload is evidence.
        let (cacerts, workloads) = try writeDumps(caSecret: "ca-backup")
        let alone = ScrapeCoordinator(
            configuration: ExporterConfiguration(sources: [SourceConfiguration(name: "ca", input: .dumps(.init(paths: [cacerts]), kind: .secret))]),
            logger: Logger(label: "test")
        )
        let caOnly = await alone.collect(timeout: 10)
        #expect(caOnly.certificates.first { $0.identity.location == "istio-system/ca-backup/ca-cert.pem" }?.layer == .intermediate)

        let both = ScrapeCoordinator(
            configuration: ExporterConfiguration(sources: [
                SourceConfiguration(name: "ca", input: .dumps(.init(paths: [cacerts]), kind: .secret)),
                SourceConfiguration(name: "apps", input: .dumps(.init(paths: [workloads]), kind: .secret)),
            ]),
            logger: Logger(label: "test")
        )
        let snapshot = await both.collect(timeout: 10)
        #expect(snapshot.certificates.first { $0.identity.location == "istio-system/ca-backup/ca-cert.pem" }?.layer == .issuing)
        #expect(snapshot.certificates.first { $0.identity.location == "shop/cart-tls/tls.crt" }?.layer == .workload)
    }

    @Test(
        "the meshes' issuing CA secrets are issuing with nothing else read: Istio cacerts and istio-ca-secret, Linkerd's issuer",
        arguments: [("cacerts", "ca-cert.pem"), ("linkerd-identity-issuer", "tls.crt"), ("linkerd-identity-issuer", "crt.pem"), ("other", "ca-cert.pem")]
    )
    func meshLayouts(secret: String, key: String) async throws {
        defer { directory.remove() }
        // The CA has no pathLen and nothing it signed is among the inputs.
        let dump = try directory.write(
            "issuer.yaml",
            """
            apiVersion: v1
            kind: Secret
            metadata: {name: \(secret), namespace: mesh}
            data:
              \(key): \(b64(pki.issuing.pem + pki.root.pem))
              root-cert.pem: \(b64(pki.root.pem))

            """
        )
        let coordinator = ScrapeCoordinator(
            configuration: ExporterConfiguration(sources: [SourceConfiguration(name: "ca", input: .dumps(.init(paths: [dump]), kind: .secret))]),
            logger: Logger(label: "test")
        )
        let layers = await coordinator.collect(timeout: 10).certificates.filter { $0.identity.location == "mesh/\(secret)/\(key)" }.map(\.layer)
        #expect(layers == [secret == "other" ? .intermediate : .issuing, .root])
    }

    @Test("no byte of a private key reaches the metrics or the log; secret labels and policies do")
    func noKeyBytes() async throws {
        defer { directory.remove() }
        let (cacerts, workloads) = try writeDumps()
        let broken = try directory.write(
            "broken.yaml",
            "apiVersion: v1\nkind: Secret\nmetadata: {name: oops, namespace: shop}\ndata:\n  tls.crt: \(b64(pki.workload.privateKeyPEM))\n  ca.crt: '%%%'\n"
        )
        let policies = try directory.write(
            "pa.yaml",
            "apiVersion: security.istio.io/v1beta1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: legacy}\nspec: {mtls: {mode: PERMISSIVE}}\n"
        )
        let logs = InMemoryLogHandler()
        let coordinator = ScrapeCoordinator(
            configuration: ExporterConfiguration(sources: [
                SourceConfiguration(name: "dumps", input: .dumps(.init(paths: [cacerts, workloads, broken, policies]), kind: .secret))
            ]),
            logger: Logger(label: "test", factory: { _ in logs })
        )
        let snapshot = await coordinator.collect(timeout: 10)
        let metrics = String(decoding: ExpositionEncoder.encode(SnapshotFamilies.build(snapshot)), as: UTF8.self)
        let log = logs.entries.map { "\($0.message) \($0.metadata)" }.joined(separator: "\n")
        for key in [pki.workload.privateKeyPEM, pki.issuing.privateKeyPEM] {
            for line in key.split(separator: "\n").dropFirst().dropLast() {
                #expect(!metrics.contains(line))
                #expect(!log.contains(line))
            }
            #expect(!metrics.contains(b64(key).prefix(60)))
            #expect(!log.contains(b64(key).prefix(60)))
        }
        #expect(!metrics.contains("ca-key.pem"))
        #expect(!metrics.contains("tls.key"))
        #expect(metrics.contains(#"secret_namespace="shop",secret_name="cart-tls",issuer_name="mesh-ca",secret_key="tls.crt""#))
        #expect(metrics.contains(#"source_kind="secret",location="shop/cart-tls/tls.crt""#))
        #expect(metrics.contains(#"meshcert_mtls_policy_mode{policy_namespace="legacy",policy_name="default",mode="PERMISSIVE",port="",scope="namespace"} 1"#))
        #expect(metrics.contains(#"meshcert_source_up{source="dumps",source_kind="secret",location="shop/oops/tls.crt"} 0"#))
        #expect(log.contains("shop/oops/tls.crt holds only PRIVATE KEY blocks, no certificate (in \(broken))"))
        #expect(log.contains("shop/oops/ca.crt secret data is not valid base64 at line 6 (in \(broken))"))
    }

    @Test("a dump is re-read when it changes")
    func reread() async throws {
        defer { directory.remove() }
        let (_, workloads) = try writeDumps()
        let coordinator = ScrapeCoordinator(
            configuration: ExporterConfiguration(sources: [SourceConfiguration(name: "apps", input: .dumps(.init(paths: [workloads]), kind: .secret))]),
            logger: Logger(label: "test")
        )
        let before = await coordinator.collect(timeout: 10)
        let next = try TestPKI(now: Date())
        try directory.write(
            "workloads.json",
            """
            {"kind": "Secret", "type": "kubernetes.io/tls", "metadata": {"name": "cart-tls", "namespace": "shop"},
             "data": {"tls.crt": "\(b64(next.workload.pem))"}}
            """
        )
        let after = await coordinator.collect(timeout: 10)
        #expect(before.certificates.map(\.summary.fingerprintSHA256) != after.certificates.map(\.summary.fingerprintSHA256))
        #expect(after.certificates.map(\.rotations) == [1])
    }
}
