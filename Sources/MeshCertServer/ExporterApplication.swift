import Foundation
import HTTPTypes
import Hummingbird
import Logging
import MeshCertCore
import MeshCertExposition
import MeshCertSources

/// Where the HTTP server listens, from Prometheus' `--web.listen-address` form: `:9795`, `127.0.0.1:9795`, `[::1]:9795`.
public struct ListenAddress: Sendable, Equatable {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    public init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
            return nil
        }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self.host = host.isEmpty ? "0.0.0.0" : host
        self.port = port
    }
}

/// The exporter's HTTP routes: `/metrics` collects on the scrape, `/probe` probes one endpoint,
/// `/` lists the sources, `/healthz` answers ok.
public func buildRouter(coordinator: ScrapeCoordinator, configuration: ExporterConfiguration) -> Router<BasicRequestContext> {
    let router = Router()
    let timeoutHeader = HTTPField.Name("X-Prometheus-Scrape-Timeout-Seconds")!
    let labels = LabelTextCache()
    @Sendable func scrapeTimeout(_ request: Request) -> TimeInterval {
        if let header = request.headers[timeoutHeader], let seconds = Double(header), seconds > 0 {
            // Leave Prometheus half a second to receive the answer, as blackbox_exporter does.
            return max(seconds - 0.5, 0.5)
        }
        return configuration.collectionTimeout
    }
    router.get("/metrics") { request, _ -> Response in
        let timeout = scrapeTimeout(request)
        let snapshot = await coordinator.collect(timeout: timeout)
        let families = ExpositionEncoder.ordered(SnapshotFamilies.build(snapshot, labels: labels, collectors: configuration.collectors))
        let coding = ContentCoding(request)
        // Written in pieces (and deflated piece by piece for gzip): the answer is never held whole.
        return Response(
            status: .ok,
            headers: coding.headers(contentType: ExpositionEncoder.contentType),
            body: ResponseBody { writer in
                var stream = try ExpositionStream(coding: coding)
                var chunk: [UInt8] = []
                for family in families {
                    for piece in ExpositionEncoder.pieces(family) {
                        chunk.removeAll(keepingCapacity: true)
                        if piece.header { ExpositionEncoder.appendHeader(family.definition, to: &chunk) }
                        ExpositionEncoder.appendSamples(family.definition, piece.samples, to: &chunk)
                        try await stream.write(chunk, to: &writer)
                    }
                }
                try await stream.finish(&writer)
                MemoryTrim.afterScrape()
            }
        )
    }
    let prober = EndpointProber(configuration: configuration)
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
                    var stream = try ExpositionStream(coding: coding)
                    try await stream.write(body, to: &writer)
                    try await stream.finish(&writer)
                }
            )
        case .failure(let problem):
            return Response(
                status: .badRequest, headers: [.contentType: "text/plain; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: problem.description + "\n"))
            )
        }
    }
    router.get("/healthz") { _, _ in "ok\n" }
    router.get("/") { _, _ -> Response in
        let page = LandingPage.html(sources: coordinator.sources, probeModules: prober.moduleNames)
        return Response(
            status: .ok,
            headers: [.contentType: "text/html; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: page))
        )
    }
    return router
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
        configuration: .init(address: .hostname(listen.host, port: listen.port), serverName: "meshcert-exporter"),
        logger: logger
    )
}
