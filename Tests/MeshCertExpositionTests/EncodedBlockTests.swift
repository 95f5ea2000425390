import Foundation
import MeshCertCore
import MeshCertTestSupport
import Testing

@testable import MeshCertExposition

@Suite("Stable families kept as text in blocks")
struct EncodedBlockTests {
    private static let now = Reference.now

    /// A leaf per place, each with a serial of its own: `generation` stands for a rotation.
    private func summary(place: Int, generation: Int = 0) -> CertificateSummary {
        CertificateSummary(
            fingerprintSHA256: String(repeating: "0", count: 48) + String(format: "%08x%08x", place, generation),
            serialHex: String(format: "%x%04x", place, generation), version: 3,
            subject: "CN=workload-\(place)-\(generation)", issuer: "CN=Issuing CA",
            subjectCN: "workload-\(place)-\(generation)", issuerCN: "Issuing CA",
            notBefore: Self.now - 3600 + Double(generation),
            // Place 42 reaches the workload warning threshold (4 h) between the fourth and fifth scrape.
            notAfter: Self.now + (place == 42 ? 4 * 3600 + 210 : 20 * 3600 + Double(place)),
            basicConstraints: .notCA, subjectKeyIdentifier: nil, authorityKeyIdentifier: [1, 2, 3], hasValidSelfSignature: false,
            spiffeID: "spiffe://cluster.local/ns/shop/sa/w\(place)", dnsNames: ["w\(place).shop.svc"], ipAddresses: [],
            keyAlgorithm: "ecdsa_p256", signatureAlgorithm: "ecdsa_sha256", extendedKeyUsage: ["server_auth", "client_auth"],
            parseWarnings: []
        )
    }

    private func outcome(_ places: [Int], summaries: [Int: CertificateSummary]) -> [SourceOutcome] {
        let certificates = places.map { place in
            ObservedCertificate(location: String(format: "/certs/w-%05d.pem", place), chainIndex: 0, summary: summaries[place]!)
        }
        return [SourceOutcome(descriptor: SourceDescriptor(name: "mount", kind: .file), report: SourceReport(certificates: certificates), duration: 0.01)]
    }

    private func text(_ snapshot: CollectionSnapshot, _ labels: LabelTextCache) -> String {
        String(decoding: ExpositionEncoder.encode(SnapshotFamilies.build(snapshot, labels: labels, collectors: .all)), as: UTF8.self)
    }

    @Test("kept blocks give the text a fresh exposition writes, and only blocks whose certificates changed are written again")
    func keptBlocksMatchFreshText() {
        var summaries = Dictionary(uniqueKeysWithValues: (0..<3000).map { ($0, summary(place: $0)) })
        var places = Array(0..<3000)
        var judge = CollectionJudge()
        let kept = LabelTextCache()

        func scrape(_ minute: Double) -> (kept: String, fresh: String, written: Int) {
            let snapshot = judge.judge(outcome(places, summaries: summaries), now: Self.now + minute * 60)
            let before = kept.blocksWritten
            let keptText = text(snapshot, kept)
            return (keptText, text(snapshot, LabelTextCache()), kept.blocksWritten - before)
        }

        let first = scrape(0)
        #expect(first.kept == first.fresh)
        #expect(first.written > 1, "3,000 places make several blocks (about 12): \(first.written)")
        #expect(first.kept.contains(#"subject_cn="workload-1500-0""#))
        // Blocks written on several cores come back in order: every place once, in label order.
        let notAfterPlaces = first.kept.split(separator: "\n").filter { $0.hasPrefix("meshcert_cert_not_after_timestamp_seconds{") }
            .map { $0.split(separator: "location=\"")[1].prefix { $0 != "\"" } }
        #expect(notAfterPlaces.count == 3000)
        #expect(notAfterPlaces == notAfterPlaces.sorted())

        // One rotation: its block alone is written again, with the new CN and rotations_total 1.
        summaries[1500] = summary(place: 1500, generation: 1)
        let rotated = scrape(1)
        #expect(rotated.kept == rotated.fresh)
        #expect(rotated.written == 1)
        #expect(rotated.kept.contains(#"subject_cn="workload-1500-1""#))
        #expect(!rotated.kept.contains(#"subject_cn="workload-1500-0""#))
        #expect(rotated.kept.contains(#"meshcert_cert_rotations_total{source="mount",source_kind="file",location="/certs/w-01500.pem",chain_index="0",layer="workload"} 1"#))

        // A place added and one removed change their own blocks, not every block after them.
        places.removeAll { $0 == 700 }
        summaries[5000] = summary(place: 5000)
        places.append(5000)
        let moved = scrape(2)
        #expect(moved.kept == moved.fresh)
        #expect(moved.written <= 4, "written again: \(moved.written) of \(first.written)")
        #expect(!moved.kept.contains("w-00700.pem"))
        #expect(moved.kept.contains("w-05000.pem"))

        // Nothing changed: nothing is written.
        let same = scrape(3)
        #expect(same.kept == same.fresh)
        #expect(same.written == 0)

        // A certificate's state crossed a threshold: its block alone is written again.
        let warning = scrape(4)
        #expect(warning.kept == warning.fresh)
        #expect(warning.written == 1)
        #expect(warning.kept.contains(#"meshcert_cert_expiry_state{source="mount",source_kind="file",location="/certs/w-00042.pem",chain_index="0",layer="workload"} 1"#))
        #expect(same.kept.contains(#"meshcert_cert_expiry_state{source="mount",source_kind="file",location="/certs/w-00042.pem",chain_index="0",layer="workload"} 0"#))
    }

