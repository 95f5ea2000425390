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
public final class MeshStatsSource: CertificateSource {
    public struct Options: Sendable, Hashable {
        public var urls: [String]
        public var files: [String]
        public var prometheusURL: String?
        public var interval: TimeInterval
        public var window: TimeInterval
        public var minimumEvents: Double
        public var timeout: TimeInterval
        public var maxBytes: Int

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

    public var targets: [String] { options.urls + options.files + (options.prometheusURL.map { ["\($0) (Prometheus API)"] } ?? []) }

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
                        location: url, reason: .badDocument,
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

    public func collect(_ context: CollectionContext) async -> SourceReport {
        if !options.urls.isEmpty, !state.withLock({ $0.polled }) { await poll(now: context.now) }
        var report = SourceReport()
        var problems: [SourceError] = []
        var figures = state.withLock { $0.accumulator.figures(at: context.now) }
        figures.minimumEvents = options.minimumEvents
        let urlProblems = state.withLock { $0.urlProblems }
        for url in options.urls {
            report.locations.append(LocationStatus(location: url, isUp: urlProblems[url] == nil || urlProblems[url]?.reason == .badDocument))
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
            switch await PrometheusTrafficQuery(base: prometheusURL, window: options.window, timeout: options.timeout).window(at: context.now) {
            case .success(let window):
                figures.merge(TrafficFigures(window: window, minimumEvents: options.minimumEvents))
                report.locations.append(LocationStatus(location: prometheusURL, isUp: true))
            case .failure(let error):
                problems.append(error)
                report.locations.append(LocationStatus(location: prometheusURL, isUp: false))
            }
        }
        report.traffic = figures
        report.freshErrors = state.withLock { $0.freshness.fresh(problems) }
        return report
    }

    private func fetch(_ url: String) async -> Result<[UInt8], SourceError> {
        await HTTPFetch.get(url, timeout: options.timeout, maxBytes: options.maxBytes)
    }
}

/// One GET with the exporter's own reasons for what went wrong.
enum HTTPFetch {
    static func get(_ url: String, timeout: TimeInterval, maxBytes: Int) async -> Result<[UInt8], SourceError> {
        do {
            var request = HTTPClientRequest(url: url)
            request.headers.add(name: "Accept", value: "text/plain;version=0.0.4;q=1,*/*;q=0.1")
            let response = try await HTTPClient.shared.execute(request, timeout: .milliseconds(Int64(timeout * 1000)))
            guard response.status == .ok else {
                return .failure(SourceError(location: url, reason: .httpStatus, message: "answered HTTP \(response.status.code) \(response.status.reasonPhrase)"))
            }
            let body = try await response.body.collect(upTo: maxBytes)
            return .success(Array(body.readableBytesView))
        } catch {
            return .failure(SourceError(location: url, reason: reason(for: error), message: "could not be fetched: \(error)"))
        }
    }

    static func reason(for error: any Error) -> SourceErrorReason {
        let text = String(describing: error).lowercased()
        if text.contains("refused") { return .connectRefused }
        if text.contains("timeout") || text.contains("timed out") || text.contains("deadline") { return .connectTimeout }
        if text.contains("dns") || text.contains("resolve") || text.contains("no address") || text.contains("unknown host") { return .dns }
        if text.contains("tls") || text.contains("ssl") || text.contains("handshake") { return .tlsHandshake }
        if text.contains("body") && text.contains("too") { return .tooLarge }
        return .connectRefused
    }
}

/// Asks a Prometheus server that already scrapes the mesh for the window's destination-side totals.
struct PrometheusTrafficQuery {
    let base: String
    let window: TimeInterval
    let timeout: TimeInterval

    /// Kiali's numbers: destination-reported increases by namespace and security policy.
    func window(at now: Date) async -> Result<[TrafficKey: TrafficCounts], SourceError> {
        let range = "\(Int(window))s"
        let queries: [(TrafficSample.Kind, String, String, String)] = [
            (.requests, "sum by (destination_workload_namespace, connection_security_policy) (increase(istio_requests_total{reporter=\"destination\"}[\(range)]))", "destination_workload_namespace", "connection_security_policy"),
            (.connections, "sum by (destination_workload_namespace, connection_security_policy) (increase(istio_tcp_connections_opened_total{reporter=\"destination\"}[\(range)]))", "destination_workload_namespace", "connection_security_policy"),
            (.requests, "sum by (namespace, tls) (increase(request_total{direction=\"inbound\",target_port!=\"4191\",no_tls_reason!=\"loopback\"}[\(range)]))", "namespace", "tls"),
            (.connections, "sum by (namespace, tls) (increase(tcp_open_total{direction=\"inbound\",target_port!=\"4191\",no_tls_reason!=\"loopback\"}[\(range)]))", "namespace", "tls"),
        ]
        var counts: [TrafficKey: TrafficCounts] = [:]
        for (kind, query, namespaceLabel, policyLabel) in queries {
            var components = URLComponents(string: base.hasSuffix("/") ? base + "api/v1/query" : base + "/api/v1/query")
            components?.queryItems = [URLQueryItem(name: "query", value: query), URLQueryItem(name: "time", value: String(now.timeIntervalSince1970))]
            guard let url = components?.url?.absoluteString else {
                return .failure(SourceError(location: base, reason: .notFound, message: "is not a URL"))
            }
            let bytes: [UInt8]
            switch await HTTPFetch.get(url, timeout: timeout, maxBytes: 16 << 20) {
            case .success(let body): bytes = body
            case .failure(var error):
                error.location = base
                return .failure(error)
            }
            guard let document = try? JSONTreeParser.parse(bytes), document["status"]?.text == "success",
                let results = document.path("data", "result")?.items
            else {
                return .failure(SourceError(location: base, reason: .badDocument, message: "answered the query API with something that is not a vector result"))
            }
            for result in results {
                guard let value = result["value"]?.items?.last?.text.flatMap(Double.init), value.isFinite else { continue }
                let namespace = result.path("metric", namespaceLabel)?.text ?? "unknown"
                let policyText = result.path("metric", policyLabel)?.text
                let policy: TrafficSample.Policy =
                    switch policyText {
                    case "mutual_tls", "true": .mutualTLS
                    case "none", "no_identity", "false": .none
                    default: .unknown
                    }
                counts[TrafficKey(kind: kind, destinationNamespace: namespace.isEmpty ? "unknown" : namespace), default: TrafficCounts()]
                    .add(policy, value)
            }
        }
        return .success(counts)
    }
}
