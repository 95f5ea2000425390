import Foundation

/// One certificate as read at one place.
public struct ObservedCertificate: Sendable, Hashable {
    public var location: String
    public var chainIndex: Int
    public var summary: CertificateSummary
    /// Extra `meshcert_cert_info` labels a source knows (e.g. `secret_namespace`), sorted by key.
    public var infoLabels: [LabelPair]

    public init(location: String, chainIndex: Int, summary: CertificateSummary, infoLabels: [LabelPair] = []) {
        self.location = location
        self.chainIndex = chainIndex
        self.summary = summary
        self.infoLabels = infoLabels
    }
}

public struct LabelPair: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// Whether the last read of one place worked.
public struct LocationStatus: Sendable, Hashable {
    public var location: String
    public var isUp: Bool

    public init(location: String, isUp: Bool) {
        self.location = location
        self.isUp = isUp
    }
}

/// What one source read in one collection. Failure is data: a source never throws.
public struct SourceReport: Sendable {
    public var certificates: [ObservedCertificate]
    public var locations: [LocationStatus]
    /// Reads that failed in this collection. A failure served from cache (nothing changed since)
    /// is not repeated here: it shows as a location that is down.
    public var freshErrors: [SourceError]
    /// Endpoint sources: what each probe found besides certificates.
    public var endpoints: [EndpointProbeResult]
    /// Presented chains judged against a configured trust bundle.
    public var chainVerifications: [ChainVerification]

    public init(
        certificates: [ObservedCertificate] = [],
        locations: [LocationStatus] = [],
        freshErrors: [SourceError] = [],
        endpoints: [EndpointProbeResult] = [],
        chainVerifications: [ChainVerification] = []
    ) {
        self.certificates = certificates
        self.locations = locations
        self.freshErrors = freshErrors
        self.endpoints = endpoints
        self.chainVerifications = chainVerifications
    }
}
