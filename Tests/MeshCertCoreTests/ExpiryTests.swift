import Foundation
import MeshCertCore
import MeshCertTestSupport
import Testing

@Suite("Thresholds and expiry state")
struct ExpiryTests {
    static let workloadCases: [(TimeInterval, ExpiryState)] = [
        (14_401, .ok), (14_400, .ok), (14_399, .warning), (3600, .warning), (3599, .critical), (0, .critical), (-1, .expired),
    ]

    @Test("defaults per layer follow the contract")
    func defaults() {
        let defaults = LayerThresholds.defaults
        #expect(defaults[.workload] == ExpiryThresholds(warning: 4 * 3600, critical: 3600))
        #expect(defaults[.issuing] == ExpiryThresholds(warning: 30 * 86_400, critical: 7 * 86_400))
        #expect(defaults[.intermediate] == ExpiryThresholds(warning: 180 * 86_400, critical: 30 * 86_400))
        #expect(defaults[.root] == ExpiryThresholds(warning: 730 * 86_400, critical: 180 * 86_400))
    }

    @Test(
        "boundaries: below a threshold counts, at it does not; expired once NotAfter has passed",
        arguments: ExpiryTests.workloadCases
    )
    func workloadBoundaries(expiresIn: TimeInterval, expected: ExpiryState) {
        #expect(LayerThresholds.defaults[.workload].state(expiresIn: expiresIn) == expected)
    }

    @Test("the same time left is ok for a workload and critical for a root")
    func perLayer() {
        let thirtyDays: TimeInterval = 30 * 86_400
        #expect(LayerThresholds.defaults[.workload].state(expiresIn: thirtyDays) == .ok)
        #expect(LayerThresholds.defaults[.issuing].state(expiresIn: thirtyDays) == .ok)
        #expect(LayerThresholds.defaults[.intermediate].state(expiresIn: thirtyDays) == .warning)
        #expect(LayerThresholds.defaults[.root].state(expiresIn: thirtyDays) == .critical)
    }

    @Test("judging uses each source's own thresholds and the layer of each certificate")
    func judgedState() throws {
        let pki = try TestPKI(workloadLeft: 30 * 60, issuingLeft: 20 * Reference.day)
        var strict = LayerThresholds.defaults
        strict[.issuing] = ExpiryThresholds(warning: 60 * Reference.day, critical: 25 * Reference.day)
        let certificates = [pki.workload, pki.issuing].enumerated().map { index, issued in
            ObservedCertificate(location: "/chain.pem", chainIndex: index, summary: TestPKI.summary(issued))
        }
        var judge = CollectionJudge()
        let relaxed = judge.judge(
            [SourceOutcome(descriptor: SourceDescriptor(name: "a", kind: .file), report: SourceReport(certificates: certificates), duration: 0)],
            now: Reference.now
        )
        #expect(relaxed.certificates.map(\.state) == [.critical, .warning])
        let overridden = judge.judge(
            [SourceOutcome(descriptor: SourceDescriptor(name: "a", kind: .file, thresholds: strict), report: SourceReport(certificates: certificates), duration: 0)],
            now: Reference.now
        )
        #expect(overridden.certificates.map(\.state) == [.critical, .critical])
        let workload = try #require(overridden.certificates.first)
        #expect(workload.expiresIn == 30 * 60)
        #expect(abs(workload.lifetimeElapsedRatio - (Reference.day - 1800) / Reference.day) < 1e-9)
    }

    @Test("durations as operators write them")
    func durations() {
        #expect(DurationText.parse("4h") == TimeInterval(4 * 3600))
        #expect(DurationText.parse("30d") == TimeInterval(30 * 86_400))
        #expect(DurationText.parse("2y") == TimeInterval(2 * 365 * 86_400))
        #expect(DurationText.parse("1d12h") == TimeInterval(36 * 3600))
        #expect(DurationText.parse("90s") == TimeInterval(90))
        #expect(DurationText.parse("1w") == TimeInterval(7 * 86_400))
        #expect(DurationText.parse("500ms") == TimeInterval(0.5))
        #expect(DurationText.parse("") == nil)
        #expect(DurationText.parse("4") == nil)
        #expect(DurationText.parse("4x") == nil)
        #expect(DurationText.parse("h") == nil)
        #expect(DurationText.format(29 * 86_400 + 23 * 3600 + 5) == "29d 23h")
        #expect(DurationText.format(3600) == "1h")
        #expect(DurationText.format(-90) == "-1m 30s")
        #expect(DurationText.format(0) == "0s")
    }
}
