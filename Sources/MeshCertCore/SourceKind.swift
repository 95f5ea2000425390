/// The kind of input a source reads. The raw values are the `source_kind` label values.
public enum SourceKind: String, CaseIterable, Sendable, Codable {
    case file
    case endpoint
    case secret
    case configmap
    case proxyDump = "proxy_dump"
    case kubeconfig
    /// A SPIFFE bundle document (`spiffe-server bundle show -format spiffe`, a federation endpoint's answer).
    case spiffeBundle = "spiffe_bundle"
    /// Mesh proxies' traffic counters (stats URLs, saved stats files, a Prometheus server).
    case meshStats = "mesh_stats"
}
