import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import MeshCertCore
import MeshCertServer
import MeshCertSources
import MeshCertTestSupport
import Testing

/// What attackers and unlucky operators send: nothing of it stops the exporter or leaves through it.
@Suite("Hardening: hostile requests, secrets, bounds")
struct HardeningTests {
    let pki: TestPKI
    let directory: TemporaryDirectory

    init() throws {
        pki = try TestPKI(now: Date())
        directory = try TemporaryDirectory("hardening")
    }

    private func body(_ response: TestResponse) -> String { String(buffer: response.body) }

    @Test(
        "a scrape-timeout header of any value answers; none can trap",
        arguments: ["1e300", "inf", "Infinity", "0x1p70", "nan", "-1", "0", "99999999999999999999", "", String(repeating: "9", count: 10_000), "2.5"]
    )
    func timeoutHeader(value: String) async throws {
        defer { directory.remove() }
        try directory.write("certs/tls.crt", pki.workload.pem)
        let configuration = ExporterConfiguration(sources: [SourceConfiguration(name: "mesh", input: .files(.init(paths: [directory.path + "/certs"])))])
        let app = buildApplication(configuration: configuration, listen: ListenAddress(host: "127.0.0.1", port: 0), logger: Logger(label: "test"))
        try await app.test(.router) { client in
            var headers = HTTPFields()
            headers[HTTPField.Name("X-Prometheus-Scrape-Timeout-Seconds")!] = value
            try await client.execute(uri: "/metrics", method: .get, headers: headers) { response in
                #expect(response.status == .ok)
                #expect(body(response).contains(#"meshcert_source_certificates{source="mesh",source_kind="file"} 1"#))
            }
            try await client.execute(uri: "/probe?target=127.0.0.1:1", method: .get, headers: headers) { response in
                #expect(response.status == .ok)
                #expect(body(response).contains("meshcert_endpoint_up"))
            }
        }
    }

    @Test("the header is read into a bounded range")
    func timeoutRange() {
        #expect(ScrapeTimeout.fromHeader("10") == 9.5)
        #expect(ScrapeTimeout.fromHeader("0.2") == ScrapeTimeout.minimum)
        #expect(ScrapeTimeout.fromHeader("1e300") == nil)
        #expect(ScrapeTimeout.fromHeader("99999999999999999999") == ScrapeTimeout.maximum)
        #expect(ScrapeTimeout.clamped(.infinity) == ScrapeTimeout.maximum)
        #expect(ScrapeTimeout.clamped(.nan) == ScrapeTimeout.maximum)
    }

    @Test("credentials in a stats URL are sent but never shown: not in a location, not on the landing page")
    func urlSecrets() async throws {
        let url = "http://admin:s3cretPW@127.0.0.1:1/stats/prometheus?token=tok123"
        #expect(RedactedURL.shown(url) == "http://127.0.0.1:1/stats/prometheus")
        #expect(RedactedURL.shown("https://u@[::1]:15090/x#frag") == "https://[::1]:15090/x")
        let configuration = try ExporterConfiguration.assemble(configFile: nil, flags: CommandLineFlags(["mesh.stats-url": [url], "mesh.interval": ["1h"]]))
        let app = buildApplication(configuration: configuration, listen: ListenAddress(host: "127.0.0.1", port: 0), logger: Logger(label: "test"))
        try await app.test(.router) { client in
            for uri in ["/metrics", "/"] {
                try await client.execute(uri: uri, method: .get) { response in
                    let text = body(response)
                    #expect(!text.contains("s3cretPW") && !text.contains("tok123") && !text.contains("admin"), "\(uri) leaks a credential")
                    #expect(text.contains("127.0.0.1:1/stats/prometheus"))
                }
            }
        }
    }

    @Test("a private key pasted where a key file belongs is never echoed")
    func pastedKey() throws {
        let certificate = try directory.write("client.pem", pki.workload.pem)
        defer { directory.remove() }
        let key = pki.workload.privateKeyPEM
        let secretLine = String(key.split(separator: "\n")[1])
        var messages: [String] = []
        do {
            _ = try ExporterConfiguration.assemble(
                configFile: nil, flags: CommandLineFlags(["endpoint": ["a:1"], "endpoint.client-cert": [certificate], "endpoint.client-key": [key]])
            )
        } catch { messages.append(error.description) }
        let yaml = "sources:\n  - name: e\n    kind: endpoint\n    targets: [a:1]\n    client_cert: \(certificate)\n    client_key: |\n"
            + key.split(separator: "\n").map { "      \($0)" }.joined(separator: "\n") + "\n"
        do { _ = try ConfigurationLoader(file: "meshcert.yml").parse(yaml) } catch { messages.append(error.description) }
        #expect(messages.count == 2)
        for message in messages {
            #expect(!message.contains(secretLine), "\(message)")
            #expect(message.contains("not a file path"), "\(message)")
        }
    }

    @Test("the command line goes through the same checks and messages as the file")
    func commandLineChecks() {
        func message(_ flags: [String: [String]]) -> String {
            do {
                _ = try ExporterConfiguration.assemble(configFile: nil, flags: CommandLineFlags(flags))
                return "no error"
            } catch { return error.description }
        }
        #expect(message(["mesh.stats-file": ["/x"], "mesh.min-events": ["-1"]]).hasPrefix("--mesh.min-events: expected a number of events"))
        #expect(message(["endpoint": ["a:1"], "endpoint.server-name": ["bad name"]]).hasPrefix("--endpoint.server-name: 'bad name' is not a host name"))
        #expect(message(["endpoint": ["a:1"], "endpoint.timeout": ["soon"]]).hasPrefix("--endpoint.timeout: 'soon' is not a duration"))
        #expect(message(["endpoint": ["a:1"], "endpoint.concurrency": ["0"]]).hasPrefix("--endpoint.concurrency: expected a positive whole number"))
        #expect(message(["endpoint": ["nohost"]]).hasPrefix("--endpoint: 'nohost' is not host:port"))
        #expect(message(["file": ["/x"], "dump": ["/y"]]) == "no error")
    }

