import Foundation
import MeshCertCore
import Synchronization

/// SPIFFE bundle documents: saved files (`spire-server bundle show -format spiffe > bundle.json`) and
/// federation endpoints over `https://`, each a trust bundle. A URL is fetched again once `interval` has
/// passed since its last answer (a bundle changes on the scale of its `spiffe_refresh_hint`, minutes to
/// hours), within the scrape's deadline; between fetches its last answer is served.
public final class SPIFFEBundleSource: CertificateSource {
    public struct Options: Sendable, Hashable {
        public var paths: [String] = []
        public var urls: [String] = []
        /// The trust domain a URL's bundle is for (a federation relationship names it); nil: not said.
        public var trustDomain: String?
        public var interval: TimeInterval = 60
        public var timeout: TimeInterval = 5
        public var credentials = HTTPCredentials()
        public var maxBytes = 4 << 20

        public init(paths: [String] = [], urls: [String] = []) {
            self.paths = paths
            self.urls = urls
        }
    }

    private struct Fetched {
        var at: Date
        var report: SourceReport
    }

    public let descriptor: SourceDescriptor
    public let options: Options
    private let files: DumpSource?
    private let fetched = Mutex<[String: Fetched]>([:])
    private let freshness = Mutex(FreshErrorFilter())

    public init(descriptor: SourceDescriptor, options: Options) {
        self.descriptor = descriptor
        self.options = options
        files = options.paths.isEmpty ? nil : DumpSource(descriptor: descriptor, options: DumpSource.Options(paths: options.paths))
    }

    public var targets: [String] { options.paths + options.urls.map(RedactedURL.shown) }

    public func collect(_ context: CollectionContext) async -> SourceReport {
        var report = await files?.collect(context) ?? SourceReport()
        var problems: [SourceError] = []
        for url in options.urls {
            var part = await fetch(url, context: context)
            if let domain = options.trustDomain {
                for index in part.bundles.indices { part.bundles[index].trustDomain = domain }
            }
            report.certificates += part.certificates
            report.bundles += part.bundles
            report.locations += part.locations
            problems += part.freshErrors
        }
        report.freshErrors += freshness.withLock { $0.fresh(problems) }
        return report
    }

    /// The URL's last answer while it is younger than `interval`; else a new one (or the error, with the
    /// location down: a bundle that cannot be fetched is not silently the old one).
    private func fetch(_ url: String, context: CollectionContext) async -> SourceReport {
        if let last = fetched.withLock({ $0[url] }), context.now.timeIntervalSince(last.at) < options.interval { return last.report }
        let location = RedactedURL.shown(url)
        let timeout = min(options.timeout, ContinuousClock.now.duration(to: context.deadline).timeInterval)
        var report: SourceReport
        switch await HTTPFetch.get(url, credentials: options.credentials, timeout: timeout, maxBytes: options.maxBytes) {
        case .failure(let error):
            report = SourceReport(locations: [LocationStatus(location: location, isUp: false)], freshErrors: [error])
        case .success(let bytes):
            switch DumpSource.extract(
                bytes, name: location, place: location, options: DumpSource.Options(paths: []), sourceKind: descriptor.kind, cache: context.parseCache,
                spiffeLocation: location
            ) {
            case .success(let extracted):
                report = extracted
                report.locations = [LocationStatus(location: location, isUp: report.freshErrors.isEmpty)]
            case .failure(let error):
                report = SourceReport(locations: [LocationStatus(location: location, isUp: false)], freshErrors: [error])
            }
        }
        let answer = report
        fetched.withLock { $0[url] = Fetched(at: context.now, report: answer) }
        return report
    }
}
