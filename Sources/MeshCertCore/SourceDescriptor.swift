import Foundation

/// A configured source as the judgement sees it: its name, kind and the rules it brings.
public struct SourceDescriptor: Sendable, Hashable {
    public var name: String
    public var kind: SourceKind
    /// Every certificate this source reads is put in this layer, whatever the evidence says.
    public var forcedLayer: HierarchyLayer?
    /// Layers forced for some locations only (`layer: {"*/ca-cert.pem": issuing}`); the first match wins,
    /// and `forcedLayer` applies where none matches.
    public var layerRules: [LocationLayerRule]
    public var thresholds: LayerThresholds

    public init(
        name: String, kind: SourceKind, forcedLayer: HierarchyLayer? = nil, layerRules: [LocationLayerRule] = [], thresholds: LayerThresholds = .defaults
    ) {
        self.name = name
        self.kind = kind
        self.forcedLayer = forcedLayer
        self.layerRules = layerRules
        self.thresholds = thresholds
    }

    /// The layer this source forces on what it reads at `location`, if any. It applies to this source's
    /// series only: the same certificate read by another source is classified by the evidence there.
    public func forcedLayer(at location: String) -> HierarchyLayer? {
        layerRules.first { $0.matches(location) }?.layer ?? forcedLayer
    }
}

/// One `layer:` entry given per location: a shell pattern over the location (a path, or
/// `namespace/name/key` for a dump) where `*` also crosses `/`.
public struct LocationLayerRule: Sendable, Hashable {
    public var pattern: String
    public var layer: HierarchyLayer

    public init(pattern: String, layer: HierarchyLayer) {
        self.pattern = pattern
        self.layer = layer
    }

    public func matches(_ location: String) -> Bool {
        fnmatch(pattern, location, 0) == 0
    }
}
