import Foundation

/// One certificate as read at one place.
public struct ObservedCertificate: Sendable, Hashable {
    public var location: String
    public var chainIndex: Int
    public var summary: CertificateSummary
    /// What a dump knows about the object the certificate came from (`meshcert_cert_info` labels).
    public var attributes: DumpAttributes
    /// Where this certificate came from when one source reads several kinds (a dump holding
    /// secrets and configmaps); `nil` means the source's own kind.
    public var kind: SourceKind?
    /// The place is a mesh's well-known issuing CA (Istio's `cacerts` `ca-cert.pem`, Linkerd's identity
    /// issuer, the CA in a SPIRE SVID chain): the certificate signs workloads, whatever its pathLen says.
    public var signsWorkloads: Bool

    public init(
        location: String, chainIndex: Int, summary: CertificateSummary, attributes: DumpAttributes = .none, kind: SourceKind? = nil,
        signsWorkloads: Bool = false
    ) {
        self.location = location
        self.chainIndex = chainIndex
        self.summary = summary
        self.attributes = attributes
        self.kind = kind
        self.signsWorkloads = signsWorkloads
    }
}

/// One PeerAuthentication's mTLS mode, for the whole policy (`port` empty) or one port.
public struct MTLSPolicy: Sendable, Hashable {
    public enum Mode: String, Sendable, CaseIterable {
        case strict = "STRICT"
        case permissive = "PERMISSIVE"
        case disable = "DISABLE"
        case unset = "UNSET"
    }

    /// `mesh` (the root namespace, no selector), `namespace` (no selector) or `workload` (a selector).
    public enum Scope: String, Sendable {
        case mesh, namespace, workload
    }

    public var namespace: String
    public var name: String
    public var mode: Mode
    public var port: String
    public var scope: Scope

    public init(namespace: String, name: String, mode: Mode, port: String, scope: Scope) {
        self.namespace = namespace
        self.name = name
        self.mode = mode
        self.port = port
        self.scope = scope
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
    /// The kind of what sits there when it differs from the source's (a configmap in a dump source that
    /// reads secrets too): health series carry the same `source_kind` as the certificates there.
    public var kind: SourceKind?
    /// When the content there last changed (a dump file's mtime): a dump job that stopped shows its age.
    public var lastChange: Date?

    public init(location: String, isUp: Bool, kind: SourceKind? = nil, lastChange: Date? = nil) {
        self.location = location
        self.isUp = isUp
        self.kind = kind
        self.lastChange = lastChange
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
    /// PeerAuthentication modes read from dumps.
    public var policies: [MTLSPolicy]
    /// Mesh traffic by namespace and security policy, from mesh stats.
    public var traffic: TrafficFigures?
    /// Trust bundles found (their certificates are in `certificates` too).
    public var bundles: [ObservedBundle] = []
    /// Chains judged against the bundle that applies to them where they were read.
    public var chainPaths: [ChainPath] = []

    public init(
        certificates: [ObservedCertificate] = [],
        locations: [LocationStatus] = [],
        freshErrors: [SourceError] = [],
        policies: [MTLSPolicy] = [],
        endpoints: [EndpointProbeResult] = [],
        chainVerifications: [ChainVerification] = []
    ) {
        self.certificates = certificates
        self.locations = locations
        self.freshErrors = freshErrors
        self.endpoints = endpoints
        self.chainVerifications = chainVerifications
        self.policies = policies
    }
}
