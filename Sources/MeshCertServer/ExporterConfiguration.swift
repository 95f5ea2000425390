import Foundation
import MeshCertCore
import MeshCertExposition
import MeshCertSources

/// Everything the exporter is told to do, after defaults and validation.
public struct ExporterConfiguration: Sendable {
    public var thresholds: LayerThresholds
    public var rotationPolicy: RotationPolicy
    /// How long a collection may take when Prometheus does not say (X-Prometheus-Scrape-Timeout-Seconds).
    public var collectionTimeout: TimeInterval
    public var sources: [SourceConfiguration]
    /// `/probe?module=NAME`: how to probe a target Prometheus names (blackbox_exporter style).
    public var modules: [String: EndpointOptions]
    /// Which switchable families and info labels `/metrics` writes (`--collector.NAME`, `exposition.collectors`).
    public var collectors: ExpositionCollectors = .defaults

    public init(
        thresholds: LayerThresholds = .defaults,
        rotationPolicy: RotationPolicy = .defaults,
        collectionTimeout: TimeInterval = 10,
        sources: [SourceConfiguration] = [],
        modules: [String: EndpointOptions] = [:]
    ) {
        self.thresholds = thresholds
        self.rotationPolicy = rotationPolicy
        self.collectionTimeout = collectionTimeout
        self.sources = sources
        self.modules = modules
    }
}

/// One named source: its kind, the rules it brings and what it reads.
public struct SourceConfiguration: Sendable {
    public enum Input: Sendable {
        case files(FileSource.Options)
        case endpoints(TLSEndpointSource.Options)
        /// Kubernetes and proxy dumps; `kind` is the source's own (`secret`, `configmap`, `proxy_dump`),
        /// each certificate also says which kind of object it came from.
        case dumps(DumpSource.Options, kind: SourceKind)
        /// Mesh traffic counters: stats URLs, saved stats files, a Prometheus server.
        case meshStats(MeshStatsSource.Options)
    }

    public var name: String
    public var forcedLayer: HierarchyLayer?
    /// Per-layer overrides of the global thresholds; a layer or severity not named keeps the global value.
    public var thresholdOverrides: [HierarchyLayer: PartialThresholds]
    public var input: Input

    public init(name: String, forcedLayer: HierarchyLayer? = nil, thresholdOverrides: [HierarchyLayer: PartialThresholds] = [:], input: Input) {
        self.name = name
        self.forcedLayer = forcedLayer
        self.thresholdOverrides = thresholdOverrides
        self.input = input
    }

    public var kind: SourceKind {
        switch input {
        case .files: .file
        case .endpoints: .endpoint
        case .dumps(_, let kind): kind
        case .meshStats: .meshStats
        }
    }

    public func descriptor(global: LayerThresholds) -> SourceDescriptor {
        var thresholds = global
        for (layer, override) in thresholdOverrides {
            thresholds[layer] = override.applied(to: global[layer])
        }
        return SourceDescriptor(name: name, kind: kind, forcedLayer: forcedLayer, thresholds: thresholds)
    }
}

public struct PartialThresholds: Sendable, Hashable {
    public var warning: TimeInterval?
    public var critical: TimeInterval?

    public init(warning: TimeInterval? = nil, critical: TimeInterval? = nil) {
        self.warning = warning
        self.critical = critical
    }

    func applied(to base: ExpiryThresholds) -> ExpiryThresholds {
        ExpiryThresholds(warning: warning ?? base.warning, critical: critical ?? base.critical)
    }
}

extension ExporterConfiguration {
    /// The sources, built from the configuration.
    public func makeSources() -> [any CertificateSource] {
        sources.map { source in
            let descriptor = source.descriptor(global: thresholds)
            switch source.input {
            case .files(let options): return FileSource(descriptor: descriptor, options: options)
            case .endpoints(let options): return TLSEndpointSource(descriptor: descriptor, options: options)
            case .dumps(let options, _): return DumpSource(descriptor: descriptor, options: options)
            case .meshStats(let options): return MeshStatsSource(descriptor: descriptor, options: options)
            }
        }
    }
}
