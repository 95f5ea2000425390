import Crypto
import Foundation
import SwiftASN1
import MeshCertCore
import MeshCertParsers
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization
import X509

/// Remote TLS endpoints: every certificate each server presents, expired or untrusted ones included,
/// with up, handshake time, TLS version, whether a client certificate was asked for, and (with a trust
/// bundle) whether the chain verifies. Probes run in parallel, at most `concurrency` at once, each
/// bounded by its timeout and the scrape deadline.
public final class TLSEndpointSource: CertificateSource {
    public struct Options: Sendable {
        public var targets: [EndpointTarget]
        public var endpoint: EndpointOptions
        /// Targets that set their own server name, identity, bundle, timeout or STARTTLS.
        public var perTarget: [EndpointTarget: EndpointOptions]
        public var concurrency: Int

        public static let defaultConcurrency = 64

        public init(
            targets: [EndpointTarget], endpoint: EndpointOptions = EndpointOptions(), perTarget: [EndpointTarget: EndpointOptions] = [:],
            concurrency: Int = Options.defaultConcurrency
        ) {
            self.targets = targets
            self.endpoint = endpoint
            self.perTarget = perTarget
            self.concurrency = concurrency
        }

        public func endpoint(for target: EndpointTarget) -> EndpointOptions { perTarget[target] ?? endpoint }
    }

    /// The TLS client set-ups for one set of endpoint options.
    private typealias Contexts = Result<(probing: NIOSSLContext, plain: NIOSSLContext), any Error>

    /// What one target gave in one collection.
    struct TargetResult: Sendable {
        var location: String
        /// The name the chain is checked against: the configured server name, else the host.
        var checkedName: String
        var trustRoots: [Certificate]?
        var chain: [[UInt8]]
        var probe: EndpointProbeResult
        var error: SourceError?
    }

    public let descriptor: SourceDescriptor
    public let options: Options
    private let group: any EventLoopGroup
    /// With the configured client identity (or the stand-in key that only notes a certificate request),
    /// and without any client certificate for the second look at a server that asked for one.
    /// Made at start for a source with targets, else on the first probe: each loads the system's trust
    /// roots (1.6 MB), which an exporter that only reads files (its `/probe` module never asked for)
    /// should not hold.
    /// By target where it sets its own options, else under `nil`: the set-ups the source's own options make.
    private let contexts = Mutex<[EndpointTarget?: Contexts]>([:])
    private let errorFilter = Mutex(FreshErrorFilter())

    /// Left to the source to hand in its report before the scrape deadline.
    static let deadlineMargin: TimeInterval = 0.1

    public init(descriptor: SourceDescriptor, options: Options, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.descriptor = descriptor
        var options = options
        // A target named twice would be two series with one identity.
        var seen: Set<EndpointTarget> = []
        options.targets = options.targets.filter { seen.insert($0).inserted }
        self.options = options
        self.group = group
        // A source with targets of its own probes at its first collection: its set-ups are made now, not
        // within that scrape's deadline. `/probe` modules (no targets) make theirs when first asked.
        for target in options.targets { _ = contexts(for: target) }
    }

    /// The TLS client set-ups for `target`, made once: its own where it sets its own options.
    private func contexts(for target: EndpointTarget) -> Contexts {
        let own = options.perTarget[target]
        let key = own == nil ? nil : target
        return contexts.withLock { made in
            if let kept = made[key] { return kept }
            let contexts = Self.makeContexts((own ?? options.endpoint).clientIdentity)
            made[key] = contexts
            return contexts
        }
    }

    private static func makeContexts(_ clientIdentity: ClientIdentity?) -> Contexts {
        Result {
            var plain = TLSConfiguration.makeClientConfiguration()
            plain.minimumTLSVersion = .tlsv1
            // The capturing callback replaces chain checks; without this NIOSSL would still refuse a name mismatch.
            plain.certificateVerification = .noHostnameVerification
            var probing = plain
            let identity = try Self.clientIdentity(clientIdentity)
            probing.certificateChain = identity.chain
            probing.privateKey = .privateKey(NIOSSLPrivateKey(customPrivateKey: identity.key))
            return (try NIOSSLContext(configuration: probing), try NIOSSLContext(configuration: plain))
        }
    }

