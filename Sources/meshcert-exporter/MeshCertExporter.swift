import ArgumentParser
import Foundation
import Logging
import MeshCertCore
import MeshCertServer
import MeshCertSources
import ServiceLifecycle

@main
struct MeshCertExporter: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "meshcert-exporter",
        abstract: "Keeps a service mesh's certificates from expiring unseen: a Prometheus exporter.",
        discussion: """
            Reads X.509 certificates from mounted files, places each in the mesh's CA hierarchy \
            (workload, issuing CA, intermediate CA, root CA) and judges it against that layer's own \
            warning and critical thresholds (a workload certificate lives a day, a root twenty years).

            Start with the built-in demo, no configuration needed:
              meshcert-exporter demo            then open http://localhost:9795/metrics

            Serve certificates from files, directories and globs (repeat --file):
              meshcert-exporter --file '/etc/istio/certs/*.pem' --file /var/run/secrets/cacerts

            Read what kubectl, istioctl and Envoy print, with no cluster credentials:
              kubectl get secrets -A -o yaml > secrets.yaml
              istioctl proxy-config secret deploy/cart -o json > cart.json
              meshcert-exporter check --dump secrets.yaml --dump cart.json

            Check once, from a shell or a CI step (exit 0 ok, 1 warning, 2 critical/expired, 3 unreadable):
              meshcert-exporter check --file ./certs --output json

            Everything else (named sources, per-layer and per-source thresholds) lives in a YAML file: \
            --config.file; see examples/meshcert.yml.
            """,
        version: MeshCertVersion.current,
        subcommands: [Serve.self, Check.self, Demo.self, GenerateFixtures.self, ParseStats.self],
        defaultSubcommand: Serve.self
    )
}

/// The source options every command shares.
struct SourceOptions: ParsableArguments {
    @Option(name: .customLong("config.file"), help: ArgumentHelp("YAML configuration file (sources, thresholds).", valueName: "file"))
    var configFile: String?

    @Option(
        name: .customLong("file"),
        help: ArgumentHelp(
            "A certificate file, a directory (read recursively) or a glob (*, ?, [..], **). Repeatable. "
                + "Quote globs so the shell leaves them alone.",
            valueName: "path-or-glob"
        )
    )
    var files: [String] = []

    @Option(
        name: .customLong("dump"),
        help: ArgumentHelp(
            "A dump file (or a directory of them): kubectl get secrets/configmaps/peerauthentication -o yaml|json, "
                + "istioctl proxy-config secret -o json, an Envoy or ztunnel config dump. The format is found from the content. Repeatable.",
            valueName: "file"
        )
    )
    var dumps: [String] = []

    @Option(
        name: .customLong("endpoint"),
        help: ArgumentHelp("A TLS endpoint to probe, HOST:PORT ([::1]:443 for IPv6). Repeatable; the --endpoint.* options apply to all.", valueName: "host:port")
    )
    var endpoints: [String] = []

    @Option(name: .customLong("endpoint.server-name"), help: ArgumentHelp("Name sent as SNI and checked in the chain (default: each target's host).", valueName: "name"))
    var endpointServerName: String?

    @Option(name: .customLong("endpoint.client-cert"), help: ArgumentHelp("PEM client certificate for endpoints that demand one.", valueName: "file"))
    var endpointClientCert: String?

    @Option(name: .customLong("endpoint.client-key"), help: ArgumentHelp("PEM key of the client certificate: PKCS#8, SEC1 or RSA form, unencrypted.", valueName: "file"))
    var endpointClientKey: String?

    @Option(name: .customLong("endpoint.ca-file"), help: ArgumentHelp("PEM trust bundle to verify presented chains against (meshcert_chain_verified).", valueName: "file"))
    var endpointCAFile: String?

    @Option(name: .customLong("endpoint.timeout"), help: ArgumentHelp("Connect plus handshake, per target, e.g. 5s or 1m.", valueName: "duration"))
    var endpointTimeout: String = "5s"

    @Option(name: .customLong("endpoint.concurrency"), help: "Probes at once, at most.")
    var endpointConcurrency: Int = TLSEndpointSource.Options.defaultConcurrency

