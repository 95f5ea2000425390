import Foundation
import MeshCertCore
import MeshCertFixtures
import MeshCertTestSupport
import Testing
import X509

@Suite("Layer classification")
struct LayerClassifierTests {
    let pki: TestPKI
    init() throws { pki = try TestPKI() }

    private func layers(_ certificates: [IssuedCertificate], layout: [Bool]? = nil) -> [HierarchyLayer] {
        let summaries = certificates.map(TestPKI.summary)
        let inputs = summaries.enumerated().map { index, summary in
            LayerClassifier.Input(summary: summary, signsWorkloads: layout?[index] ?? false)
        }
        let classifier = LayerClassifier(inputs)
        return summaries.map(classifier.layer(of:))
    }

    @Test("three tiers: root → intermediate → issuing → workload")
    func threeTier() {
        #expect(layers([pki.workload, pki.issuing, pki.intermediate, pki.root]) == [.workload, .issuing, .intermediate, .root])
    }

    @Test("two tiers: root → issuing CA → workload")
    func twoTier() throws {
        let issuing = try PKIBuilder.issue(
            PKIBuilder.name(commonName: "Two-tier CA"), by: pki.root,
            notBefore: Reference.now - Reference.day, notAfter: Reference.now + Reference.year, profile: .ca()
        )
        let leaf = try PKIBuilder.issue(
            PKIBuilder.name(commonName: "svc"), by: issuing,
            notBefore: Reference.now - Reference.hour, notAfter: Reference.now + Reference.day, profile: .workload()
        )
        #expect(layers([leaf, issuing, pki.root]) == [.workload, .issuing, .root])
    }

    @Test("a CA without pathLen and no evidence of signing leaves is intermediate")
    func caWithoutEvidence() {
        #expect(layers([pki.issuing, pki.root]) == [.intermediate, .root])
    }

    @Test("a CA with pathLen 0 is issuing even with no leaf in sight")
    func pathLenZero() throws {
        let ca = try PKIBuilder.issue(
            PKIBuilder.name(commonName: "pathlen0"), by: pki.root,
            notBefore: Reference.now - Reference.day, notAfter: Reference.now + Reference.year, profile: .ca(pathLength: 0)
        )
        #expect(layers([ca]) == [.issuing])
    }

    @Test("a v1 self-signed certificate is a root")
    func v1Root() throws {
        let v1 = try PKIBuilder.selfSigned(
            PKIBuilder.name(commonName: "Legacy v1 Root"),
            notBefore: Reference.now - Reference.year, notAfter: Reference.now + Reference.year, profile: .init(version: .v1)
        )
        let summary = TestPKI.summary(v1)
        #expect(summary.version == 1)
        #expect(summary.basicConstraints == .absent)
        #expect(layers([v1]) == [.root])
    }

    @Test("a self-signed leaf is a workload, not a root")
    func selfSignedLeaf() throws {
        let leaf = try PKIBuilder.selfSigned(
            PKIBuilder.name(commonName: "self.example"),
            notBefore: Reference.now - Reference.day, notAfter: Reference.now + Reference.year, profile: .workload()
        )
        #expect(TestPKI.summary(leaf).isSelfIssued)
        #expect(layers([leaf]) == [.workload])
    }

    @Test("without key identifiers the issuer is found by name")
    func nameFallback() throws {
        let ca = try PKIBuilder.issue(
            PKIBuilder.name(commonName: "Nameless-keys CA"), by: pki.root,
            notBefore: Reference.now - Reference.day, notAfter: Reference.now + Reference.year,
            profile: .init(isCA: true, omitKeyIdentifiers: true)
        )
        let leaf = try PKIBuilder.issue(
            PKIBuilder.name(commonName: "leaf"), by: ca,
            notBefore: Reference.now - Reference.hour, notAfter: Reference.now + Reference.day,
            profile: .init(extendedKeyUsage: [.serverAuth], omitKeyIdentifiers: true)
        )
        #expect(TestPKI.summary(leaf).authorityKeyIdentifier == nil)
        #expect(layers([leaf, ca]) == [.workload, .issuing])
    }

