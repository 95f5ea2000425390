/// Why a presented chain does not verify against the configured trust bundle: a closed set,
/// each value a `reason` label of `meshcert_chain_verify_error_info`.
public enum ChainVerifyReason: String, CaseIterable, Sendable, Comparable {
    case expired
    case notYetValid = "not_yet_valid"
    case unknownAuthority = "unknown_authority"
    case nameMismatch = "name_mismatch"
    case badKeyUsage = "bad_key_usage"
    case selfSignedLeaf = "self_signed_leaf"

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The judgement of one presented chain against a trust bundle (only where one is configured).
public struct ChainVerification: Sendable, Hashable {
    public var location: String
    public var verified: Bool
    /// Every reason that applies, sorted; empty when verified.
    public var reasons: [ChainVerifyReason]

    public init(location: String, verified: Bool, reasons: [ChainVerifyReason]) {
        self.location = location
        self.verified = verified
        self.reasons = reasons
    }
}