    @Option(name: .customLong("endpoint.starttls"), help: ArgumentHelp("Negotiate TLS inside a plain-text protocol first: smtp or postgres.", valueName: "protocol"))
    var endpointStartTLS: String?

    @Option(name: .customLong("mesh.stats-url"), help: ArgumentHelp(
        "A proxy's Prometheus stats: Envoy :15090/stats/prometheus, Istio's merged :15020/stats/prometheus, Linkerd :4191/metrics. Repeatable.",
        valueName: "url"))
    var meshStatsURLs: [String] = []

    @Option(name: .customLong("mesh.stats-file"), help: ArgumentHelp("Prometheus text saved to disk (a snapshot: lifetime values). Repeatable.", valueName: "file"))
    var meshStatsFiles: [String] = []

    @Option(name: .customLong("mesh.prometheus-url"), help: ArgumentHelp(
        "A Prometheus server that already scrapes the mesh; asked for the window's destination-side totals.", valueName: "url"))
    var meshPrometheusURL: String?

    @Option(name: .customLong("mesh.interval"), help: "How often the stats URLs are polled.")
    var meshInterval: String = "15s"

    @Option(name: .customLong("mesh.window"), help: "The window the mTLS ratio is taken over.")
    var meshWindow: String = "5m"

    @Option(name: .customLong("mesh.min-events"), help: "Below this many requests or connections in the window, no ratio is given.")
    var meshMinEvents: Double = 10

    func configuration() throws -> ExporterConfiguration {
        var configuration = ExporterConfiguration()
        if let configFile {
            do {
                configuration = try ConfigurationLoader.load(path: configFile)
            } catch {
                throw ValidationError("configuration error: \(error.description)")
            }
        }
        if !files.isEmpty {
            let taken = Set(configuration.sources.map(\.name))
            let name = taken.contains("files") ? "cli-files" : "files"
            configuration.sources.append(SourceConfiguration(name: name, input: .files(.init(paths: files))))
        }
        if !dumps.isEmpty {
            let taken = Set(configuration.sources.map(\.name))
            let name = taken.contains("dumps") ? "cli-dumps" : "dumps"
            configuration.sources.append(SourceConfiguration(name: name, input: .dumps(.init(paths: dumps), kind: .secret)))
        }
        if !endpoints.isEmpty {
            let taken = Set(configuration.sources.map(\.name))
            let name = taken.contains("endpoints") ? "cli-endpoints" : "endpoints"
            configuration.sources.append(SourceConfiguration(name: name, input: .endpoints(try endpointOptions())))
        } else if endpointServerName != nil || endpointClientCert != nil || endpointClientKey != nil || endpointCAFile != nil || endpointStartTLS != nil {
            throw ValidationError("the --endpoint.* options need at least one --endpoint HOST:PORT")
        }
        if !meshStatsURLs.isEmpty || !meshStatsFiles.isEmpty || meshPrometheusURL != nil {
            guard let interval = DurationText.parse(meshInterval), interval > 0 else { throw ValidationError("--mesh.interval '\(meshInterval)' is not a duration, e.g. 15s") }
            guard let window = DurationText.parse(meshWindow), window > 0 else { throw ValidationError("--mesh.window '\(meshWindow)' is not a duration, e.g. 5m") }
            let options = MeshStatsSource.Options(
                urls: meshStatsURLs, files: meshStatsFiles, prometheusURL: meshPrometheusURL, interval: interval, window: window, minimumEvents: meshMinEvents
            )
            let taken = Set(configuration.sources.map(\.name))
            configuration.sources.append(SourceConfiguration(name: taken.contains("mesh") ? "cli-mesh" : "mesh", input: .meshStats(options)))
        }
        guard !configuration.sources.isEmpty else {
            throw ValidationError(
                "no sources: pass --file PATH, --dump FILE, --endpoint HOST:PORT or --mesh.stats-url URL (repeatable) or --config.file FILE; "
                    + "try `meshcert-exporter demo` to see it work"
            )
        }
        return configuration
    }
}

