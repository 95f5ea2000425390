import Foundation
import MeshCertCore

/// What every source is handed for one collection.
public struct CollectionContext: Sendable {
    public var now: Date
    public var deadline: ContinuousClock.Instant
    public var parseCache: CertificateParseCache

    public init(now: Date, deadline: ContinuousClock.Instant, parseCache: CertificateParseCache) {
        self.now = now
        self.deadline = deadline
        self.parseCache = parseCache
    }
}

/// An input that reads certificates. It never throws out of a collection: what failed is in its report.
public protocol CertificateSource: Sendable {
    var descriptor: SourceDescriptor { get }
    /// What it reads, in words, for the landing page and the start-up log.
    var targets: [String] { get }
    func collect(_ context: CollectionContext) async -> SourceReport
}

/// An input that reads mesh traffic counters, not certificates.
public protocol TrafficSource: Sendable {
    func collect(_ context: CollectionContext) async -> TrafficReport
}

/// What a traffic input found in one collection.
public struct TrafficReport: Sendable {
    public var traffic: TrafficFigures?
    public var locations: [LocationStatus]
    public var freshErrors: [SourceError]

    public init(traffic: TrafficFigures? = nil, locations: [LocationStatus] = [], freshErrors: [SourceError] = []) {
        self.traffic = traffic
        self.locations = locations
        self.freshErrors = freshErrors
    }
}

/// Work a source does on its own cadence rather than on the scrape (polling stats URLs now; a
/// Kubernetes list and watch next). Runs until its task is cancelled at shutdown.
public protocol SourceActivity: Sendable {
    func run() async
}

/// One configured source and what it offers; the coordinator asks each for what it has.
public struct SourceInstance: Sendable {
    public var descriptor: SourceDescriptor
    /// What it reads, in words, for the landing page and the start-up log.
    public var targets: [String]
    public var certificates: (any CertificateSource)?
    public var traffic: (any TrafficSource)?
    public var activity: (any SourceActivity)?

    public init(
        descriptor: SourceDescriptor, targets: [String], certificates: (any CertificateSource)? = nil, traffic: (any TrafficSource)? = nil,
        activity: (any SourceActivity)? = nil
    ) {
        self.descriptor = descriptor
        self.targets = targets
        self.certificates = certificates
        self.traffic = traffic
        self.activity = activity
    }

    /// A source that reads certificates and nothing else.
    public init(_ source: any CertificateSource) {
        self.init(descriptor: source.descriptor, targets: source.targets, certificates: source)
    }
}
