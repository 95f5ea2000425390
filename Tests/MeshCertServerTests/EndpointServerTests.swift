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

/// Endpoints through the whole exporter: /metrics with an endpoint source, /probe with modules,
/// and `check --endpoint`, all against a real `openssl s_server`.
@Suite("Endpoints over HTTP and the CLI", .serialized)
struct EndpointServerTests {
    let directory: TemporaryDirectory
    let pki: LivePKI

    init() throws {
        directory = try TemporaryDirectory("endpoint-server")
        pki = try LivePKI()
    }

    private func body(_ response: TestResponse) -> String { String(buffer: response.body) }

    @Test("/metrics: endpoint and chain metrics by the contract, passing promtool check metrics")
    func metrics() async throws {
        defer { directory.remove() }
        let server = try OpenSSLServer(presented: pki.presented, in: directory, arguments: ["-tls1_2"])
        defer { server.stop() }
        let refused = try FreePort.find()
        let configuration = ExporterConfiguration(sources: [
            SourceConfiguration(
                name: "edge",
                input: .endpoints(.init(
                    targets: [EndpointTarget(host: "127.0.0.1", port: server.port), EndpointTarget(host: "127.0.0.1", port: refused)],
                    endpoint: EndpointOptions(serverName: "localhost", trustRoots: [pki.root.certificate])
                ))
            )
        ])
        let app = buildApplication(configuration: configuration, listen: ListenAddress(host: "127.0.0.1", port: 0), logger: Logger(label: "test"))
        let text = try await app.test(.live) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in body(response) }
        }
        let up = "127.0.0.1:\(server.port)/localhost"
        let down = "127.0.0.1:\(refused)/localhost"
        #expect(text.contains(#"meshcert_endpoint_up{source="edge",location="\#(up)"} 1"#))
        #expect(text.contains(#"meshcert_endpoint_up{source="edge",location="\#(down)"} 0"#))
        #expect(text.contains(#"meshcert_endpoint_tls_version_info{source="edge",location="\#(up)",version="TLS 1.2"} 1"#))
        #expect(text.contains(#"meshcert_endpoint_client_cert_required{source="edge",location="\#(up)"} 0"#))
        #expect(text.contains(#"meshcert_endpoint_handshake_duration_seconds{source="edge",location="\#(up)"}"#))
        #expect(text.contains(#"meshcert_chain_verified{source="edge",source_kind="endpoint",location="\#(up)"} 1"#))
        #expect(text.contains(#"location="\#(up)",chain_index="0",layer="workload",subject_cn="localhost""#))
        #expect(text.contains(#"location="\#(up)",chain_index="1",layer="issuing",subject_cn="Live Issuing CA""#))
        #expect(text.contains(#"location="\#(up)",chain_index="2",layer="intermediate""#))
        #expect(text.contains(#"meshcert_source_errors_total{source="edge",source_kind="endpoint",reason="connect_refused"} 1"#))
        #expect(text.contains(#"meshcert_source_up{source="edge",source_kind="endpoint",location="\#(down)"} 0"#))
        let expected = Int(pki.presented.map(\.certificate.notValidAfter).min()!.timeIntervalSince1970)
        // The chain's earliest NotAfter, as the alerts read it by default: min over its certificates.
        let notAfters = text.split(separator: "\n").filter {
            $0.hasPrefix(#"meshcert_cert_not_after_timestamp_seconds{source="edge",source_kind="endpoint",location="\#(up)","#)
        }
        #expect(notAfters.count == pki.presented.count)
        #expect(notAfters.compactMap { $0.split(separator: " ").last.flatMap { Int($0) } }.min() == expected)
        #expect(!text.contains("meshcert_chain_earliest_not_after_timestamp_seconds{"), "off by default")

        let promtool = try #require(Programs.find("promtool"), "promtool is installed by .ci/run (Debian package prometheus)")
        let result = try await Programs.run(promtool, ["check", "metrics"], stdin: text)
        #expect(result.status == 0 && result.stdout.isEmpty && result.stderr.isEmpty, "promtool: \(result.stdout) \(result.stderr)")
    }

    @Test("/probe with a check_enforcement module: both enforcement gauges for an openssl s_server -Verify 1; absent without the key")
    func probeEnforcement() async throws {
        defer { directory.remove() }
        let caFile = try directory.write("client-ca.pem", pki.root.pem)
        let server = try OpenSSLServer(presented: pki.presented, in: directory, arguments: ["-www", "-Verify", "1", "-CAfile", caFile])
        defer { server.stop() }
        var enforced = EndpointOptions(serverName: "localhost")
        enforced.checkEnforcement = true
        let configuration = ExporterConfiguration(modules: ["enforced": enforced, "plain": EndpointOptions(serverName: "localhost")])
        let app = buildApplication(configuration: configuration, listen: ListenAddress(host: "127.0.0.1", port: 0), logger: Logger(label: "test"))
        let location = "127.0.0.1:\(server.port)/localhost"
        try await app.test(.router) { client in
            try await client.execute(uri: "/probe?target=127.0.0.1:\(server.port)&module=enforced", method: .get) { response in
                let text = body(response)
                #expect(text.contains(#"meshcert_endpoint_plaintext_accepted{source="enforced",location="\#(location)"} 0"#))
                #expect(text.contains(#"meshcert_endpoint_accepts_without_client_cert{source="enforced",location="\#(location)"} 0"#))
                #expect(text.contains("# TYPE meshcert_endpoint_plaintext_accepted gauge"))
            }
            try await client.execute(uri: "/probe?target=127.0.0.1:\(server.port)&module=plain", method: .get) { response in
                let text = body(response)
                #expect(!text.contains("meshcert_endpoint_plaintext_accepted"))
                #expect(!text.contains("meshcert_endpoint_accepts_without_client_cert"))
            }
        }
    }

    @Test("/probe?target=&module=: that target only, with the module's settings; 400 for a bad request")
    func probe() async throws {
        defer { directory.remove() }
        let server = try OpenSSLServer(presented: pki.presented, in: directory)
        defer { server.stop() }
        let stranger = try LivePKI(rootName: "Another Root")
        let configuration = ExporterConfiguration(modules: [
            "mesh": EndpointOptions(serverName: "localhost", trustRoots: [pki.root.certificate]),
            "foreign": EndpointOptions(serverName: "localhost", trustRoots: [stranger.root.certificate]),
        ])
        let app = buildApplication(configuration: configuration, listen: ListenAddress(host: "127.0.0.1", port: 0), logger: Logger(label: "test"))
        try await app.test(.router) { client in
            try await client.execute(uri: "/probe?target=127.0.0.1:\(server.port)&module=mesh", method: .get) { response in
                #expect(response.status == .ok)
                let text = body(response)
                let location = "127.0.0.1:\(server.port)/localhost"
                #expect(text.contains(#"meshcert_endpoint_up{source="mesh",location="\#(location)"} 1"#))
                #expect(text.contains(#"meshcert_chain_verified{source="mesh",source_kind="endpoint",location="\#(location)"} 1"#))
                #expect(text.contains(#"layer="issuing""#))
            }
            try await client.execute(uri: "/probe?target=127.0.0.1:\(server.port)&module=foreign", method: .get) { response in
                let text = body(response)
                #expect(text.contains(#"meshcert_chain_verified{source="foreign",source_kind="endpoint",location="127.0.0.1:\#(server.port)/localhost"} 0"#))
                #expect(text.contains(#"reason="unknown_authority"} 1"#))
            }
            try await client.execute(uri: "/probe?target=127.0.0.1:\(server.port)", method: .get) { response in
                // No module: the defaults, no SNI for an IP literal, no verdict without a trust bundle.
                let text = body(response)
                #expect(text.contains(#"meshcert_endpoint_up{source="default",location="127.0.0.1:\#(server.port)"} 1"#))
                #expect(!text.contains("meshcert_chain_verified"))
            }
            try await client.execute(uri: "/probe?module=mesh", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(body(response).hasPrefix("missing target"))
            }
            try await client.execute(uri: "/probe?target=nohost", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(body(response).contains("'nohost' is not host:port"))
            }
            try await client.execute(uri: "/probe?target=a:1&module=nope", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(body(response) == "unknown module 'nope'; configured modules: default, foreign, mesh\n")
            }
        }
    }

    @Test("a silent endpoint does not hold /metrics past Prometheus' deadline: the answer comes and says timeout")
    func deadline() async throws {
        let silent = try SilentListener()
        defer { silent.stop() }
        let configuration = ExporterConfiguration(sources: [
            SourceConfiguration(
                name: "edge",
                input: .endpoints(.init(targets: [EndpointTarget(host: "127.0.0.1", port: silent.port)], endpoint: EndpointOptions(timeout: 600)))
            )
        ])
        let app = buildApplication(configuration: configuration, listen: ListenAddress(host: "127.0.0.1", port: 0), logger: Logger(label: "test"))
        try await app.test(.router) { client in
            var headers = HTTPFields()
            // Prometheus allows 4 s: the exporter answers by 3.5 s, the source was told 3 s, so its own
            // timeout verdict arrives with room to spare even on a loaded 2-core machine.
            headers[HTTPField.Name("X-Prometheus-Scrape-Timeout-Seconds")!] = "4"
            try await client.execute(uri: "/metrics", method: .get, headers: headers) { response in
                let text = body(response)
                #expect(text.contains(#"meshcert_endpoint_up{source="edge",location="127.0.0.1:\#(silent.port)"} 0"#))
                // The source answered in time with its own verdict, rather than being cut off empty.
                #expect(text.contains(#"meshcert_source_errors_total{source="edge",source_kind="endpoint",reason="connect_timeout"} 1"#))
                #expect(text.contains(#"meshcert_source_up{source="edge",source_kind="endpoint",location="127.0.0.1:\#(silent.port)"} 0"#))
            }
        }
    }

    @Test("check --endpoint prints the presented chain and exits by its state")
    func check() async throws {
        defer { directory.remove() }
        let binary = Programs.exporterBinary()
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build the exporter first: swift build")
        let server = try OpenSSLServer(presented: pki.presented, in: directory)
        defer { server.stop() }
        let ca = try directory.write("ca.pem", pki.root.pem)
        let result = try await Programs.run(
            binary, ["check", "--endpoint", "127.0.0.1:\(server.port)", "--endpoint.server-name", "localhost", "--endpoint.ca-file", ca]
        )
        #expect(result.status == 0, "\(result.stdout) \(result.stderr)")  // a 12-hour leaf is inside no threshold
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.contains("CHAIN") == true)
        #expect(
            lines.contains {
                $0.hasPrefix("endpoints  127.0.0.1:\(server.port)/localhost") && $0.contains("workload") && $0.contains("localhost") && $0.contains("verified")
            }
        )
        #expect(lines.contains { $0.contains("issuing") && $0.contains("Live Issuing CA") })
        // The ca_file is a trust bundle, and its root is watched as a certificate at the file's path.
        #expect(lines.contains { $0.hasPrefix("endpoints  \(ca)  0") && $0.contains("root") })

        // Against a bundle that does not hold its root, the chain does not verify: critical, with the reason.
        let stranger = try TestPKI()
        let wrong = try directory.write("wrong.pem", stranger.root.pem)
        let unverified = try await Programs.run(
            binary, ["check", "--endpoint", "127.0.0.1:\(server.port)", "--endpoint.server-name", "localhost", "--endpoint.ca-file", wrong, "--output", "json"]
        )
        #expect(unverified.status == 2, "\(unverified.stdout) \(unverified.stderr)")
        #expect(unverified.stdout.contains(#""chain_verified":false,"chain_verify_errors":["unknown_authority"]"#))

        let bad = try await Programs.run(binary, ["check", "--endpoint", "nohost"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--endpoint: 'nohost' is not host:port"))
    }
}