extension SourceOptions {
    func endpointOptions() throws -> TLSEndpointSource.Options {
        var targets: [EndpointTarget] = []
        for text in endpoints {
            guard let target = EndpointTarget(parsing: text) else {
                throw ValidationError("--endpoint '\(text)' is not HOST:PORT (IPv6 in brackets: [::1]:443)")
            }
            targets.append(target)
        }
        guard let timeout = DurationText.parse(endpointTimeout), timeout > 0 else {
            throw ValidationError("--endpoint.timeout '\(endpointTimeout)' is not a duration; expected e.g. 5s or 1m")
        }
        guard endpointConcurrency > 0 else { throw ValidationError("--endpoint.concurrency must be at least 1") }
        var options = EndpointOptions(serverName: endpointServerName, timeout: timeout)
        switch (endpointClientCert, endpointClientKey) {
        case (nil, nil): break
        case (let certificate?, let key?):
            do {
                options.clientIdentity = try ClientIdentity.load(certificateFile: certificate, keyFile: key)
            } catch {
                throw ValidationError("client certificate: \(error.description)")
            }
        default: throw ValidationError("--endpoint.client-cert and --endpoint.client-key go together")
        }
        if let endpointCAFile {
            do {
                options.trustRoots = try EndpointOptions.loadTrustRoots(file: endpointCAFile)
                options.trustFile = endpointCAFile
            } catch {
                throw ValidationError("--endpoint.ca-file: \(error.description)")
            }
        }
        if let endpointStartTLS {
            guard let proto = StartTLSProtocol(rawValue: endpointStartTLS) else {
                throw ValidationError("--endpoint.starttls '\(endpointStartTLS)' is not supported; expected smtp or postgres")
            }
            options.startTLS = proto
        }
        return TLSEndpointSource.Options(targets: targets, endpoint: options, concurrency: endpointConcurrency)
    }
}

struct LoggingOptions: ParsableArguments {
    @Option(name: .customLong("log.level"), help: "One of trace, debug, info, notice, warning, error.")
    var level: Logger.Level = .info

    func makeLogger() -> Logger {
        LoggingSystem.bootstrap { label in StreamLogHandler.standardError(label: label) }
        var logger = Logger(label: "meshcert-exporter")
        logger.logLevel = level
        return logger
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve metrics over HTTP (the default command).")

    @OptionGroup var sources: SourceOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup(title: "Families and labels") var collectors: CollectorOptions

    @Option(name: .customLong("web.listen-address"), help: "Address to listen on: :9795, 127.0.0.1:9795, [::1]:9795.")
    var listenAddress: String = ":9795"

    func run() async throws {
        let configuration = collectors.applied(to: try sources.configuration())
        guard let address = ListenAddress(listenAddress) else {
            throw ValidationError("--web.listen-address '\(listenAddress)' is not HOST:PORT, e.g. :9795")
        }
        let logger = logging.makeLogger()
        try await serve(configuration: configuration, address: address, logger: logger)
    }
}

func serve(configuration: ExporterConfiguration, address: ListenAddress, logger: Logger) async throws {
    for source in configuration.sources {
        logger.info("source configured", metadata: ["source": "\(source.name)", "kind": "\(source.kind.rawValue)"])
    }
    logger.info("serving metrics at http://\(address.host == "0.0.0.0" ? "localhost" : address.host):\(address.port)/metrics")
    let coordinator = ScrapeCoordinator(configuration: configuration, logger: logger)
    let app = buildApplication(coordinator: coordinator, configuration: configuration, listen: address, logger: logger)
    var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: app)]
    let meshSources = coordinator.sources.compactMap { $0 as? MeshStatsSource }
    if !meshSources.isEmpty { services.append(.init(service: MeshStatsPoller(sources: meshSources, logger: logger))) }
    let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
    try await group.run()
}

struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read every source once and print one row per certificate.",
        discussion: "Exit status: 0 all ok, 1 any warning, 2 any critical or expired, 3 a file or source could not be read."
    )

    @OptionGroup var sources: SourceOptions
    @OptionGroup var logging: LoggingOptions

    @Option(help: "table (for people) or json (one object per line).")
    var output: CheckReport.Format = .table

    func run() async throws {
        let configuration = try sources.configuration()
        let logger = logging.makeLogger()
        let coordinator = ScrapeCoordinator(configuration: configuration, logger: logger)
        let snapshot = await coordinator.collect(timeout: max(configuration.collectionTimeout, 300))
        FileHandle.standardOutput.write(Data(CheckReport.renderBytes(snapshot, format: output)))
        let code = CheckReport.exitCode(snapshot)
        if code != 0 { throw ExitCode(code) }
    }
}