    @Test("a forced layer wins over the evidence for its own source's series only, and per location")
    func forcedLayer() {
        var judge = CollectionJudge()
        let forcing = SourceOutcome(
            descriptor: SourceDescriptor(
                name: "forced", kind: .file, forcedLayer: .root,
                layerRules: [LocationLayerRule(pattern: "*/issuing/*.pem", layer: .issuing)]
            ),
            report: SourceReport(certificates: [
                ObservedCertificate(location: "/etc/issuing/ca.pem", chainIndex: 0, summary: TestPKI.summary(pki.intermediate)),
                ObservedCertificate(location: "/etc/other/ca.pem", chainIndex: 0, summary: TestPKI.summary(pki.intermediate)),
            ]),
            duration: 0
        )
        let plain = SourceOutcome(
            descriptor: SourceDescriptor(name: "plain", kind: .file),
            report: SourceReport(certificates: [ObservedCertificate(location: "/mnt/ca.pem", chainIndex: 0, summary: TestPKI.summary(pki.intermediate))]),
            duration: 0
        )
        let snapshot = judge.judge([forcing, plain], now: Reference.now)
        #expect(snapshot.certificates.map(\.layer) == [.issuing, .root, .intermediate])
    }

    @Test("a mesh layout's issuing CA is issuing without pathLen or a leaf; a root stays a root")
    func layoutEvidence() {
        #expect(layers([pki.intermediate, pki.root]) == [.intermediate, .root])
        #expect(layers([pki.intermediate, pki.root], layout: [true, false]) == [.issuing, .root])
        #expect(layers([pki.root], layout: [true]) == [.root])
    }

    @Test("a CA is classified issuing by a workload read from another source")
    func crossSource() {
        var judge = CollectionJudge()
        let cacerts = SourceOutcome(
            descriptor: SourceDescriptor(name: "cacerts", kind: .file),
            report: SourceReport(certificates: [ObservedCertificate(location: "/cacerts/ca-cert.pem", chainIndex: 0, summary: TestPKI.summary(pki.issuing))]),
            duration: 0
        )
        let alone = judge.judge([cacerts], now: Reference.now)
        #expect(alone.certificates.map(\.layer) == [.intermediate])

        let proxy = SourceOutcome(
            descriptor: SourceDescriptor(name: "proxy", kind: .file),
            report: SourceReport(certificates: [ObservedCertificate(location: "/proxy/cert-chain.pem", chainIndex: 0, summary: TestPKI.summary(pki.workload))]),
            duration: 0
        )
        let together = judge.judge([cacerts, proxy], now: Reference.now)
        #expect(together.certificates.map(\.layer) == [.issuing, .workload])
    }

    @Test("a re-keyed CA that names itself as issuer but is signed by another key is not a root")
    func selfIssuedButNotSelfSigned() throws {
        let otherKeyRoot = try PKIBuilder.selfSigned(
            pki.root.certificate.subject, notBefore: Reference.now - Reference.year, notAfter: Reference.now + Reference.year
        )
        // Same name as the root, issued by the original root's key: a cross-signed rollover certificate.
        let crossSigned = try PKIBuilder.issue(
            pki.root.certificate.subject, by: pki.root,
            notBefore: Reference.now - Reference.day, notAfter: Reference.now + Reference.year, profile: .ca(),
            key: otherKeyRoot.privateKey
        )
        let summary = TestPKI.summary(crossSigned)
        #expect(summary.isSelfIssued)
        #expect(!summary.hasValidSelfSignature)
        #expect(!LayerClassifier.isRoot(summary))
        #expect(LayerClassifier.isRoot(TestPKI.summary(otherKeyRoot)))
    }
}
