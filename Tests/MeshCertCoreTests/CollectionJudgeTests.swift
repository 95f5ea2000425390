import Foundation
import MeshCertCore
import MeshCertFixtures
import MeshCertTestSupport
import Testing

@Suite("Collections: rotations, chains, error counts")
struct CollectionJudgeTests {
    private func outcome(_ certificates: [IssuedCertificate], location: String = "/mnt/cert-chain.pem", errors: [SourceError] = []) -> SourceOutcome {
        SourceOutcome(
            descriptor: SourceDescriptor(name: "mount", kind: .file),
            report: SourceReport(
                certificates: certificates.enumerated().map { ObservedCertificate(location: location, chainIndex: $0, summary: TestPKI.summary($1)) },
                freshErrors: errors
            ),
            duration: 0.01
        )
    }

    @Test("a different certificate at the same identity counts as one rotation; the same one does not")
    func rotations() throws {
        let first = try TestPKI()
        let second = try TestPKI()
        var judge = CollectionJudge()
        #expect(judge.judge([outcome([first.workload])], now: Reference.now).certificates[0].rotations == 0)
        #expect(judge.judge([outcome([first.workload])], now: Reference.now + 60).certificates[0].rotations == 0)
        #expect(judge.judge([outcome([second.workload])], now: Reference.now + 120).certificates[0].rotations == 1)
        #expect(judge.judge([outcome([first.workload])], now: Reference.now + 180).certificates[0].rotations == 2)
    }

    @Test("two sources reading one path count their rotations apart; a place gone for an hour starts again")
    func rotationsBySource() throws {
        let first = try TestPKI()
        let second = try TestPKI()
        let read = { (source: String, pki: TestPKI) in
            SourceOutcome(
                descriptor: SourceDescriptor(name: source, kind: .file),
                report: SourceReport(certificates: [ObservedCertificate(location: "/mnt/tls.crt", chainIndex: 0, summary: TestPKI.summary(pki.workload))]),
                duration: 0
            )
        }
        var judge = CollectionJudge()
        for minute in 0..<3 {
            // Each source always reads its own certificate at the same path: no rotation, whichever was judged last.
            let snapshot = judge.judge([read("a", first), read("b", second)], now: Reference.now + Double(minute) * 30)
            #expect(snapshot.certificates.map(\.rotations) == [0, 0])
        }
        #expect(judge.judge([read("a", second), read("b", second)], now: Reference.now + 120).certificates.map(\.rotations) == [1, 0])
        // "a" is not read for over an hour (the forgetting runs with the once-a-minute judgement): its count starts again.
        _ = judge.judge([read("b", second)], now: Reference.now + 200)
        _ = judge.judge([read("b", second)], now: Reference.now + 3900)
        #expect(judge.judge([read("a", first), read("b", second)], now: Reference.now + 4000).certificates.map(\.rotations) == [0, 0])
    }

    @Test("one identity read twice in a collection is kept once, and a rotation counts once, not at every read")
    func duplicateIdentity() throws {
        let old = try TestPKI()
        let new = try TestPKI()
        var judge = CollectionJudge()
        let twice = [outcome([old.workload]), outcome([new.workload])]
        let first = judge.judge(twice, now: Reference.now)
        #expect(first.certificates.count == 1)
        #expect(first.certificates[0].summary.fingerprintSHA256 == TestPKI.summary(old.workload).fingerprintSHA256)
        #expect(judge.judge(twice, now: Reference.now + 60).certificates[0].rotations == 0)
        #expect(judge.judge([outcome([new.workload])], now: Reference.now + 120).certificates[0].rotations == 1)
    }

