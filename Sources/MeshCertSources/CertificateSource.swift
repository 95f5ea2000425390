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

/// One configured input. A source never throws out of a collection: what failed is in its report.
public protocol CertificateSource: Sendable {
    var descriptor: SourceDescriptor { get }
    /// What it reads, in words, for the landing page and the start-up log.
    var targets: [String] { get }
    func collect(_ context: CollectionContext) async -> SourceReport
}
