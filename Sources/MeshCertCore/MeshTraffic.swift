import Foundation

/// What a destination proxy said about one of its series: how much traffic, into which namespace,
/// under which security policy.
public struct TrafficSample: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        case requests
        case connections
    }

    public enum Policy: String, Sendable, CaseIterable {
        case mutualTLS = "mutual_tls"
        case none
        case unknown
    }

    public var kind: Kind
    public var destinationNamespace: String
    public var policy: Policy
    /// The series' counter value: a lifetime total that drops to zero when the proxy restarts.
    public var value: Double
    /// Identifies the series within its target, so deltas are taken series by series.
    public var series: String

    public init(kind: Kind, destinationNamespace: String, policy: Policy, value: Double, series: String) {
        self.kind = kind
        self.destinationNamespace = destinationNamespace
        self.policy = policy
        self.value = value
        self.series = series
    }
}

/// One namespace's (or the mesh's) traffic by policy over some span.
public struct TrafficCounts: Sendable, Hashable {
    public var mutualTLS: Double = 0
    public var plaintext: Double = 0
    public var unknown: Double = 0

    public init(mutualTLS: Double = 0, plaintext: Double = 0, unknown: Double = 0) {
        self.mutualTLS = mutualTLS
        self.plaintext = plaintext
        self.unknown = unknown
    }

    public var total: Double { mutualTLS + plaintext + unknown }

    public static func + (lhs: TrafficCounts, rhs: TrafficCounts) -> TrafficCounts {
        TrafficCounts(mutualTLS: lhs.mutualTLS + rhs.mutualTLS, plaintext: lhs.plaintext + rhs.plaintext, unknown: lhs.unknown + rhs.unknown)
    }

    /// Kiali's share: mutual_tls over everything the destinations reported; nil below `minimumEvents`.
    public func mTLSRatio(minimumEvents: Double) -> Double? {
        guard total >= minimumEvents, total > 0 else { return nil }
        return mutualTLS / total
    }

    public mutating func add(_ policy: TrafficSample.Policy, _ amount: Double) {
        switch policy {
        case .mutualTLS: mutualTLS += amount
        case .none: plaintext += amount
        case .unknown: unknown += amount
        }
    }

    public subscript(policy: TrafficSample.Policy) -> Double {
        switch policy {
        case .mutualTLS: mutualTLS
        case .none: plaintext
        case .unknown: unknown
        }
    }
}

public struct TrafficKey: Sendable, Hashable {
    public var kind: TrafficSample.Kind
    public var destinationNamespace: String

    public init(kind: TrafficSample.Kind, destinationNamespace: String) {
        self.kind = kind
        self.destinationNamespace = destinationNamespace
    }
}

/// What the mesh's traffic figures are at one moment: counters since start and the counts the
/// ratios are taken over (the last window, or the counters' lifetime values while younger than one).
public struct TrafficFigures: Sendable {
    public var totals: [TrafficKey: TrafficCounts]
    public var window: [TrafficKey: TrafficCounts]
    /// Below this many events in the window, a ratio is not given: two requests say nothing.
    public var minimumEvents: Double

    public init(totals: [TrafficKey: TrafficCounts] = [:], window: [TrafficKey: TrafficCounts] = [:], minimumEvents: Double = 10) {
        self.totals = totals
        self.window = window
        self.minimumEvents = minimumEvents
    }

    /// Several inputs (URLs and files) add up.
    public mutating func merge(_ other: TrafficFigures) {
        totals.merge(other.totals, uniquingKeysWith: +)
        window.merge(other.window, uniquingKeysWith: +)
        minimumEvents = max(minimumEvents, other.minimumEvents)
    }

    /// The mesh as a whole, per kind of traffic.
    public func meshWide() -> [TrafficSample.Kind: TrafficCounts] {
        var result: [TrafficSample.Kind: TrafficCounts] = [:]
        for (key, counts) in window { result[key.kind, default: TrafficCounts()] = result[key.kind, default: TrafficCounts()] + counts }
        return result
    }
}

/// Per-target, per-series counter deltas with reset handling, kept over a sliding window.
/// A value below the last one means the proxy restarted: the new value is all new traffic.
/// While the accumulator has seen less than one window, ratios use the counters' lifetime values.
public struct TrafficAccumulator: Sendable {
    public let window: TimeInterval
    private var started: Date?
    private var last: [String: [String: Double]] = [:]  // target → series → value
    private var lifetime: [String: [TrafficKey: TrafficCounts]] = [:]  // target → latest lifetime values
    private var totals: [TrafficKey: TrafficCounts] = [:]
    private var deltas: [(at: Date, key: TrafficKey, policy: TrafficSample.Policy, amount: Double)] = []

    public init(window: TimeInterval) {
        self.window = window
    }

    /// One poll of one target. The first poll of a series sets its baseline; later ones add their delta.
    public mutating func observe(target: String, samples: [TrafficSample], at now: Date) {
        if started == nil { started = now }
        var previous = last[target] ?? [:]
        var current: [TrafficKey: TrafficCounts] = [:]
        let firstPoll = last[target] == nil
        for sample in samples {
            let key = TrafficKey(kind: sample.kind, destinationNamespace: sample.destinationNamespace)
            current[key, default: TrafficCounts()].add(sample.policy, sample.value)
            let before = previous[sample.series]
            previous[sample.series] = sample.value
            guard !firstPoll else { continue }
            // A series that appears later started from zero since the last poll; a drop is a restart.
            let delta = before.map { sample.value >= $0 ? sample.value - $0 : sample.value } ?? sample.value
            guard delta > 0 else { continue }
            totals[key, default: TrafficCounts()].add(sample.policy, delta)
            deltas.append((now, key, sample.policy, delta))
        }
        last[target] = previous
        lifetime[target] = current
        if firstPoll {
            for key in current.keys where totals[key] == nil { totals[key] = TrafficCounts() }
        }
        let horizon = now.addingTimeInterval(-window)
        if let firstKept = deltas.firstIndex(where: { $0.at > horizon }) {
            deltas.removeFirst(firstKept)
        } else {
            deltas.removeAll()
        }
    }

    /// The figures at `now`: over the last window once one has passed, else over lifetime values.
    public func figures(at now: Date) -> TrafficFigures {
        var counts: [TrafficKey: TrafficCounts] = [:]
        if let started, now.timeIntervalSince(started) >= window {
            let horizon = now.addingTimeInterval(-window)
            for delta in deltas where delta.at > horizon { counts[delta.key, default: TrafficCounts()].add(delta.policy, delta.amount) }
            for key in totals.keys where counts[key] == nil { counts[key] = TrafficCounts() }
        } else {
            for perTarget in lifetime.values { counts.merge(perTarget, uniquingKeysWith: +) }
        }
        return TrafficFigures(totals: totals, window: counts, minimumEvents: 0)
    }
}
