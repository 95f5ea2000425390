import MeshCertCore
import MeshCertParsers

/// Turns a proxy's Prometheus text into destination-side traffic samples.
///
/// Only what the destination reported counts: the source side of an Istio sidecar always says
/// `connection_security_policy="unknown"` (it cannot know how the far end terminated), and counting
/// both sides would count every request twice. Istio: `reporter="destination"`, or `"waypoint"` for a
/// workload with no destination series (ambient). Linkerd: `direction="inbound"`, `tls="true"` is
/// mTLS; the proxy's own admin port (4191, where Prometheus and this exporter scrape it) and loopback
/// traffic are not mesh traffic and are left out.
enum MeshStatsReader {
    static let families: Set<String> = ["istio_requests_total", "istio_tcp_connections_opened_total", "request_total", "tcp_open_total"]

    struct Result {
        var samples: [TrafficSample] = []
        var issues: [PrometheusParseIssue] = []
    }

    static func read(_ bytes: some Collection<UInt8>) -> Result {
        let payload = PrometheusTextParser.parse(bytes, keepingFamilies: families)
        return Result(samples: samples(payload.samples), issues: payload.issues)
    }

    static func samples(_ samples: [PrometheusSample]) -> [TrafficSample] {
        // Waypoint series count only for workloads that have no destination-reported series.
        var reportedByDestination: Set<String> = []
        for sample in samples where sample.name.hasPrefix("istio_") && sample.labels["reporter"] == "destination" {
            reportedByDestination.insert(workload(sample.labels))
        }
        var result: [TrafficSample] = []
        for sample in samples {
            if let traffic = istio(sample, reportedByDestination: reportedByDestination) ?? linkerd(sample) {
                result.append(traffic)
            }
        }
        return result
    }

    private static func workload(_ labels: [String: String]) -> String {
        (labels["destination_workload_namespace"] ?? "") + "/" + (labels["destination_workload"] ?? "")
    }

    private static func istio(_ sample: PrometheusSample, reportedByDestination: Set<String>) -> TrafficSample? {
        let kind: TrafficSample.Kind
        switch sample.name {
        case "istio_requests_total": kind = .requests
        case "istio_tcp_connections_opened_total": kind = .connections
        default: return nil
        }
        let labels = sample.labels
        switch labels["reporter"] {
        case "destination": break
        case "waypoint" where !reportedByDestination.contains(workload(labels)): break
        default: return nil
        }
        let namespace = nonEmpty(labels["destination_workload_namespace"]) ?? nonEmpty(labels["destination_service_namespace"]) ?? "unknown"
        let policy: TrafficSample.Policy
        switch labels["connection_security_policy"] {
        case "mutual_tls": policy = .mutualTLS
        case "none": policy = .none
        default: policy = .unknown
        }
        return TrafficSample(kind: kind, destinationNamespace: namespace, policy: policy, value: sample.value, series: seriesID(sample))
    }

    private static func linkerd(_ sample: PrometheusSample) -> TrafficSample? {
        let kind: TrafficSample.Kind
        switch sample.name {
        case "request_total": kind = .requests
        case "tcp_open_total": kind = .connections
        default: return nil
        }
        let labels = sample.labels
        guard labels["direction"] == "inbound", labels["target_port"] != "4191", labels["no_tls_reason"] != "loopback" else { return nil }
        let policy: TrafficSample.Policy
        switch labels["tls"] {
        case "true": policy = .mutualTLS
        case "no_identity", "false": policy = .none
        default: policy = .unknown
        }
        // The proxy does not name its own namespace; Prometheus adds `namespace` when it scrapes.
        let namespace = nonEmpty(labels["namespace"]) ?? "unknown"
        return TrafficSample(kind: kind, destinationNamespace: namespace, policy: policy, value: sample.value, series: seriesID(sample))
    }

    private static func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty, value != "unknown" else { return nil }
        return value
    }

    static func seriesID(_ sample: PrometheusSample) -> String {
        sample.name + "{" + sample.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",") + "}"
    }
}

/// The reader's destination-side samples, for the parse benchmark.
public enum MeshStatsReading {
    public static func samples(_ bytes: [UInt8]) -> [TrafficSample] { MeshStatsReader.read(bytes).samples }
}
