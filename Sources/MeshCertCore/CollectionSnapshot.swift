import Foundation

/// The identity of one certificate series: it stays when the certificate at that place is rotated.
public struct CertificateIdentity: Sendable, Hashable {
    public var source: String
    public var location: String
    /// The chain index in 32 bits, the kind beside it: an identity takes 40 bytes, not 48, in every
    /// judged certificate and every map keyed by identity.
    private var index: Int32
    public var sourceKind: SourceKind
    public var chainIndex: Int {
        get { Int(index) }
        set { index = Int32(clamping: newValue) }
    }

    public init(
        source: String,
        sourceKind: SourceKind,
        location: String,
        chainIndex: Int
    ) {
        self.source = source
        self.location = location
        self.index = Int32(clamping: chainIndex)
        self.sourceKind = sourceKind
    }
}

/// One certificate, placed and judged.
public struct JudgedCertificate: Sendable {
    public var identity: CertificateIdentity
    public var summary: CertificateSummary
    public var attributes: DumpAttributes
    public var layer: HierarchyLayer
    public var state: ExpiryState
    public var expiresIn: TimeInterval
    public var lifetimeElapsedRatio: Double
    public var rotations: Int

    public init(
        identity: CertificateIdentity,
        summary: CertificateSummary,
        attributes: DumpAttributes = .none,
        layer: HierarchyLayer,
        state: ExpiryState,
        expiresIn: TimeInterval,
        lifetimeElapsedRatio: Double,
        rotations: Int
    ) {
        self.identity = identity
        self.summary = summary
        self.attributes = attributes
        self.layer = layer
        self.state = state
        self.expiresIn = expiresIn
        self.lifetimeElapsedRatio = lifetimeElapsedRatio
        self.rotations = rotations
    }
}

/// What the certificates read at one place say together.
public struct ChainJudgement: Sendable {
    public var source: String
    public var sourceKind: SourceKind
    public var location: String
    public var earliestNotAfter: Date
    /// An issuer of one of these certificates expires before the certificate it signed.
    public var issuerExpiresFirst: Bool
    /// The chain judged against a trust bundle; nil where none is configured.
    public var verification: ChainVerification?

    public init(
        source: String,
        sourceKind: SourceKind,
        location: String,
        earliestNotAfter: Date,
        issuerExpiresFirst: Bool,
        verification: ChainVerification? = nil
    ) {
        self.source = source
        self.sourceKind = sourceKind
        self.location = location
        self.earliestNotAfter = earliestNotAfter
        self.issuerExpiresFirst = issuerExpiresFirst
        self.verification = verification
    }
}

/// How one source fared: its places, its certificate count, its cumulative errors by reason.
public struct SourceHealth: Sendable {
    public var descriptor: SourceDescriptor
    public var locations: [LocationStatus]
    public var certificateCount: Int
    public var duration: TimeInterval
    public var errorCounts: [SourceErrorReason: Int]
    /// Endpoint sources: one result per probed target.
    public var endpoints: [EndpointProbeResult]
    /// The source finished before the scrape deadline (node_exporter's `scrape_collector_success`).
    public var collectionSucceeded: Bool
    /// Reads that failed in this collection (for `check`, which reads once: every failure).
    public var freshErrors: [SourceError] = []

    public init(
        descriptor: SourceDescriptor,
        locations: [LocationStatus],
        certificateCount: Int,
        duration: TimeInterval,
        errorCounts: [SourceErrorReason: Int],
        endpoints: [EndpointProbeResult] = [],
        collectionSucceeded: Bool = true
    ) {
        self.collectionSucceeded = collectionSucceeded
        self.descriptor = descriptor
        self.locations = locations
        self.certificateCount = certificateCount
        self.duration = duration
        self.errorCounts = errorCounts
        self.endpoints = endpoints
    }
}

/// Everything one collection found, ready to be exported or printed.
public struct CollectionSnapshot: Sendable {
    public var time: Date
    public var certificates: [JudgedCertificate]
    public var chains: [ChainJudgement]
    public var sources: [SourceHealth]
    public var thresholds: LayerThresholds
    public var rotationPolicy: RotationPolicy
    public var policies: [MTLSPolicy]
    /// Mesh traffic from every mesh-stats source, added up; nil when none is configured.
    public var traffic: TrafficFigures?
    /// Every trust bundle read, judged against the issuers in use.
    public var bundles: [BundleJudgement] = []
    /// The same value in two snapshots means the same certificates, placed, classified, labelled and
    /// counted the same (only what depends on the time may differ); nil when unknown.
    public var certificatesRevision: UInt64?

    public init(
        time: Date,
        certificates: [JudgedCertificate],
        chains: [ChainJudgement],
        sources: [SourceHealth],
        thresholds: LayerThresholds,
        rotationPolicy: RotationPolicy,
        policies: [MTLSPolicy] = [],
        traffic: TrafficFigures? = nil,
        certificatesRevision: UInt64? = nil
    ) {
        self.certificatesRevision = certificatesRevision
        self.policies = policies
        self.traffic = traffic
        self.time = time
        self.certificates = certificates
        self.chains = chains
        self.sources = sources
        self.thresholds = thresholds
        self.rotationPolicy = rotationPolicy
    }
}
