import Foundation
import MeshCertCore
import MeshCertExposition
import MeshCertSources

/// `GET /probe?target=host:port&module=NAME`, blackbox_exporter style: Prometheus service discovery
/// names the target, a configured module says how to probe it, and the answer holds that target only.
public struct EndpointProber: Sendable {
    /// The module used when the request names none: the defaults (SNI = host, 5 s, no client certificate).
    public static let defaultModule = "default"

    private let sources: [String: TLSEndpointSource]
    private let configuration: ExporterConfiguration

    public init(configuration: ExporterConfiguration) {
        self.configuration = configuration
        var sources: [String: TLSEndpointSource] = [:]
        var modules = configuration.modules
        if modules[Self.defaultModule] == nil { modules[Self.defaultModule] = EndpointOptions() }
        for (name, options) in modules {
            sources[name] = TLSEndpointSource(
                descriptor: SourceDescriptor(name: name, kind: .endpoint, thresholds: configuration.thresholds),
                options: .init(targets: [], endpoint: options, concurrency: 1)
            )
        }
        self.sources = sources
    }

    public var moduleNames: [String] { sources.keys.sorted() }

    /// The exposition for one target, or a sentence for a 400 answer.
    public func probe(target: String?, module: String?, timeout: TimeInterval, now: Date = Date()) async -> Result<[UInt8], ProbeRequestError> {
        guard let target, !target.isEmpty else {
            return .failure(ProbeRequestError("missing target: expected /probe?target=host:port&module=NAME"))
        }
        guard let parsed = EndpointTarget(parsing: target) else {
            return .failure(ProbeRequestError("target '\(LogText.escaped(String(target.prefix(300))))' is not host:port (IPv6 in brackets: [::1]:443)"))
        }
        let moduleName = module ?? Self.defaultModule
        guard let source = sources[moduleName] else {
            return .failure(ProbeRequestError("unknown module '\(LogText.escaped(moduleName))'; configured modules: \(moduleNames.joined(separator: ", "))"))
        }
        guard source.options.endpoint.allows(parsed) else {
            return .failure(ProbeRequestError("target '\(parsed)' is not in module \(moduleName)'s allowed_targets", status: .forbidden))
        }
        let clock = ContinuousClock()
        let started = clock.now
        let context = CollectionContext(
            now: now, deadline: started.advanced(by: .milliseconds(Int64(timeout * 1000))), parseCache: CertificateParseCache()
        )
        let report = await source.collect(context, targets: [parsed])
        // A probe judges its own target only: nothing to remember between requests.
        var judge = CollectionJudge(thresholds: configuration.thresholds, rotationPolicy: configuration.rotationPolicy)
        let outcome = SourceOutcome(descriptor: source.descriptor, report: report, duration: started.duration(to: clock.now).seconds)
        return .success(ExpositionEncoder.encode(SnapshotFamilies.build(judge.judge([outcome], now: now), collectors: configuration.collectors)))
    }
}

public struct ProbeRequestError: Error, Sendable, CustomStringConvertible {
    public enum Status: Sendable { case badRequest, forbidden }
    public var description: String
    public var status: Status
    init(_ description: String, status: Status = .badRequest) {
        self.description = description
        self.status = status
    }
}
