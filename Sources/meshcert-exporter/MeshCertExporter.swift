import ArgumentParser
import Foundation
import Logging
import MeshCertCore
import MeshCertServer
import MeshCertSources


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

            Check once, from a shell or a CI step (exit 0 ok, 1 warning, 2 critical, expired or not yet valid, \
            3 unreadable, 64 bad configuration; `check --help` says more):
              meshcert-exporter check --file ./certs --output json

            Everything else (named sources, per-layer and per-source thresholds) lives in a YAML file: \
            --config.file; see examples/meshcert.yml.
            """,
        version: MeshCertVersion.current,
        subcommands: [Serve.self, Check.self, Demo.self],
        defaultSubcommand: Serve.self
    )
}

/// The source flags every command shares. Each kind maps its own flags onto its settings and checks
/// them exactly as it checks the YAML file (`SourceKindDefinition.commandLineSource`).
struct SourceOptions: ParsableArguments {
    @Option(name: .customLong("config.file"), help: ArgumentHelp("YAML configuration file (sources, thresholds, /probe modules).", valueName: "file"))
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
        help: ArgumentHelp(
            "A TLS endpoint to probe, HOST:PORT ([::1]:443 for IPv6). Repeatable; the --endpoint.* options apply to all, and to /probe's default module.",
            valueName: "host:port"
        )
    )
    var endpoints: [String] = []

    @Option(name: .customLong("endpoint.server-name"), help: ArgumentHelp("Name sent as SNI and checked in the chain (default: each target's host).", valueName: "name"))
    var endpointServerName: String?

    @Option(name: .customLong("endpoint.client-cert"), help: ArgumentHelp("PEM client certificate for endpoints that demand one.", valueName: "file"))
    var endpointClientCert: String?

    @Option(
        name: .customLong("endpoint.client-key"),
        help: ArgumentHelp("The client certificate's PEM key file (a path, never the key itself): PKCS#8, SEC1 or RSA form, unencrypted.", valueName: "file")
    )
    var endpointClientKey: String?

    @Option(name: .customLong("endpoint.ca-file"), help: ArgumentHelp("PEM trust bundle to verify presented chains against (meshcert_chain_verified).", valueName: "file"))
    var endpointCAFile: String?

    @Option(name: .customLong("endpoint.timeout"), help: ArgumentHelp("Connect plus handshake, per target, e.g. 5s or 1m (default: 5s).", valueName: "duration"))
    var endpointTimeout: String?

    @Option(name: .customLong("endpoint.concurrency"), help: ArgumentHelp("Probes at once, at most (default: 64).", valueName: "n"))
    var endpointConcurrency: String?

    @Flag(
        name: .customLong("endpoint.check-enforcement"),
        help: "Also try each endpoint in plaintext and over TLS without a client certificate: is mTLS enforced, not just offered?"
    )
    var endpointCheckEnforcement = false

    @Option(name: .customLong("endpoint.starttls"), help: ArgumentHelp("Negotiate TLS inside a plain-text protocol first: smtp or postgres.", valueName: "protocol"))
    var endpointStartTLS: String?

    @Option(
        name: .customLong("mesh.stats-url"),
        help: ArgumentHelp(
            "A proxy's Prometheus stats: Envoy :15090/stats/prometheus, Istio's merged :15020/stats/prometheus, Linkerd :4191/metrics. "
                + "Repeatable. Credentials in the URL are sent, never shown.",
            valueName: "url"
        )
    )
    var meshStatsURLs: [String] = []

    @Option(name: .customLong("mesh.stats-file"), help: ArgumentHelp("Prometheus text saved to disk (a snapshot: lifetime values). Repeatable.", valueName: "file"))
    var meshStatsFiles: [String] = []

    @Option(
        name: .customLong("mesh.prometheus-url"),
        help: ArgumentHelp("A Prometheus server that already scrapes the mesh; asked for the window's destination-side totals.", valueName: "url")
    )
    var meshPrometheusURL: String?

    @Option(name: .customLong("mesh.interval"), help: ArgumentHelp("How often the stats URLs are polled (default: 15s).", valueName: "duration"))
    var meshInterval: String?

    @Option(name: .customLong("mesh.window"), help: ArgumentHelp("The window the mTLS ratio is taken over (default: 5m).", valueName: "duration"))
    var meshWindow: String?

    @Option(
        name: .customLong("mesh.min-events"),
        help: ArgumentHelp("Below this many requests or connections in the window, no ratio is given (default: 10).", valueName: "n")
    )
    var meshMinEvents: String?

    @Option(
        name: .customLong("probe.allowed-target"),
        help: ArgumentHelp(
            "A target /probe's default module may probe: host, glob (*.svc.cluster.local), address or CIDR block, with an optional :port. "
                + "Repeatable; none allows any target but then presents no client certificate.",
            valueName: "pattern"
        )
    )
    var probeAllowedTargets: [String] = []

    /// The flags as given, by name: each source kind reads its own.
    var flags: CommandLineFlags {
        let single: [String: String?] = [
            "endpoint.server-name": endpointServerName, "endpoint.client-cert": endpointClientCert, "endpoint.client-key": endpointClientKey,
            "endpoint.ca-file": endpointCAFile, "endpoint.timeout": endpointTimeout, "endpoint.concurrency": endpointConcurrency,
            "endpoint.starttls": endpointStartTLS, "mesh.prometheus-url": meshPrometheusURL, "mesh.interval": meshInterval,
            "mesh.window": meshWindow, "mesh.min-events": meshMinEvents,
        ]
        var values = single.compactMapValues { $0.map { [$0] } }
        values["file"] = files
        values["dump"] = dumps
        values["endpoint"] = endpoints
        values["mesh.stats-url"] = meshStatsURLs
        values["mesh.stats-file"] = meshStatsFiles
        values["probe.allowed-target"] = probeAllowedTargets
        values["endpoint.check-enforcement"] = endpointCheckEnforcement ? ["true"] : []
        return CommandLineFlags(values)
    }

    func configuration() throws -> ExporterConfiguration {
        let configuration: ExporterConfiguration
        do {
            configuration = try ExporterConfiguration.assemble(configFile: configFile, flags: flags)
        } catch {
            throw ValidationError("configuration error: \(error.description)")
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

    @Flag(name: .customLong("web.probe"), inversion: .prefixedNo, help: "Serve /probe (blackbox_exporter style). --no-web.probe turns it off: it connects where a request says.")
    var probe = true

    func run() async throws {
        var configuration = collectors.applied(to: try sources.configuration())
        configuration.probeEnabled = probe
        guard let address = ListenAddress(listenAddress) else {
            throw ValidationError("--web.listen-address '\(LogText.escaped(listenAddress))' is not HOST:PORT, e.g. :9795")
        }
        try await ExporterService.run(configuration: configuration, address: address, logger: logging.makeLogger())
    }
}

struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read every source once and print one row per certificate.",
        discussion: """
            Exit status (the worst that applies):
              0  nothing to act on
              1  a certificate inside its warning threshold, a PeerAuthentication that allows plaintext \
            (PERMISSIVE, DISABLE, a mesh-wide UNSET), or a namespace whose mTLS share is under --mesh.mtls-target
              2  a certificate inside its critical threshold, expired or not yet valid, or a chain that does not \
            verify against its trust bundle (--endpoint.ca-file)
              3  a file, glob, dump or endpoint could not be read (and nothing is critical)
              64 the configuration or a flag is wrong
            --output json writes one object per line: {"record":"certificate",…} for each certificate and \
            {"record":"unreadable","location":…,"reason":…,"message":…} for each place that could not be read.
            """
    )

    @OptionGroup var sources: SourceOptions
    @OptionGroup var logging: LoggingOptions

    @Option(help: "table (for people) or json (one object per line).")
    var output: CheckReport.Format = .table

    @Option(
        name: .customLong("mesh.mtls-target"),
        help: ArgumentHelp("The mTLS share of a namespace's traffic under which check exits 1 (the alert rules' default).", valueName: "ratio")
    )
    var mtlsTarget: Double = CheckReport.defaultMTLSTarget

    func validate() throws {
        guard (0...1).contains(mtlsTarget) else { throw ValidationError("--mesh.mtls-target: expected a ratio between 0 and 1, e.g. 0.999") }
    }

    func run() async throws {
        await CheckReport.runThenExit(configuration: try sources.configuration(), format: output, mtlsTarget: mtlsTarget, logger: logging.makeLogger())
    }
}

extension CheckReport.Format: ExpressibleByArgument {}

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
            throw ValidationError("--web.listen-address '\(LogText.escaped(listenAddress))' is not HOST:PORT, e.g. :9795")
        }
        try await DemoHierarchy.serve(directory: dir, address: address, logger: logging.makeLogger())
    }
}