    private static func clientIdentity(_ configured: ClientIdentity?) throws -> (chain: [NIOSSLCertificateSource], key: ProbeSigningKey) {
        if let configured {
            let chain = try configured.certificateChain.map { NIOSSLCertificateSource.certificate(try NIOSSLCertificate(bytes: $0, format: .der)) }
            return (chain, ProbeSigningKey(key: configured.key))
        }
        return ([.certificate(try StandInIdentity.certificate())], ProbeSigningKey(key: nil))
    }

    public var targets: [String] { options.targets.map { $0.location(serverName: options.endpoint(for: $0).serverName) } }

    public func collect(_ context: CollectionContext) async -> SourceReport {
        await collect(context, targets: options.targets)
    }

    /// Probes the given targets with this source's options: `/probe` hands in one target per request.
    public func collect(_ context: CollectionContext, targets: [EndpointTarget]) async -> SourceReport {
        let limit = max(options.concurrency, 1)
        var results: [TargetResult?] = Array(repeating: nil, count: targets.count)
        await withTaskGroup(of: (Int, TargetResult).self) { group in
            var next = 0
            func launch() {
                let index = next
                let target = targets[index]
                next += 1
                group.addTask { (index, await self.probe(target, deadline: context.deadline)) }
            }
            while next < min(limit, targets.count) { launch() }
            while let (index, result) = await group.next() {
                results[index] = result
                if next < targets.count { launch() }
            }
        }

        var report = SourceReport()
        var problems: [SourceError] = []
        for result in results.compactMap({ $0 }) {
            report.endpoints.append(result.probe)
            report.locations.append(LocationStatus(location: result.location, isUp: result.probe.isUp))
            if let error = result.error { problems.append(error) }
            var presented: [Certificate] = []
            for (index, der) in result.chain.enumerated() {
                switch context.parseCache.summary(der: der) {
                case .success(let summary):
                    report.certificates.append(ObservedCertificate(location: result.location, chainIndex: index, summary: summary))
                case .failure(let failure):
                    problems.append(SourceError(location: result.location, reason: .badDER, message: "presented certificate \(index) cannot be parsed: \(failure)"))
                }
                // Parsed in full only to be verified: the summaries above are all the rest needs.
                if result.trustRoots != nil, let certificate = try? Certificate(derEncoded: der) { presented.append(certificate) }
            }
            if let roots = result.trustRoots, !presented.isEmpty {
                let verification = await ChainVerifier(trustRoots: roots)
                    .verify(location: result.location, presented: presented, serverName: result.checkedName, now: context.now)
                report.chainVerifications.append(verification)
            }
        }
        addTrustFiles(targets, cache: context.parseCache, to: &report)
        // Once per change, not once per scrape: an endpoint down for an hour is one error, not 240.
        report.freshErrors = errorFilter.withLock { $0.fresh(problems) }
        return report
    }

    /// Each `ca_file` the probed targets are judged against is a trust bundle, and its roots are read as
    /// certificates at its path: the root a chain is verified against can expire too.
    private func addTrustFiles(_ targets: [EndpointTarget], cache: CertificateParseCache, to report: inout SourceReport) {
        var seen: Set<String> = []
        for target in targets {
            let endpoint = options.endpoint(for: target)
            guard let file = endpoint.trustFile, let roots = endpoint.trustRoots, seen.insert(file).inserted else { continue }
            let summaries = roots.compactMap { root -> CertificateSummary? in
                var serializer = DER.Serializer()
                guard (try? serializer.serialize(root)) != nil else { return nil }
                return try? cache.summary(der: serializer.serializedBytes).get()
            }
            for (index, summary) in summaries.enumerated() {
                report.certificates.append(ObservedCertificate(location: file, chainIndex: index, summary: summary))
            }
            report.bundles.append(ObservedBundle(location: file, certificates: summaries))
        }
    }

