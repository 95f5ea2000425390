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
    /// `/probe` answers 404 when off (`--no-web.probe`).
    public var probeEnabled: Bool
    /// Which switchable families and info labels `/metrics` writes (`--collector.NAME`, `exposition.collectors`).
    public var collectors: ExpositionCollectors = .defaults
    /// How long a CA keeps `issuing` after the last collection that showed it signing workloads (`hierarchy.issuing_memory`).
    public var issuingMemory: TimeInterval = 3600

    public init(
        thresholds: LayerThresholds = .defaults,
        rotationPolicy: RotationPolicy = .defaults,
        collectionTimeout: TimeInterval = 10,
        sources: [SourceConfiguration] = [],
        modules: [String: EndpointOptions] = [:],
        probeEnabled: Bool = true
    ) {
        self.thresholds = thresholds
        self.rotationPolicy = rotationPolicy
        self.collectionTimeout = collectionTimeout
        self.sources = sources
        self.modules = modules
        self.probeEnabled = probeEnabled
    }
}

/// One named source: the rules it brings and its kind's validated settings.
public struct SourceConfiguration: Sendable {
    public var name: String
    public var forcedLayer: HierarchyLayer?
    /// `layer:` given per location (a mapping of patterns to layers).
    public var layerRules: [LocationLayerRule] = []
    /// Per-layer overrides of the global thresholds; a layer or severity not named keeps the global value.
    public var thresholdOverrides: [HierarchyLayer: PartialThresholds]
    public var input: any SourceSettings

    public init(
        name: String, forcedLayer: HierarchyLayer? = nil, thresholdOverrides: [HierarchyLayer: PartialThresholds] = [:], input: some SourceSettings
    ) {
        self.init(name: name, forcedLayer: forcedLayer, thresholdOverrides: thresholdOverrides, settings: input)
    }

    public init(name: String, forcedLayer: HierarchyLayer?, thresholdOverrides: [HierarchyLayer: PartialThresholds], settings: any SourceSettings) {
        self.name = name
        self.forcedLayer = forcedLayer
        self.thresholdOverrides = thresholdOverrides
        self.input = settings
    }

    public var kind: SourceKind { input.kind }

    public func descriptor(global: LayerThresholds) -> SourceDescriptor {
        var thresholds = global
        for (layer, override) in thresholdOverrides {
            thresholds[layer] = override.applied(to: global[layer])
        }
        return SourceDescriptor(name: name, kind: kind, forcedLayer: forcedLayer, layerRules: layerRules, thresholds: thresholds)
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
    public func makeSources() -> [SourceInstance] {
        sources.map { $0.input.makeSource($0.descriptor(global: thresholds)) }
    }
}
