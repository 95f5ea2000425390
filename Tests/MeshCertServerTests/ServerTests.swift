import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import InMemoryLogging
import Logging
import MeshCertCore
import MeshCertServer
import MeshCertSources
import MeshCertTestSupport
import Testing

/// A source that never answers: how a hung NFS mount or a stuck probe looks to the coordinator.
struct HungSource: CertificateSource {
    let descriptor = SourceDescriptor(name: "hung", kind: .file)
    var targets: [String] { ["nowhere"] }

    func collect(_ context: CollectionContext) async -> SourceReport {
        try? await Task.sleep(for: .seconds(3600))
        return SourceReport()
    }
}

@Suite("HTTP server and scrape coordination")
struct ServerTests {
    let pki: TestPKI
    let directory: TemporaryDirectory

    init() throws {
        pki = try TestPKI(now: Date())
        directory = try TemporaryDirectory("server")
    }

    private func configuration(_ paths: [String]) -> ExporterConfiguration {
        ExporterConfiguration(sources: [SourceConfiguration(name: "mesh", input: .files(.init(paths: paths)))])
    }

    private func body(_ response: TestResponse) -> String {
        String(buffer: response.body)
    }

    @Test("/metrics collects on the scrape; / lists the sources; /healthz answers")
    func routes() async throws {
        defer { directory.remove() }
        let chain = try directory.write("certs/cert-chain.pem", pki.workload.pem + pki.issuing.pem + pki.intermediate.pem)
        try directory.write("certs/root-cert.pem", pki.root.pem)
        try directory.write("certs/key.pem", pki.workload.privateKeyPEM)
        let configuration = configuration([directory.path + "/certs"])
        let app = buildApplication(configuration: configuration, listen: ListenAddress(host: "127.0.0.1", port: 0), logger: Logger(label: "test"))
        try await app.test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
                let text = body(response)
                #expect(text.contains(#"meshcert_cert_expiry_state{source="mesh",source_kind="file",location="\#(chain)",chain_index="0",layer="workload"} 0"#))
                #expect(text.contains(#"meshcert_cert_info{source="mesh",source_kind="file",location="\#(chain)",chain_index="0",layer="workload",issuer_cn="Test Issuing CA","#))
                #expect(text.contains(#"chain_index="1",layer="issuing""#))
                #expect(text.contains(#"chain_index="2",layer="intermediate""#))
                #expect(text.contains(#"layer="root""#))
                #expect(text.contains(#"meshcert_source_certificates{source="mesh",source_kind="file"} 4"#))
                #expect(text.contains(#"meshcert_threshold_seconds{layer="workload",severity="critical"} 3600"#))
                // The private key beside the certificates never reaches the output.
                let keyLine = String(pki.workload.privateKeyPEM.split(separator: "\n")[1])
                #expect(!text.contains(keyLine))
                #expect(!text.contains("key.pem"))
            }
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(body(response).contains("<td>mesh</td><td>file</td>"))
                #expect(body(response).contains("href=\"/metrics\""))
            }
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(body(response) == "ok\n")
            }
        }
    }

    @Test("a certificate removed between scrapes is gone from the next one; a rotation is counted")
    func freshEachScrape() async throws {
        defer { directory.remove() }
        let path = try directory.write("certs/tls.crt", pki.workload.pem)
        let extra = try directory.write("certs/extra.pem", pki.root.pem)
        let coordinator = ScrapeCoordinator(configuration: configuration([directory.path + "/certs"]), logger: Logger(label: "test"))
        let first = await coordinator.collect(timeout: 10)
        #expect(first.certificates.count == 2)
        try FileManager.default.removeItem(atPath: extra)
        try directory.write("certs/tls.crt", try TestPKI(now: Date()).workload.pem)
        let second = await coordinator.collect(timeout: 10)
        #expect(second.certificates.map(\.identity.location) == [path])
        #expect(second.certificates.map(\.rotations) == [1])
    }

    @Test("a hung source costs only its own result: the scrape answers by Prometheus' deadline")
    func deadline() async throws {
        defer { directory.remove() }
        try directory.write("certs/root.pem", pki.root.pem)
        let files = FileSource(descriptor: SourceDescriptor(name: "mesh", kind: .file), options: .init(paths: [directory.path + "/certs"]))
        let coordinator = ScrapeCoordinator(sources: [files, HungSource()], thresholds: .defaults, rotationPolicy: .defaults, logger: Logger(label: "test"))
        let app = buildApplication(
            coordinator: coordinator, configuration: ExporterConfiguration(), listen: ListenAddress(host: "127.0.0.1", port: 0), logger: Logger(label: "test")
        )
        try await app.test(.router) { client in
            var headers = HTTPFields()
            headers[HTTPField.Name("X-Prometheus-Scrape-Timeout-Seconds")!] = "1.5"
            try await client.execute(uri: "/metrics", method: .get, headers: headers) { response in
                let text = body(response)
                #expect(text.contains(#"meshcert_source_certificates{source="mesh",source_kind="file"} 1"#))
                #expect(text.contains(#"meshcert_source_certificates{source="hung",source_kind="file"} 0"#))
                // Prometheus' 1.5 s less the half second it needs to read the answer.
                #expect(text.contains(#"meshcert_collection_duration_seconds{source="hung"} 1"#))
            }
        }
    }

    @Test("a broken file is logged once per change, naming the file and the reason; keys never reach the log")
    func logsOncePerChange() async throws {
        defer { directory.remove() }
        let logs = InMemoryLogHandler()
        let logger = Logger(label: "test", factory: { _ in logs })
        let broken = try directory.write("certs/broken.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n")
        try directory.write("certs/key.pem", pki.root.privateKeyPEM)
        try directory.write("certs/ok.pem", pki.root.pem)
        let coordinator = ScrapeCoordinator(configuration: configuration([directory.path + "/certs"]), logger: logger)
        for _ in 0..<3 { _ = await coordinator.collect(timeout: 10) }
        let warnings = logs.entries.filter { $0.level == .warning }
        #expect(warnings.count == 1)
        #expect(warnings.first?.message.description == "\(broken) CERTIFICATE block at line 1 has no END line (truncated)")
        #expect(warnings.first?.metadata["reason"] == "bad_pem")
        let keyLine = String(pki.root.privateKeyPEM.split(separator: "\n")[1])
        #expect(!logs.entries.map { "\($0.message) \($0.metadata)" }.joined().contains(keyLine))
        let snapshot = await coordinator.collect(timeout: 10)
        #expect(snapshot.sources[0].errorCounts == [.badPEM: 1])
    }

    @Test("a real scrape over a live socket passes promtool check metrics")
    func promtool() async throws {
        defer { directory.remove() }
        let promtool = try #require(Programs.find("promtool"), "promtool is installed by .ci/run (Debian package prometheus)")
        try directory.write("certs/cert-chain.pem", pki.workload.pem + pki.issuing.pem + pki.intermediate.pem)
        try directory.write("certs/root-cert.pem", pki.root.pem)
        try directory.write("certs/we\"ird\\name.pem", pki.root.pem)
        try directory.write("certs/broken.pem", "garbage")
        let app = buildApplication(
            configuration: configuration([directory.path + "/certs"]), listen: ListenAddress(host: "127.0.0.1", port: 0), logger: Logger(label: "test")
        )
        let scraped = try await app.test(.live) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in body(response) }
        }
        #expect(scraped.contains("meshcert_source_up"))
        let result = try await Programs.run(promtool, ["check", "metrics"], stdin: scraped)
        #expect(result.status == 0, "promtool: \(result.stdout) \(result.stderr)")
        #expect(result.stdout.isEmpty && result.stderr.isEmpty, "promtool lint: \(result.stdout) \(result.stderr)")
    }

    @Test("listen addresses in Prometheus' form")
    func listenAddresses() {
        #expect(ListenAddress(":9795") == ListenAddress(host: "0.0.0.0", port: 9795))
        #expect(ListenAddress("127.0.0.1:8080") == ListenAddress(host: "127.0.0.1", port: 8080))
        #expect(ListenAddress("[::1]:9795") == ListenAddress(host: "::1", port: 9795))
        #expect(ListenAddress("9795") == nil)
        #expect(ListenAddress(":99999") == nil)
    }
}
