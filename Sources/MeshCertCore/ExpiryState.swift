/// A certificate's standing against its layer's thresholds. The raw value is the gauge value of
/// `meshcert_cert_expiry_state`, ordered so that a larger value is always worse.
public enum ExpiryState: Int, CaseIterable, Sendable, Comparable, Codable {
    case ok = 0
    case warning = 1
    case critical = 2
    case expired = 3

    public var name: String {
        switch self {
        case .ok: "ok"
        case .warning: "warning"
        case .critical: "critical"
        case .expired: "expired"
        }
    }

    public static func < (lhs: ExpiryState, rhs: ExpiryState) -> Bool { lhs.rawValue < rhs.rawValue }
}
