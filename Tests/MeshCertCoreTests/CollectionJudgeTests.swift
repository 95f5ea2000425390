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
