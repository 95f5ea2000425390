import Foundation
import HTTPTypes
import Hummingbird
import Logging
import MeshCertCore
import MeshCertExposition
import MeshCertSources

/// Bounds of the HTTP server, each named in the README.
public enum ServerLimits {
    /// A request must arrive in full within this many seconds of the connection going quiet.
    public static let requestArrivalSeconds = 15
}

/// The exporter's HTTP routes: `/metrics` collects on the scrape, `/probe` probes one endpoint,
/// `/` lists the sources, `/healthz` answers ok.
public func buildRouter(coordinator: ScrapeCoordinator, configuration: ExporterConfiguration) -> Router<BasicRequestContext> {
    let router = Router()
    let timeoutHeader = HTTPField.Name("X-Prometheus-Scrape-Timeout-Seconds")!
    let labels = LabelTextCache()
    @Sendable func scrapeTimeout(_ request: Request) -> TimeInterval {
        // Anything but a finite positive number of seconds is ignored: the header is outside input.
        request.headers[timeoutHeader].flatMap(ScrapeTimeout.fromHeader) ?? ScrapeTimeout.clamped(configuration.collectionTimeout)
    }
    router.get("/metrics") { request, _ -> Response in
        let timeout = scrapeTimeout(request)
        let snapshot = await coordinator.collect(timeout: timeout)
        let families = ExpositionEncoder.ordered(SnapshotFamilies.build(snapshot, labels: labels, collectors: configuration.collectors))
        let coding = ContentCoding(request)
        if coding == .gzip { EncodedLines.deflateAll(families.flatMap(\.encoded)) }
        // Written in pieces (and deflated piece by piece for gzip): the answer is never held whole.
        return Response(
            status: .ok,
            headers: coding.headers(contentType: ExpositionEncoder.contentType),
            body: ResponseBody { writer in
                var stream = ExpositionStream(coding: coding, dropPlainWhenSent: coding == .gzip && !labels.plainWanted())
                var chunk: [UInt8] = []
                for family in families {
                    for piece in ExpositionEncoder.pieces(family) {
                        chunk.removeAll(keepingCapacity: true)
                        if piece.header { ExpositionEncoder.appendHeader(family.definition, to: &chunk) }
                        switch piece.content {
                        case .samples(let samples):
                            ExpositionEncoder.appendSamples(family.definition, samples, to: &chunk)
                            try await stream.write(chunk, to: &writer)
                        case .encoded(let lines):
                            // Kept from an earlier scrape: handed over as it is (deflated once for gzip), not copied.
                            try await stream.write(chunk, to: &writer)
                            try await stream.write(lines, to: &writer)
                        }
                    }
                }
                try await stream.finish(&writer)
                labels.settle(answeredPlain: coding == .identity)
                MemoryTrim.afterScrape()
            }
        )
    }
    let prober = EndpointProber(configuration: configuration)
    if configuration.probeEnabled { addProbeRoute(to: router, prober: prober, timeout: scrapeTimeout) }
    router.get("/healthz") { _, _ in "ok\n" }
    router.get("/") { _, _ -> Response in
        let page = LandingPage.html(sources: coordinator.sources, probeModules: configuration.probeEnabled ? prober.moduleNames : [])
        return Response(
            status: .ok,
            headers: [.contentType: "text/html; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: page))
        )
    }
    return router
}

/// `/probe`, blackbox_exporter style; absent (404) with `--no-web.probe`.
private func addProbeRoute(to router: Router<BasicRequestContext>, prober: EndpointProber, timeout scrapeTimeout: @escaping @Sendable (Request) -> TimeInterval) {
    router.get("/probe") { request, _ -> Response in
        let query = request.uri.queryParameters
        let result = await prober.probe(
            target: query["target"].map(String.init), module: query["module"].map(String.init), timeout: scrapeTimeout(request)
        )
        switch result {
        case .success(let body):
            let coding = ContentCoding(request)
            return Response(
                status: .ok, headers: coding.headers(contentType: ExpositionEncoder.contentType),
                body: ResponseBody { writer in
                    var stream = ExpositionStream(coding: coding)
                    try await stream.write(body, to: &writer)
                    try await stream.finish(&writer)
                }
            )
        case .failure(let problem):
            return Response(
                status: problem.status == .forbidden ? .forbidden : .badRequest, headers: [.contentType: "text/plain; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: problem.description + "\n"))
            )
        }
    }
}

public func buildApplication(
    configuration: ExporterConfiguration,
    listen: ListenAddress,
    logger: Logger
) -> some ApplicationProtocol {
    buildApplication(
        coordinator: ScrapeCoordinator(configuration: configuration, logger: logger), configuration: configuration, listen: listen, logger: logger
    )
}

public func buildApplication(
    coordinator: ScrapeCoordinator,
    configuration: ExporterConfiguration,
    listen: ListenAddress,
    logger: Logger
) -> some ApplicationProtocol {
    let router = buildRouter(coordinator: coordinator, configuration: configuration)
    return Application(
        router: router,
        // A connection that sends half a request (or nothing) is closed after this long: 400 such
        // connections cannot be held open for as long as their client likes.
        server: .http1(configuration: .init(idleTimeout: .seconds(Int64(ServerLimits.requestArrivalSeconds)))),
        configuration: .init(address: .hostname(listen.host, port: listen.port), serverName: "meshcert-exporter"),
        logger: logger
    )
}
