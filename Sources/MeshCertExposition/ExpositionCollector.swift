/// The families and wide labels a user may turn off, node_exporter style: one registry, each entry
/// with a name and a default, from which the `--collector.NAME` / `--no-collector.NAME` flags and
/// the YAML `exposition.collectors` keys are made. What is not here is always written.
public enum ExpositionCollector: String, CaseIterable, Sendable {
    case certNotBefore = "cert_not_before"
    case certExpiresIn = "cert_expires_in"
    case certLifetime = "cert_lifetime"
    case certLifetimeElapsedRatio = "cert_lifetime_elapsed_ratio"
    case certMTLSUsable = "cert_mtls_usable"
    case chainEarliestNotAfter = "chain_earliest_not_after"
    case infoDNSNames = "info_dns_names"
    case infoIPAddresses = "info_ip_addresses"
    case infoDumpLabels = "info_dump_labels"

    /// On by default: what the shipped alerts and dashboards read, and the dump labels that name the
    /// Kubernetes object behind a location. Off: families PromQL derives from other series (from
    /// `not_after` and `not_before`; `mtls_usable` from `meshcert_cert_info`'s `extended_key_usage`; a
    /// chain's earliest NotAfter as `min by` over its certificates), and the SAN lists, the widest labels
    /// (up to 256 characters a certificate).
    public var enabledByDefault: Bool {
        switch self {
        case .certNotBefore, .infoDumpLabels: true
        case .certExpiresIn, .certLifetime, .certLifetimeElapsedRatio, .certMTLSUsable, .chainEarliestNotAfter, .infoDNSNames, .infoIPAddresses:
            false
        }
    }

    /// The family this switch writes, or nil for a switch of `meshcert_cert_info` labels.
    public var family: MetricDefinition? {
        switch self {
        case .certNotBefore: Metric.certNotBefore
        case .certExpiresIn: Metric.certExpiresIn
        case .certLifetime: Metric.certLifetime
        case .certLifetimeElapsedRatio: Metric.certLifetimeElapsed
        case .certMTLSUsable: Metric.certMTLSUsable
        case .chainEarliestNotAfter: Metric.chainEarliestNotAfter
        case .infoDNSNames, .infoIPAddresses, .infoDumpLabels: nil
        }
    }

    public var help: String {
        switch self {
        case .certNotBefore: "meshcert_cert_not_before_timestamp_seconds (MeshCertCertificateNotYetValid and MeshCertRotationStalled need it)"
        case .certExpiresIn: "meshcert_cert_expires_in_seconds (in PromQL: meshcert_cert_not_after_timestamp_seconds - time())"
        case .certLifetime: "meshcert_cert_lifetime_seconds (in PromQL: not_after - not_before)"
        case .certLifetimeElapsedRatio: "meshcert_cert_lifetime_elapsed_ratio (in PromQL: (time() - not_before) / (not_after - not_before))"
        case .certMTLSUsable:
            "meshcert_cert_mtls_usable (in PromQL: meshcert_cert_info{layer=\"workload\"} with extended_key_usage empty or holding server_auth and client_auth)"
        case .chainEarliestNotAfter:
            "meshcert_chain_earliest_not_after_timestamp_seconds (in PromQL: min by (source, source_kind, location) (meshcert_cert_not_after_timestamp_seconds))"
        case .infoDNSNames: "the dns_names label of meshcert_cert_info"
        case .infoIPAddresses: "the ip_addresses label of meshcert_cert_info"
        case .infoDumpLabels: "the dump labels of meshcert_cert_info: \(Label.dumpAttributeKeys.joined(separator: ", "))"
        }
    }
}

/// Which switches are on: a small bit set, compared per certificate when label texts are reused.
public struct ExpositionCollectors: Sendable, Hashable {
    private var bits: UInt32

    public init(_ collectors: some Sequence<ExpositionCollector>) {
        bits = 0
        for collector in collectors { insert(collector) }
    }

    public static let defaults = ExpositionCollectors(ExpositionCollector.allCases.filter(\.enabledByDefault))
    public static let all = ExpositionCollectors(ExpositionCollector.allCases)
    /// Every switch off: the smallest output.
    public static let minimum = ExpositionCollectors([])

    public func contains(_ collector: ExpositionCollector) -> Bool { bits & mask(collector) != 0 }

    public mutating func insert(_ collector: ExpositionCollector) { bits |= mask(collector) }

    public mutating func remove(_ collector: ExpositionCollector) { bits &= ~mask(collector) }

    public mutating func set(_ collector: ExpositionCollector, _ enabled: Bool) {
        if enabled { insert(collector) } else { remove(collector) }
    }

    public var enabled: [ExpositionCollector] { ExpositionCollector.allCases.filter(contains) }

    private func mask(_ collector: ExpositionCollector) -> UInt32 {
        1 << UInt32(ExpositionCollector.allCases.firstIndex(of: collector)!)
    }
}
