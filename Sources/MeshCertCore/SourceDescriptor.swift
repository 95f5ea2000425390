/// A configured source as the judgement sees it: its name, kind and the rules it brings.
public struct SourceDescriptor: Sendable, Hashable {
    public var name: String
    public var kind: SourceKind
    /// Every certificate this source reads is put in this layer, whatever the evidence says.
    public var forcedLayer: HierarchyLayer?
    public var thresholds: LayerThresholds

    public init(name: String, kind: SourceKind, forcedLayer: HierarchyLayer? = nil, thresholds: LayerThresholds = .defaults) {
        self.name = name
        self.kind = kind
        self.forcedLayer = forcedLayer
        self.thresholds = thresholds
    }
}