    @Test("blocks are cut where places begin, never inside a run of one place's certificates, and cover every certificate")
    func blockRangesCoverInOrder() {
        let shared = summary(place: 0)
        let certificates = (0..<20_000).flatMap { place in
            (0..<3).map { index in
                JudgedCertificate(
                    identity: CertificateIdentity(source: "s", sourceKind: .file, location: "/p/\(place)", chainIndex: index),
                    summary: shared, layer: .workload, state: .ok, expiresIn: 0, lifetimeElapsedRatio: 0, rotations: 0
                )
            }
        }
        let ranges = LabelTextCache.blockRanges(certificates, order: Array(certificates.indices))
        #expect(ranges.first?.lowerBound == 0)
        #expect(ranges.last?.upperBound == certificates.count)
        #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
        #expect(ranges.dropFirst().allSatisfy { certificates[$0.lowerBound].identity.chainIndex == 0 })
        // At most the maximum plus the rest of the place it reached it in (three certificates a place here).
        #expect(ranges.allSatisfy { $0.count <= LabelTextCache.blockMaximum + 2 })
        // A boundary every 256 places on average (String hashes are seeded per process): about 78 blocks,
        // give or take 9; these bounds are more than five of those away.
        #expect(ranges.count > 30 && ranges.count < 200, "\(ranges.count) blocks for 60,000 certificates")
    }

    @Test("source_up lines are kept while a source's places hold, in label order across sources, and follow a place that goes down")
    func placeLinesFollowTheirSource() {
        func snapshot(_ downAt: Int?) -> CollectionSnapshot {
            var judge = CollectionJudge()
            // "a b" sorts before "a" in label text (a space before the closing quote), after it as a string.
            let outcomes = ["a", "a b"].map { name in
                SourceOutcome(
                    descriptor: SourceDescriptor(name: name, kind: .file),
                    report: SourceReport(
                        locations: (0..<300).map { LocationStatus(location: "/certs/\($0).pem", isUp: $0 != downAt, lastChange: Self.now - Double($0)) }
                    ),
                    duration: 0.01
                )
            }
            return judge.judge(outcomes, now: Self.now)
        }
        let kept = LabelTextCache()
        let first = snapshot(nil)
        #expect(text(first, kept) == text(first, LabelTextCache()))
        #expect(text(first, kept) == text(first, kept))
        let upLines = text(first, kept).split(separator: "\n").filter { $0.hasPrefix("meshcert_source_up{") }
        #expect(upLines.count == 600)
        #expect(upLines.first?.hasPrefix(#"meshcert_source_up{source="a b""#) == true)
        #expect(upLines == upLines.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })

        let down = snapshot(7)
        let downText = text(down, kept)
        #expect(downText == text(down, LabelTextCache()))
        #expect(downText.contains(#"meshcert_source_up{source="a",source_kind="file",location="/certs/7.pem"} 0"#))
    }

    @Test("after gzip answers alone, kept text is held deflated only; a plain scraper gets it inflated, the same, and it is kept while plain scrapers come")
    func plainTextDroppedAndInflated() throws {
        let summaries = Dictionary(uniqueKeysWithValues: (0..<2000).map { ($0, summary(place: $0)) })
        var judge = CollectionJudge()
        let kept = LabelTextCache()
        let snapshot = judge.judge(outcome(Array(0..<2000), summaries: summaries), now: Self.now)
        let plain = text(snapshot, kept)
        // A gzip answer deflates every kept piece; then, with no plain scraper seen, the plain text goes.
        for lines in kept.keptLines() { _ = try lines.deflated() }
        let start = ContinuousClock.now
        kept.settle(answeredPlain: false, at: start)
        #expect(kept.keptLines().count > 3)
        #expect(kept.keptLines().allSatisfy { !$0.holdsPlain || $0.count == 0 })
        // A plain scraper: the text is inflated, byte for byte the same, and kept.
        #expect(text(snapshot, kept) == plain)
        kept.settle(answeredPlain: true, at: start + .seconds(1))
        #expect(kept.keptLines().allSatisfy { $0.holdsPlain })
        // Gzip answers within ten minutes of it keep the plain text; after that they drop it again.
        kept.settle(answeredPlain: false, at: start + .seconds(300))
        #expect(kept.keptLines().allSatisfy { $0.holdsPlain })
        kept.settle(answeredPlain: false, at: start + .seconds(700))
        #expect(kept.keptLines().allSatisfy { !$0.holdsPlain || $0.count == 0 })
        #expect(text(snapshot, kept) == plain)
    }
}
