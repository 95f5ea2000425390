import Foundation
import MeshCertCore
import MeshCertFixtures
import MeshCertTestSupport
import Testing

@testable import MeshCertExposition

@Suite("Series across rotations")
struct RotationSeriesTests {
    /// Every sample of one scrape, by family name plus label text.
    private func samples(_ snapshot: CollectionSnapshot, labels: LabelTextCache) -> [String: Double] {
        var samples: [String: Double] = [:]
        for family in SnapshotFamilies.build(snapshot, labels: labels, collectors: .all) {
            for sample in family.samples {
                samples[family.definition.name + String(decoding: sample.labelText, as: UTF8.self)] = sample.value
            }
        }
        return samples
    }

    private func workload(_ commonName: String, by pki: TestPKI, issuedAt: Date) throws -> CertificateSummary {
        let issued = try PKIBuilder.issue(
            PKIBuilder.name(commonName: commonName), by: pki.issuing, notBefore: issuedAt, notAfter: issuedAt + Reference.day,
            profile: .workload(spiffeID: "spiffe://cluster.local/ns/shop/sa/cart", dnsNames: ["cart.shop.svc"])
        )
        return TestPKI.summary(issued)
    }

    private func collection(_ summaries: [CertificateSummary]) -> [SourceOutcome] {
        [
            SourceOutcome(
                descriptor: SourceDescriptor(name: "mount", kind: .file),
                report: SourceReport(
                    certificates: summaries.enumerated().map { ObservedCertificate(location: "/var/run/certs/chain.pem", chainIndex: $0, summary: $1) }
                ),
                duration: 0.01
            )
        ]
    }

    @Test("a rotation that changes the CN keeps every certificate series, and rotations_total goes 1 → 2 on the same series")
    func rotationKeepsSeries() throws {
        let pki = try TestPKI()
        let issuing = TestPKI.summary(pki.issuing)
        let now = Reference.now
        let first = try workload("cart-v1", by: pki, issuedAt: now - 12 * Reference.hour)
        let second = try workload("cart-v2", by: pki, issuedAt: now - Reference.hour)
        let third = try workload("cart-v3", by: pki, issuedAt: now)
        var judge = CollectionJudge()
        let labels = LabelTextCache()

        let scrapes = [first, second, third].enumerated().map { index, leaf in
            samples(judge.judge(collection([leaf, issuing]), now: now + Double(index) * 60), labels: labels)
        }
        let certificateSeries = scrapes.map { Set($0.keys.filter { $0.hasPrefix("meshcert_cert_") && !$0.hasPrefix(Metric.certInfo.name) }) }
        #expect(certificateSeries[0] == certificateSeries[1])
        #expect(certificateSeries[1] == certificateSeries[2])
        #expect(!certificateSeries[0].contains { $0.contains("cart-v") })

        let leafRotations =
            #"meshcert_cert_rotations_total{source="mount",source_kind="file",location="/var/run/certs/chain.pem",chain_index="0",layer="workload"}"#
        #expect(scrapes.map { $0[leafRotations] } == [0, 1, 2])
        // The subject moves on meshcert_cert_info alone: one info series per scrape, with that scrape's CN.
        for (scrape, name) in zip(scrapes, ["cart-v1", "cart-v2", "cart-v3"]) {
            let info = scrape.keys.filter { $0.hasPrefix(Metric.certInfo.name) && $0.contains(#"chain_index="0""#) }
            #expect(info.count == 1)
            #expect(info.first?.contains(#"subject_cn="\#(name)""#) == true)
        }
    }
}