    /// Probes one target; a server that asked for a client certificate the exporter does not have is
    /// probed a second time without one, to learn whether it requires it or only asks.
    func probe(_ target: EndpointTarget, deadline: ContinuousClock.Instant) async -> TargetResult {
        let endpoint = options.endpoint(for: target)
        let serverName = endpoint.serverName ?? (target.isIPLiteral ? nil : target.host)
        let location = target.location(serverName: endpoint.serverName)
        func budget() -> TimeInterval {
            min(endpoint.timeout, ContinuousClock.now.duration(to: deadline).timeInterval - Self.deadlineMargin)
        }
        let sni = serverName.flatMap { IPLiteral.isLiteral($0) ? nil : $0 }
        let checkedName = endpoint.serverName ?? target.host
        let probeContext: NIOSSLContext
        let plainContext: NIOSSLContext
        switch contexts(for: target) {
        case .success(let made): (probeContext, plainContext) = made
        case .failure(let failure):
            return TargetResult(
                location: location, checkedName: checkedName, trustRoots: nil, chain: [], probe: EndpointProbeResult(location: location, isUp: false, handshakeDuration: 0),
                error: SourceError(location: location, reason: .tlsHandshake, message: "cannot set up the TLS client: \(failure)")
            )
        }

        // Beside the main probe, within the same budget; not for STARTTLS ports, which take plaintext by design.
        async let enforcement = endpoint.checkEnforcement && endpoint.startTLS == nil
            ? EnforcementProbe(target: target, serverName: sni, context: plainContext, group: group).run(budget: budget()) : nil
        let first = await TLSProbe(target: target, serverName: sni, startTLS: endpoint.startTLS, context: probeContext, group: group)
            .run(budget: budget(), refusalWatch: endpoint.clientIdentity == nil ? .never : .whenCertificateRequested)
        var probe = EndpointProbeResult(location: location, isUp: false, handshakeDuration: first.duration)
        var chain = first.presentedChain
        var error: SourceError?
        let requested = first.clientCertificateRequested || Self.refusedForSignatureAlgorithms(first.result, chain: chain)

        if endpoint.clientIdentity == nil && requested {
            probe.clientCertificateRequired = true
            let second = await TLSProbe(target: target, serverName: sni, startTLS: endpoint.startTLS, context: plainContext, group: group)
                .run(budget: budget(), refusalWatch: .always)
            if !second.presentedChain.isEmpty { chain = second.presentedChain }
            switch second.result {
            case .success(let outcome) where outcome.refusedAfterHandshake == nil:
                probe.isUp = true
                probe.tlsVersion = outcome.tlsVersion?.label
            case .success, .failure(NIOSSLError.handshakeFailed):
                error = SourceError(
                    location: location, reason: .tlsHandshake,
                    message: "the server requires a client certificate; configure client_cert and client_key (--endpoint.client-cert, --endpoint.client-key)"
                )
            case .failure(let failure):
                error = Self.sourceError(failure, location: location, target: target, timeout: endpoint.timeout)
            }
        } else {
            switch first.result {
            case .success(let outcome) where outcome.refusedAfterHandshake != nil:
                // TLS 1.3: the handshake completed, then the server refused the configured certificate.
                probe.clientCertificateRequired = true
                probe.tlsVersion = outcome.tlsVersion?.label
                let alert = outcome.refusedAfterHandshake.map { ($0 as? NIOSSLError).map(Self.describe) ?? "the connection was closed" } ?? ""
                error = SourceError(
                    location: location, reason: .tlsHandshake,
                    message: "the server refused the client certificate \(endpoint.clientIdentity?.certificateFile ?? "") after the handshake: \(alert)"
                )
            case .success(let outcome):
                probe.isUp = true
                probe.tlsVersion = outcome.tlsVersion?.label
                probe.clientCertificateRequired = first.clientCertificateRequested
            case .failure(let failure):
                if first.clientCertificateRequested { probe.clientCertificateRequired = true }
                error = Self.sourceError(failure, location: location, target: target, timeout: endpoint.timeout)
            }
        }
        if let verdict = await enforcement {
            probe.plaintextAccepted = verdict.plaintextAccepted
            probe.acceptsWithoutClientCertificate = verdict.acceptsWithoutClientCertificate
        }
        return TargetResult(location: location, checkedName: checkedName, trustRoots: endpoint.trustRoots, chain: chain, probe: probe, error: error)
    }