    @Test("/probe's default module takes the --endpoint.* flags")
    func defaultModuleFromFlags() throws {
        let configuration = try ExporterConfiguration.assemble(
            configFile: nil, flags: CommandLineFlags(["endpoint.timeout": ["2s"], "endpoint.server-name": ["mesh.example"]])
        )
        #expect(configuration.sources.isEmpty)
        #expect(configuration.modules["default"]?.timeout == 2)
        #expect(configuration.modules["default"]?.serverName == "mesh.example")
        #expect(configuration.modules["default"]?.checkEnforcement == false)
        let checking = try ExporterConfiguration.assemble(
            configFile: nil, flags: CommandLineFlags(["endpoint": ["a.example:443"], "endpoint.check-enforcement": ["true"]])
        )
        #expect(checking.modules["default"]?.checkEnforcement == true)
        #expect((checking.sources.first?.input as? TLSEndpointSource.Options)?.endpoint.checkEnforcement == true)
    }

    @Test("/probe: a module's allowed_targets is enforced; a module with a client certificate must have one; --no-web.probe removes it")
    func probeAllowlist() async throws {
        let certificate = try directory.write("client.pem", pki.workload.pem)
        let key = try directory.write("client.key", pki.workload.privateKeyPEM)
        defer { directory.remove() }
        let loader = ConfigurationLoader(file: "meshcert.yml")
        #expect(throws: ConfigurationError.self) {
            try loader.parse("modules:\n  mtls:\n    client_cert: \(certificate)\n    client_key: \(key)\n")
        }
        var configuration = try loader.parse(
            "modules:\n  mtls:\n    client_cert: \(certificate)\n    client_key: \(key)\n    allowed_targets: ['*.svc.cluster.local:443', '127.0.0.0/8']\n"
        )
        let app = buildApplication(configuration: configuration, listen: ListenAddress(host: "127.0.0.1", port: 0), logger: Logger(label: "test"))
        try await app.test(.router) { client in
            try await client.execute(uri: "/probe?target=10.1.2.3:443&module=mtls", method: .get) { response in
                #expect(response.status == .forbidden)
                #expect(body(response).contains("allowed_targets"))
            }
            try await client.execute(uri: "/probe?target=evil.example:443&module=mtls", method: .get) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/probe?target=127.0.0.1:1&module=mtls", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
        configuration.probeEnabled = false
        let closed = buildApplication(configuration: configuration, listen: ListenAddress(host: "127.0.0.1", port: 0), logger: Logger(label: "test"))
        try await closed.test(.router) { client in
            try await client.execute(uri: "/probe?target=127.0.0.1:1", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test("target patterns: names, globs, addresses, blocks and ports", arguments: [
        ("*.svc.cluster.local:443", "api.ns.svc.cluster.local:443", true), ("*.svc.cluster.local:443", "api.ns.svc.cluster.local:80", false),
        ("*.svc.cluster.local", "evil.example:443", false), ("10.0.0.0/8", "10.9.8.7:15443", true), ("10.0.0.0/8:443", "11.0.0.1:443", false),
        ("[fd00::/8]:443", "[fd12::1]:443", true), ("10.0.0.0/8", "ten.example:443", false), ("gateway.example", "GATEWAY.example:8443", true),
    ])
    func targetPatterns(pattern: String, target: String, allowed: Bool) throws {
        let parsed = try #require(TargetPattern(pattern))
        let endpoint = try #require(EndpointTarget(parsing: target))
        #expect(parsed.matches(endpoint) == allowed)
    }

    @Test("bad target patterns are refused", arguments: ["", "a b", "10.0.0.0/33", "host:99999", "[::1", "x/y"])
    func badPatterns(pattern: String) {
        #expect(TargetPattern(pattern) == nil)
    }

    @Test("two scrapes at once share one read: both answer in full and errors and rotations count once")
    func concurrentScrapes() async throws {
        defer { directory.remove() }
        try directory.write("certs/tls.crt", pki.workload.pem)
        try directory.write("certs/broken.pem", "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n")
        let coordinator = ScrapeCoordinator(
            configuration: ExporterConfiguration(sources: [SourceConfiguration(name: "mesh", input: .files(.init(paths: [directory.path + "/certs"])))]),
            logger: Logger(label: "test")
        )
        async let first = coordinator.collect(timeout: 10)
        async let second = coordinator.collect(timeout: 10)
        let (a, b) = await (first, second)
        #expect(a.certificates.count == 1 && b.certificates.count == 1)
        #expect(b.sources[0].errorCounts[.badPEM] ?? b.sources[0].errorCounts[.badBase64] ?? 0 == 1)
        #expect(a.sources[0].collectionSucceeded && b.sources[0].collectionSucceeded)
        let third = await coordinator.collect(timeout: 10)
        #expect(third.certificates.map(\.rotations) == [0])
        #expect(third.sources[0].errorCounts.values.reduce(0, +) == 1)
    }
}
