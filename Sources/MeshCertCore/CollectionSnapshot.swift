import Foundation

/// The identity of one certificate series: it stays when the certificate at that place is rotated.
public struct CertificateIdentity: Sendable, Hashable {
    public var source: String
    public var sourceKind: SourceKind
    public var location: String
    public var chainIndex: Int
}

/// One certificate, placed and judged.
public struct JudgedCertificate: Sendable {
    public var identity: CertificateIdentity
    public var summary: CertificateSummary
    public var infoLabels: [LabelPair]
    public var layer: HierarchyLayer
    public var state: ExpiryState
    public var expiresIn: TimeInterval
    public var lifetimeElapsedRatio: Double
    public var rotations: Int
}

/// What the certificates read at one place say together.
public struct ChainJudgement: Sendable {
    public var source: String
    public var sourceKind: SourceKind
    public var location: String
    public var earliestNotAfter: Date
    /// An issuer of one of these certificates expires before the certificate it signed.
    public var issuerExpiresFirst: Bool
}

/// How one source fared: its places, its certificate count, its cumulative errors by reason.
public struct SourceHealth: Sendable {
    public var descriptor: SourceDescriptor
    public var locations: [LocationStatus]
    public var certificateCount: Int
    public var duration: TimeInterval
    public var errorCounts: [SourceErrorReason: Int]
}

/// Everything one collection found, ready to be exported or printed.
public struct CollectionSnapshot: Sendable {
    public var time: Date
    public var certificates: [JudgedCertificate]
    public var chains: [ChainJudgement]
    public var sources: [SourceHealth]
    public var thresholds: LayerThresholds
    public var rotationPolicy: RotationPolicy
}