    /// The stand-in key offers only ECDSA P-256; a server that asked for a certificate but accepts no such
    /// signature stops the handshake before asking the key to sign. It happens only after a request.
    private static func refusedForSignatureAlgorithms(_ result: Result<HandshakeOutcome, any Error>, chain: [[UInt8]]) -> Bool {
        guard case .failure(let error) = result, !chain.isEmpty else { return false }
        return String(describing: error).contains("NO_COMMON_SIGNATURE_ALGORITHMS")
    }

    static func sourceError(_ error: any Error, location: String, target: EndpointTarget, timeout: TimeInterval) -> SourceError {
        let seconds = DurationText.format(timeout)
        switch error {
        case ProbeFailure.timedOut(let connected):
            let message = connected
                ? "connected, but no TLS handshake within \(seconds) (timeout or scrape deadline)"
                : "no connection within \(seconds) (timeout or scrape deadline)"
            return SourceError(location: location, reason: .connectTimeout, message: message)
        case ChannelError.connectTimeout:
            return SourceError(location: location, reason: .connectTimeout, message: "no connection within \(seconds)")
        case ProbeFailure.closedDuringHandshake:
            return SourceError(location: location, reason: .tlsHandshake, message: "the server closed the connection during the TLS handshake")
        case ProbeFailure.startTLS(let message):
            return SourceError(location: location, reason: .tlsHandshake, message: message)
        case ProbeFailure.clientCertificateWithheld, ProbeFailure.clientSignatureFailed:
            return SourceError(location: location, reason: .tlsHandshake, message: "the client key could not sign the handshake")
        case let connection as NIOConnectionError:
            if connection.connectionErrors.isEmpty, connection.dnsAError != nil || connection.dnsAAAAError != nil {
                return SourceError(location: location, reason: .dns, message: "cannot resolve \(target.host)")
            }
            if connection.connectionErrors.contains(where: { ($0.error as? IOError)?.errnoCode == ECONNREFUSED }) {
                return SourceError(location: location, reason: .connectRefused, message: "connection refused")
            }
            if connection.connectionErrors.contains(where: { if case ChannelError.connectTimeout = $0.error { true } else { false } }) {
                return SourceError(location: location, reason: .connectTimeout, message: "no connection within \(seconds)")
            }
            return SourceError(location: location, reason: .connectRefused, message: "cannot connect: \(connection.connectionErrors.first.map { "\($0.error)" } ?? "no address")")
        case let io as IOError where io.errnoCode == ECONNREFUSED:
            return SourceError(location: location, reason: .connectRefused, message: "connection refused")
        case let ssl as NIOSSLError:
            return SourceError(location: location, reason: .tlsHandshake, message: "TLS handshake failed: \(Self.describe(ssl))")
        default:
            return SourceError(location: location, reason: .tlsHandshake, message: "TLS handshake failed: \(error)")
        }
    }

    /// BoringSSL's reason without its error-stack noise, e.g. `SSLV3_ALERT_HANDSHAKE_FAILURE`.
    static func describe(_ error: NIOSSLError) -> String {
        let text = String(describing: error)
        let reasons = text.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") })
            .filter { $0.count > 6 && $0 == $0.uppercased() && $0.contains("_") && !$0.hasPrefix("OPENSSL") }
        return reasons.isEmpty ? text : reasons.map(String.init).joined(separator: ", ")
    }
}
