import Foundation
import MeshCertCore

/// Asks a Prometheus server that already scrapes the mesh for the window's destination-side totals.
struct PrometheusTrafficQuery {
    let base: String
    var credentials = HTTPCredentials()
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
                return .failure(SourceError(location: RedactedURL.shown(base), reason: .notFound, message: "is not a URL"))
            }
            let bytes: [UInt8]
            switch await HTTPFetch.get(url, credentials: credentials, timeout: timeout, maxBytes: 16 << 20) {
            case .success(let body): bytes = body
            case .failure(var error):
                error.location = RedactedURL.shown(base)
                return .failure(error)
            }
            guard let document = try? JSONTreeParser.parse(bytes), document["status"]?.text == "success",
                let results = document.path("data", "result")?.items
            else {
                return .failure(SourceError(location: RedactedURL.shown(base), reason: .badDocument, message: "answered the query API with something that is not a vector result"))
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
