import Foundation
import MeshCertCore
import MeshCertTestSupport
import Testing

@Suite("Mesh traffic: deltas, resets and the window")
struct TrafficAccumulatorTests {
    private func sample(_ policy: TrafficSample.Policy, _ value: Double, namespace: String = "shop", series: String? = nil) -> TrafficSample {
        TrafficSample(kind: .requests, destinationNamespace: namespace, policy: policy, value: value, series: series ?? "\(namespace)-\(policy.rawValue)")
    }

    private let shop = TrafficKey(kind: .requests, destinationNamespace: "shop")

    @Test("before one window has passed, the ratio is over the counters' lifetime values")
    func lifetimeFirst() {
        var accumulator = TrafficAccumulator(window: 300)
        accumulator.observe(target: "10.0.0.1", samples: [sample(.mutualTLS, 900), sample(.none, 100)], at: Reference.now)
        let figures = accumulator.figures(at: Reference.now + 60)
        #expect(figures.window[shop] == TrafficCounts(mutualTLS: 900, plaintext: 100))
        #expect(figures.window[shop]?.mTLSRatio(minimumEvents: 10) == 0.9)
        // Counters since the exporter started: the first poll is only the baseline.
        #expect(figures.totals[shop] == TrafficCounts())
    }

    @Test("after one window, only the deltas inside it count")
    func windowed() {
        var accumulator = TrafficAccumulator(window: 300)
        let t0 = Reference.now
        accumulator.observe(target: "a", samples: [sample(.mutualTLS, 1000), sample(.none, 1000)], at: t0)
        accumulator.observe(target: "a", samples: [sample(.mutualTLS, 1100), sample(.none, 1100)], at: t0 + 100)  // +100 / +100
        accumulator.observe(target: "a", samples: [sample(.mutualTLS, 1400), sample(.none, 1100)], at: t0 + 350)  // +300 / 0
        let figures = accumulator.figures(at: t0 + 420)
        // The first delta (at t0+100) is older than 300 s at t0+420.
        #expect(figures.window[shop] == TrafficCounts(mutualTLS: 300))
        #expect(figures.window[shop]?.mTLSRatio(minimumEvents: 10) == 1)
        #expect(figures.totals[shop] == TrafficCounts(mutualTLS: 400, plaintext: 100))
        // Nothing new for a whole window: zero events, no ratio.
        let later = accumulator.figures(at: t0 + 700)
        #expect(later.window[shop] == TrafficCounts())
        #expect(later.window[shop]?.mTLSRatio(minimumEvents: 10) == nil)
    }

    @Test("a counter that drops means the proxy restarted: its new value is new traffic, never a negative delta")
    func resets() {
        var accumulator = TrafficAccumulator(window: 300)
        let t0 = Reference.now
        accumulator.observe(target: "a", samples: [sample(.mutualTLS, 5000)], at: t0)
        accumulator.observe(target: "a", samples: [sample(.mutualTLS, 5050)], at: t0 + 15)
        accumulator.observe(target: "a", samples: [sample(.mutualTLS, 20)], at: t0 + 30)  // restarted
        accumulator.observe(target: "a", samples: [sample(.mutualTLS, 70)], at: t0 + 45)
        #expect(accumulator.figures(at: t0 + 400).totals[shop] == TrafficCounts(mutualTLS: 50 + 20 + 50))
    }

    @Test("a series that appears after the first poll counts from zero; each target's series are its own")
    func newSeriesAndTargets() {
        var accumulator = TrafficAccumulator(window: 300)
        let t0 = Reference.now
        accumulator.observe(target: "a", samples: [sample(.mutualTLS, 10)], at: t0)
        accumulator.observe(target: "b", samples: [sample(.mutualTLS, 500)], at: t0)
        accumulator.observe(target: "a", samples: [sample(.mutualTLS, 20), sample(.none, 5)], at: t0 + 15)
        accumulator.observe(target: "b", samples: [sample(.mutualTLS, 510)], at: t0 + 15)
        #expect(accumulator.figures(at: t0 + 300).totals[shop] == TrafficCounts(mutualTLS: 20, plaintext: 5))
    }

    @Test("below the minimum of events there is no ratio; the mesh-wide ratio adds the namespaces")
    func minimumAndMeshWide() {
        let figures = TrafficFigures(
            window: [
                TrafficKey(kind: .requests, destinationNamespace: "a"): TrafficCounts(mutualTLS: 99, plaintext: 1),
                TrafficKey(kind: .requests, destinationNamespace: "b"): TrafficCounts(plaintext: 9),
                TrafficKey(kind: .connections, destinationNamespace: "a"): TrafficCounts(mutualTLS: 3),
            ]
        )
        #expect(figures.window[TrafficKey(kind: .requests, destinationNamespace: "b")]?.mTLSRatio(minimumEvents: 10) == nil)
        #expect(figures.meshWide()[.requests] == TrafficCounts(mutualTLS: 99, plaintext: 10))
        #expect(figures.meshWide()[.requests]?.mTLSRatio(minimumEvents: 10) == 99.0 / 109.0)
        #expect(figures.meshWide()[.connections]?.mTLSRatio(minimumEvents: 10) == nil)
    }

    /// Kiali (graph/telemetry/istio/appender/security_policy.go): per edge, from destination-reported
    /// telemetry, isMTLS = rate[mutual_tls] / (rate[mutual_tls] + Σ rate[every other policy]).
    /// Summed over a namespace's inbound edges, that is the namespace's ratio.
    @Test("the ratios equal Kiali's formula on the same data")
    func kiali() {
        // Destination-side request counts per edge into "shop" over the window, by policy.
        let edges: [(source: String, policy: TrafficSample.Policy, count: Double)] = [
            ("frontend", .mutualTLS, 1200), ("frontend", .none, 30), ("batch", .mutualTLS, 400), ("legacy", .none, 270), ("probe", .unknown, 100),
        ]
        func rate(_ policy: TrafficSample.Policy?) -> Double {
            edges.filter { policy == nil || $0.policy == policy }.reduce(0) { $0 + $1.count } / 300
        }
        let kialiRatio = rate(.mutualTLS) / (rate(.mutualTLS) + rate(TrafficSample.Policy.none) + rate(.unknown))

        var accumulator = TrafficAccumulator(window: 300)
        let t0 = Reference.now
        accumulator.observe(target: "pod", samples: edges.map { sample($0.policy, 0, series: $0.source) }, at: t0)
        accumulator.observe(target: "pod", samples: edges.map { sample($0.policy, $0.count, series: $0.source) }, at: t0 + 300)
        let ours = accumulator.figures(at: t0 + 300).window[shop]?.mTLSRatio(minimumEvents: 10)
        #expect(ours.map { abs($0 - kialiRatio) < 1e-12 } == true)
        #expect(ours.map { abs($0 - 1600.0 / 2000.0) < 1e-12 } == true)
    }
}
