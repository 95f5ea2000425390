import Foundation
import MeshCertCore
import MeshCertFixtures
import MeshCertTestSupport
import Testing

@testable import MeshCertExposition

@Suite("Series across rotations")
struct RotationSeriesTests {
    /// Every sample of one scrape, by family name plus label text.
    private func samples(_ snapshot: CollectionSnapshot, labels: LabelTextCache) throws -> [String: Double] {
        var samples: [String: Double] = [:]
        let text = String(decoding: ExpositionEncoder.encode(SnapshotFamilies.build(snapshot, labels: labels, collectors: .all)), as: UTF8.self)
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let space = try #require(line.lastIndex(of: " "))
            guard let value = Double(String(line[line.index(after: space)...])) else {
                Issue.record("not a sample line: \(line)")
                continue
            }
            samples[String(line[..<space])] = value
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

        var scrapes: [[String: Double]] = []
        for (index, leaf) in [first, second, third].enumerated() {
            scrapes.append(try samples(judge.judge(collection([leaf, issuing]), now: now + Double(index) * 60), labels: labels))
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
