import Foundation
import Logging
import MeshCertCore
import MeshCertExposition
import MeshCertFixtures
import MeshCertServer
import MeshCertSources
import MeshCertTestSupport
import Testing

/// A plug-in CA root rotation read from two proxies' secret dumps, step by step, through the real dump
/// source and judge: the trust-bundle metrics at each step and in the two wrong orders.
@Suite("CA rotation safety")
struct RotationSafetyTests {
    let directory: TemporaryDirectory
    let rotation: RotationFixtures

    init() throws {
        directory = try TemporaryDirectory("rotation")
        rotation = try RotationFixtures()
    }

    private func collect(_ step: RotationFixtures.Step) async throws -> (snapshot: CollectionSnapshot, text: String) {
        try rotation.write(step, to: directory.url)
        let coordinator = ScrapeCoordinator(
            configuration: ExporterConfiguration(sources: [
                SourceConfiguration(name: "proxies", input: .dumps(.init(paths: [directory.path]), kind: .proxyDump))
            ]),
            logger: Logger(label: "test")
        )
        let snapshot = await coordinator.collect(timeout: 10)
        return (snapshot, String(decoding: ExpositionEncoder.encode(SnapshotFamilies.build(snapshot)), as: UTF8.self))
    }

    /// proxy → untrusted issuer CNs, from the judgement.
    private func untrusted(_ snapshot: CollectionSnapshot) -> [String: [String]] {
        Dictionary(uniqueKeysWithValues: snapshot.bundles.map { ($0.location, $0.untrustedIssuers.map(\.subjectCN)) })
    }

    @Test(
        "each step's untrusted issuers, root-set fingerprints and latest root expiry",
        arguments: [
            (RotationFixtures.Step.initial, [String](), 1, false),
            (.trustBoth, [], 1, true),
            (.issueFromNew, [], 1, true),
            (.removeOld, [], 1, true),
            (.issuedBeforeTrusted, ["proxy-b/ROOTCA"], 2, false),
            (.removedTooEarly, ["proxy-a/ROOTCA", "proxy-b/ROOTCA"], 1, true),
        ]
    )
    func step(_ step: RotationFixtures.Step, unsafe: [String], fingerprints: Int, successor: Bool) async throws {
        defer { directory.remove() }
        let (snapshot, text) = try await collect(step)
        #expect(snapshot.bundles.map(\.location).sorted() == ["proxy-a/ROOTCA", "proxy-b/ROOTCA"])
        let judged = untrusted(snapshot)
        #expect(judged.filter { !$0.value.isEmpty }.keys.sorted() == unsafe, "\(judged)")
        // The issuer the unsafe bundles miss is the other generation's.
        if step == .issuedBeforeTrusted { #expect(judged["proxy-b/ROOTCA"] == ["Mesh Issuing I2"]) }
        if step == .removedTooEarly { #expect(judged["proxy-a/ROOTCA"] == ["Mesh Issuing I1"]) }
        #expect(Set(snapshot.bundles.map(\.bundle.rootsFingerprint)).count == fingerprints)
        // No successor where a bundle holds the old root alone (150 days, inside the root layer's 180-day critical threshold).
        let latest = snapshot.bundles.map { $0.bundle.certificates.map(\.notAfter).max()! }.min()!
        #expect((latest.timeIntervalSinceNow > 180 * 86_400) == successor)
        // The proxy's own chain is judged against its ROOTCA, as Envoy does.
        let unverified = snapshot.chains.filter { $0.verification?.verified == false }.map(\.location).sorted()
        #expect(unverified == (step == .removedTooEarly ? ["proxy-b/default"] : []))
        for location in unsafe {
            #expect(text.contains(#"meshcert_trust_bundle_untrusted_issuers{source="proxies",source_kind="proxy_dump",location="\#(location)"} 1"#))
            #expect(text.contains(#"meshcert_trust_bundle_untrusted_issuer_info{source="proxies",source_kind="proxy_dump",location="\#(location)",issuer_subject="CN=Mesh Issuing I"#))
        }
    }

    @Test("a bundle of another world (kube-root-ca.crt) serves no mesh trust domain: reported with its roots, never as missing the mesh's issuers")
    func foreignBundle() async throws {
        defer { directory.remove() }
        try rotation.write(.removeOld, to: directory.url)
        let cluster = try TestPKI()
        _ = try directory.write(
            "kube-root.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: kube-root-ca.crt, namespace: shop}\ndata:\n  ca.crt: |\n"
                + cluster.root.pem.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n") + "\n"
        )
        let coordinator = ScrapeCoordinator(
            configuration: ExporterConfiguration(sources: [
                SourceConfiguration(name: "proxies", input: .dumps(.init(paths: [directory.path]), kind: .proxyDump))
            ]),
            logger: Logger(label: "test")
        )
        let snapshot = await coordinator.collect(timeout: 10)
        let kube = try #require(snapshot.bundles.first { $0.location == "shop/kube-root-ca.crt/ca.crt" })
        #expect(kube.untrustedIssuers.isEmpty && kube.trustDomains.isEmpty)
        #expect(kube.sourceKind == .configmap)
        #expect(kube.bundle.certificates.map(\.subjectCN) == ["Test Root CA"])
    }

    @Test("a cross-signed root: a bundle holding only R1 trusts I2 through R2 cross-signed by R1")
    func crossSigned() async throws {
        defer { directory.remove() }
        let now = Date()
        let cross = try PKIBuilder.issue(
            PKIBuilder.name(commonName: "Mesh Root R2"),
            by: rotation.oldRoot, notBefore: now - 86_400, notAfter: now + 140 * 86_400, profile: .ca(), key: rotation.newRoot.privateKey
        )
        let leaf = try PKIBuilder.issue(
            PKIBuilder.name(commonName: ""), by: rotation.newIssuing, notBefore: now - 3600, notAfter: now + 3600,
            profile: .workload(spiffeID: "spiffe://cluster.local/ns/shop/sa/cart")
        )
        func b64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
        // The proxy presents leaf, I2 and R2-signed-by-R1; its bundle is still R1 alone.
        _ = try directory.write(
            "proxy.json",
            """
            {"dynamicActiveSecrets": [
              {"name": "default", "secret": {"name": "default", "tlsCertificate": {"certificateChain": {"inlineBytes": "\(b64(leaf.pem + rotation.newIssuing.pem + cross.pem))"}}}},
              {"name": "ROOTCA", "secret": {"name": "ROOTCA", "validationContext": {"trustedCa": {"inlineBytes": "\(b64(rotation.oldRoot.pem))"}}}}
            ]}
            """
        )
        let coordinator = ScrapeCoordinator(
            configuration: ExporterConfiguration(sources: [
                SourceConfiguration(name: "proxies", input: .dumps(.init(paths: [directory.path]), kind: .proxyDump))
            ]),
            logger: Logger(label: "test")
        )
        let snapshot = await coordinator.collect(timeout: 10)
        #expect(snapshot.bundles.map { $0.untrustedIssuers.count } == [0])
        #expect(snapshot.chains.first { $0.location == "proxy/default" }?.verification?.verified == true)
    }
}