    @Test("an issuing CA stays issuing when a collection holds no leaf it signed, so its series keep their layer")
    func stableIssuingLayer() throws {
        let pki = try TestPKI()
        let rotated = try TestPKI()
        var judge = CollectionJudge()
        let cacerts = { (issuing: IssuedCertificate) in
            SourceOutcome(
                descriptor: SourceDescriptor(name: "cacerts", kind: .secret),
                report: SourceReport(certificates: [ObservedCertificate(location: "istio-system/cacerts/ca-cert.pem", chainIndex: 0, summary: TestPKI.summary(issuing))]),
                duration: 0.01
            )
        }
        let withLeaf = judge.judge([cacerts(pki.issuing), outcome([pki.workload])], now: Reference.now)
        #expect(withLeaf.certificates.first { $0.identity.source == "cacerts" }?.layer == .issuing)
        // The proxy dumps missed this scrape: no leaf is read.
        #expect(judge.judge([cacerts(pki.issuing)], now: Reference.now + 60).certificates[0].layer == .issuing)
        // A new issuing CA rotated in at the same place has signed nothing yet.
        #expect(judge.judge([cacerts(rotated.issuing)], now: Reference.now + 120).certificates[0].layer == .issuing)
        // Without history, no evidence means intermediate.
        var fresh = CollectionJudge()
        #expect(fresh.judge([cacerts(pki.issuing)], now: Reference.now).certificates[0].layer == .intermediate)

        // With issuing_memory longer than the hour rotations are remembered: the place is not read for two
        // hours, then holds another CA. It is still issuing (its evidence is 24 hours long), and its rotation
        // count starts again, as for any place not read for an hour.
        var long = CollectionJudge(issuingMemory: 86_400)
        _ = long.judge([cacerts(pki.issuing), outcome([pki.workload])], now: Reference.now)
        #expect(long.judge([cacerts(rotated.issuing)], now: Reference.now + 120).certificates[0].rotations == 1)
        _ = long.judge([outcome([pki.workload])], now: Reference.now + 200)
        _ = long.judge([outcome([pki.workload])], now: Reference.now + 7300)
        let back = long.judge([cacerts(pki.issuing)], now: Reference.now + 7400).certificates[0]
        #expect(back.layer == .issuing)
        #expect(back.rotations == 0)
    }

    @Test("a CA is remembered as issuing by fingerprint wherever it is read, for issuing_memory after the last leaf it signed")
    func issuingMemoryByFingerprint() throws {
        let pki = try TestPKI()
        var judge = CollectionJudge(issuingMemory: 3600)
        let ca = { (location: String) in
            SourceOutcome(
                descriptor: SourceDescriptor(name: "bundles", kind: .file),
                report: SourceReport(certificates: [ObservedCertificate(location: location, chainIndex: 0, summary: TestPKI.summary(pki.issuing))]),
                duration: 0
            )
        }
        _ = judge.judge([ca("/a/ca.pem"), outcome([pki.workload])], now: Reference.now)
        // The leaves are gone; the same CA is now read at a place it was never read before.
        #expect(judge.judge([ca("/b/ca.pem")], now: Reference.now + 1800).certificates[0].layer == .issuing)
        // An hour after the last leaf it signed, the evidence has run out.
        #expect(judge.judge([ca("/b/ca.pem")], now: Reference.now + 3700).certificates[0].layer == .intermediate)
        #expect(judge.judge([ca("/a/ca.pem")], now: Reference.now + 3800).certificates[0].layer == .intermediate)
    }

    @Test("an issuer that expires before the leaf it signed is flagged on the chain")
    func issuerExpiresFirst() throws {
        let healthy = try TestPKI()
        var judge = CollectionJudge()
        let ok = judge.judge([outcome([healthy.workload, healthy.issuing])], now: Reference.now)
        #expect(ok.chains.map(\.issuerExpiresFirst) == [false])
        #expect(ok.chains[0].earliestNotAfter == healthy.workload.certificate.notValidAfter)

        // The issuing CA has 6 hours left, its workload 18.
        let doomed = try TestPKI(workloadLeft: 18 * Reference.hour, issuingLeft: 6 * Reference.hour)
        let bad = judge.judge([outcome([doomed.workload, doomed.issuing])], now: Reference.now)
        #expect(bad.chains.map(\.issuerExpiresFirst) == [true])
        #expect(bad.chains[0].earliestNotAfter == doomed.issuing.certificate.notValidAfter)
    }

    @Test("errors accumulate per source and reason")
    func errorCounts() throws {
        var judge = CollectionJudge()
        let error = SourceError(location: "/x.pem", reason: .badPEM, message: "broken")
        _ = judge.judge([outcome([], errors: [error])], now: Reference.now)
        let second = judge.judge([outcome([], errors: [error, SourceError(location: "/y", reason: .notFound, message: "gone")])], now: Reference.now)
        #expect(second.sources[0].errorCounts == [.badPEM: 2, .notFound: 1])
    }
}
