import Foundation

/// Time-to-expiry thresholds of one layer, in seconds.
public struct ExpiryThresholds: Sendable, Hashable {
    public var warning: TimeInterval
    public var critical: TimeInterval

    public init(warning: TimeInterval, critical: TimeInterval) {
        self.warning = warning
        self.critical = critical
    }

    /// Expired once NotAfter has passed (a certificate is valid through its NotAfter second);
    /// critical while less than `critical` is left, warning while less than `warning` is left.
    public func state(expiresIn: TimeInterval) -> ExpiryState {
        if expiresIn < 0 { return .expired }
        if expiresIn < critical { return .critical }
        if expiresIn < warning { return .warning }
        return .ok
    }
}

/// One pair of thresholds per layer: a workload certificate lives a day, a root twenty years.
public struct LayerThresholds: Sendable, Hashable {
    private var thresholds: [HierarchyLayer: ExpiryThresholds]

    public static let defaults = LayerThresholds([
        .workload: ExpiryThresholds(warning: 4 * 3600, critical: 3600),
        .issuing: ExpiryThresholds(warning: 30 * 86_400, critical: 7 * 86_400),
        .intermediate: ExpiryThresholds(warning: 180 * 86_400, critical: 30 * 86_400),
        .root: ExpiryThresholds(warning: 730 * 86_400, critical: 180 * 86_400),
    ])

    public init(_ thresholds: [HierarchyLayer: ExpiryThresholds]) {
        self.thresholds = thresholds
    }

    public subscript(layer: HierarchyLayer) -> ExpiryThresholds {
        get { thresholds[layer] ?? LayerThresholds.defaults.thresholds[layer]! }
        set { thresholds[layer] = newValue }
    }
}

/// The lifetime-elapsed ratio past which a certificate that has not rotated counts as stalled, for the
/// layers that have one. Workload certificates rotate on their own, so a workload certificate at 90 % of its
/// life has a stuck rotation; a CA is rotated by people on a calendar, so CA layers opt in.
public struct RotationPolicy: Sendable, Hashable {
    private var ratios: [HierarchyLayer: Double]

    public static let defaults = RotationPolicy([.workload: 0.9])

    public init(_ ratios: [HierarchyLayer: Double]) {
        self.ratios = ratios
    }

    /// `nil`: the layer has no stall bound, and no `meshcert_rotation_stall_ratio` series.
    public subscript(layer: HierarchyLayer) -> Double? {
        get { ratios[layer] }
        set { ratios[layer] = newValue }
    }
}
