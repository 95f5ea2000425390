import AsyncHTTPClient
import Foundation
import MeshCertCore
import MeshCertParsers
import NIOCore
import Synchronization

/// The share of mesh traffic that is mTLS-encrypted, from the mesh's own counters: proxies' stats
/// URLs (Envoy `:15090/stats/prometheus`, Istio's merged `:15020/stats/prometheus`, Linkerd `:4191/metrics`)
/// polled every `interval`, saved stats files (a snapshot: lifetime values), or a Prometheus server
/// that already scrapes the mesh (asked for the window's increases).
public final class MeshStatsSource: TrafficSource {
    public struct Options: Sendable, Hashable {
        public var urls: [String]
        public var files: [String]
        public var prometheusURL: String?
        public var interval: TimeInterval
        public var window: TimeInterval
        public var minimumEvents: Double
        public var timeout: TimeInterval
        public var maxBytes: Int
        /// Bearer token, basic auth and TLS for the URLs and the Prometheus server (`http_config`).
        public var credentials = HTTPCredentials()

        public init(
            urls: [String] = [], files: [String] = [], prometheusURL: String? = nil, interval: TimeInterval = 15, window: TimeInterval = 300,
            minimumEvents: Double = 10, timeout: TimeInterval = 5, maxBytes: Int = 64 << 20
        ) {
            self.urls = urls
            self.files = files
            self.prometheusURL = prometheusURL
            self.interval = interval
            self.window = window
            self.minimumEvents = minimumEvents
            self.timeout = timeout
            self.maxBytes = maxBytes
        }
    }

    private struct State {
        var accumulator: TrafficAccumulator
        var polled = false
        var urlProblems: [String: SourceError] = [:]
        var freshness = FreshErrorFilter()
    }

    public let descriptor: SourceDescriptor
    public let options: Options
    private let state: Mutex<State>

    public init(descriptor: SourceDescriptor, options: Options) {
        self.descriptor = descriptor
        self.options = options
        self.state = Mutex(State(accumulator: TrafficAccumulator(window: options.window)))
    }

    public var targets: [String] {
        (options.urls + options.files + (options.prometheusURL.map { ["\($0) (Prometheus API)"] } ?? [])).map(RedactedURL.shown)
    }

    /// Polls every stats URL once, at once; one target's failure is its own. Called every `interval`.
    public func poll(now: Date = Date()) async {
        guard !options.urls.isEmpty else { return }
        let results = await withTaskGroup(of: (String, Result<[UInt8], SourceError>).self) { group in
            for url in options.urls {
                group.addTask { (url, await self.fetch(url)) }
            }
            var results: [(String, Result<[UInt8], SourceError>)] = []
            for await result in group { results.append(result) }
            return results
        }
        // One pod named at two endpoints (15020 and 15090) is one target: the same series count once.
        var byHost: [String: [String: TrafficSample]] = [:]
        var problems: [String: SourceError] = [:]
        for (url, result) in results.sorted(by: { $0.0 < $1.0 }) {
            switch result {
            case .failure(let error): problems[url] = error
            case .success(let bytes):
                let read = MeshStatsReader.read(bytes)
                if let issue = read.issues.first {
                    problems[url] = SourceError(
                        location: RedactedURL.shown(url), reason: .badDocument,
                        message: "\(read.issues.count) line(s) of the stats do not parse, first \(issue); the rest is used"
                    )
                }
                let host = URL(string: url)?.host ?? url
                for sample in read.samples {
                    if let known = byHost[host]?[sample.series], known.value >= sample.value { continue }
                    byHost[host, default: [:]][sample.series] = sample
                }
            }
        }
        state.withLock { state in
            for (host, samples) in byHost {
                state.accumulator.observe(target: host, samples: Array(samples.values), at: now)
            }
            state.urlProblems = problems
            state.polled = true
        }
    }

    public func collect(_ context: CollectionContext) async -> TrafficReport {
        if !options.urls.isEmpty, !state.withLock({ $0.polled }) { await poll(now: context.now) }
        var report = TrafficReport()
        var problems: [SourceError] = []
        var figures = state.withLock { $0.accumulator.figures(at: context.now) }
        figures.minimumEvents = options.minimumEvents
        let urlProblems = state.withLock { $0.urlProblems }
        for url in options.urls {
            report.locations.append(
                LocationStatus(location: RedactedURL.shown(url), isUp: urlProblems[url] == nil || urlProblems[url]?.reason == .badDocument)
            )
            if let problem = urlProblems[url] { problems.append(problem) }
        }
        for file in options.files {
            switch FileSystem.read(file, limit: options.maxBytes) {
            case .failure(let failure):
                problems.append(SourceError(location: file, reason: failure.reason, message: failure.message))
                report.locations.append(LocationStatus(location: file, isUp: false))
            case .success(let bytes):
                let read = MeshStatsReader.read(bytes)
                // A saved file is a snapshot: its ratio is over the lifetime values it holds.
                var snapshot = TrafficAccumulator(window: .infinity)
                snapshot.observe(target: file, samples: read.samples, at: context.now)
                var fileFigures = snapshot.figures(at: context.now)
                fileFigures.totals = fileFigures.window
                figures.merge(fileFigures)
                if let issue = read.issues.first {
                    problems.append(
                        SourceError(
                            location: file, reason: .badDocument,
                            message: "\(read.issues.count) line(s) do not parse, first \(issue); the rest is used"
                        )
                    )
                }
                report.locations.append(LocationStatus(location: file, isUp: true))
            }
        }
        if let prometheusURL = options.prometheusURL {
            let query = PrometheusTrafficQuery(base: prometheusURL, credentials: options.credentials, window: options.window, timeout: options.timeout)
            switch await query.window(at: context.now) {
            case .success(let window):
                figures.merge(TrafficFigures(window: window, minimumEvents: options.minimumEvents))
                report.locations.append(LocationStatus(location: RedactedURL.shown(prometheusURL), isUp: true))
            case .failure(let error):
                problems.append(error)
                report.locations.append(LocationStatus(location: RedactedURL.shown(prometheusURL), isUp: false))
            }
        }
        report.traffic = figures
        report.freshErrors = state.withLock { $0.freshness.fresh(problems) }
        return report
    }

    private func fetch(_ url: String) async -> Result<[UInt8], SourceError> {
        await HTTPFetch.get(url, credentials: options.credentials, timeout: options.timeout, maxBytes: options.maxBytes)
    }
}
