/// The kind of input a source reads. The raw values are the `source_kind` label values.
public enum SourceKind: String, CaseIterable, Sendable, Codable {
    case file
    case endpoint
    case secret
    case configmap
    case proxyDump = "proxy_dump"
    case kubeconfig
    /// Mesh proxies' traffic counters (stats URLs, saved stats files, a Prometheus server).
    case meshStats = "mesh_stats"
}