extension CheckReport.Format: ExpressibleByArgument {}
extension DumpBenchmarkFixtures.Format: ExpressibleByArgument {}

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a demo mesh PKI (root → intermediate → issuing → workload) to a directory and serve it.",
        discussion: "The issuing CA has 25 days left, inside its 30-day warning threshold: the CA nobody was watching."
    )

    @OptionGroup var logging: LoggingOptions

    @Option(name: .customLong("web.listen-address"), help: "Address to listen on.")
    var listenAddress: String = ":9795"

    @Option(help: ArgumentHelp("Where to write the demo files (default: a new temporary directory).", valueName: "directory"))
    var dir: String?

    func run() async throws {
        guard let address = ListenAddress(listenAddress) else {
            throw ValidationError("--web.listen-address '\(listenAddress)' is not HOST:PORT, e.g. :9795")
        }
        let logger = logging.makeLogger()
        let directory = URL(fileURLWithPath: dir ?? NSTemporaryDirectory() + "meshcert-demo-\(ProcessInfo.processInfo.processIdentifier)")
        let files = try DemoHierarchy.write(to: directory)
        logger.info("demo hierarchy written", metadata: ["directory": "\(directory.path)", "files": "\(files.count)"])
        let configuration = ExporterConfiguration(sources: [SourceConfiguration(name: "demo", input: .files(.init(paths: [directory.path])))])
        try await serve(configuration: configuration, address: address, logger: logger)
    }
}

struct GenerateFixtures: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate-fixtures",
        abstract: "Write benchmark fixtures: COUNT PEM files, each a workload certificate and its issuing CA.",
        shouldDisplay: false
    )

    @Option(help: "How many files (or secrets, with --dump).") var count: Int = 10_000
    @Option(help: "Workload certificates per issuing CA.") var perCA: Int = 100
    @Option(help: "Write one kubectl dump (json or yaml) of COUNT secrets instead of files.") var dump: DumpBenchmarkFixtures.Format?
    @Flag(help: "Write the alerting end-to-end fixtures (a certificate in each state) instead.") var alerting = false
    @Argument(help: "Directory (or, with --dump, file) to write.") var path: String

    func run() throws {
        if alerting {
            try AlertingFixtures.write(to: URL(fileURLWithPath: path))
            print("wrote the alerting fixtures to \(path)")
        } else if let dump {
            try DumpBenchmarkFixtures.write(count: count, perCA: perCA, format: dump, to: URL(fileURLWithPath: path))
            print("wrote \(count) secrets to \(path)")
        } else {
            let written = try BenchmarkFixtures.write(count: count, perCA: perCA, to: URL(fileURLWithPath: path))
            print("wrote \(written) files to \(path)")
        }
    }
}

struct ParseStats: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse-stats",
        abstract: "Benchmark: parse a saved stats payload (all families, then only the mesh traffic ones) and print time and rate.",
        shouldDisplay: false
    )

    @Argument(help: "Prometheus text file.") var file: String

    func run() throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
        let megabytes = Double(bytes.count) / 1e6
        let clock = ContinuousClock()
        var full = PrometheusTextPayload(samples: [], issues: [], types: [:])
        let fullTime = clock.measure { full = PrometheusTextParser.parse(bytes) }
        var traffic: [TrafficSample] = []
        let trafficTime = clock.measure { traffic = MeshStatsReading.samples(bytes) }
        func seconds(_ duration: Duration) -> Double { Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18 }
        print(String(format: "payload: %.1f MB", megabytes))
        print(String(format: "full parse: %.3f s, %.0f MB/s, %d samples, %d bad lines", seconds(fullTime), megabytes / seconds(fullTime), full.samples.count, full.issues.count))
        print(String(format: "mesh traffic only: %.3f s, %.0f MB/s, %d destination-side samples", seconds(trafficTime), megabytes / seconds(trafficTime), traffic.count))
    }
}
