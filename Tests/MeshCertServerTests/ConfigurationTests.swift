import Foundation
import MeshCertCore
import MeshCertServer
import MeshCertSources
import MeshCertTestSupport
import Testing

@Suite("Configuration")
struct ConfigurationTests {
    private func parse(_ text: String) throws(ConfigurationError) -> ExporterConfiguration {
        try ConfigurationLoader(file: "meshcert.yml").parse(text)
    }

    private func error(_ text: String) -> String {
        do {
            _ = try parse(text)
            return "no error"
        } catch {
            return error.description
        }
    }

    @Test("the commented example in examples/ loads")
    func example() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("examples/meshcert.yml").path
        let configuration = try ConfigurationLoader.load(path: path)
        #expect(configuration.sources.map(\.name) == ["istio-cacerts", "workload-mounts", "corporate-roots", "cluster-dump", "proxy-dumps"])
        #expect(configuration.sources.map(\.kind) == [.file, .file, .file, .secret, .proxyDump])
        #expect(configuration.thresholds == .defaults)
        #expect(configuration.collectionTimeout == 10)
        let roots = configuration.sources[2].descriptor(global: configuration.thresholds)
        #expect(roots.forcedLayer == .root)
        #expect(roots.thresholds[.root] == ExpiryThresholds(warning: 3 * 365 * 86_400, critical: 180 * 86_400))
        guard let options = configuration.sources[1].input as? FileSource.Options else { Issue.record("not a file source"); return }
        #expect(options.maxFileSize == 4 << 20)
    }

    @Test("dump sources: secret, configmap and proxy_dump, with key patterns")
    func dumps() throws {
        let configuration = try parse(
            "sources:\n  - {name: s, kind: secret, paths: [/dumps/secrets.yaml], keys: ['*.crt', 'bundle.pem']}\n"
                + "  - {name: c, kind: configmap, paths: [/dumps/cm.json], max_file_size: 1MiB}\n  - {name: p, kind: proxy_dump, paths: ['/dumps/pods/*.json']}\n"
        )
        #expect(configuration.sources.map(\.kind) == [.secret, .configmap, .proxyDump])
        guard let options = (configuration.sources[0].input as? DumpSettings)?.options else { Issue.record("not a dump source"); return }
        #expect(options.keyPatterns == ["*.crt", "bundle.pem"])
        guard let sized = (configuration.sources[1].input as? DumpSettings)?.options else { Issue.record("not a dump source"); return }
        #expect(sized.maxFileSize == 1 << 20)
    }

    @Test("layer per location, the issuing memory, and stall bounds only for the layers given")
    func hierarchy() throws {
        let configuration = try parse(
            "hierarchy: {issuing_memory: 2h}\nrotation: {stall_ratio: {issuing: 0.8}}\n"
                + "sources:\n  - {name: f, kind: file, paths: [/etc/ca], layer: {'*/signing/*.pem': issuing, '/etc/ca/root.pem': root}}\n"
        )
        #expect(configuration.issuingMemory == 7200)
        #expect(configuration.rotationPolicy[.workload] == 0.9 && configuration.rotationPolicy[.issuing] == 0.8)
        #expect(configuration.rotationPolicy[.root] == nil)
        let descriptor = configuration.sources[0].descriptor(global: configuration.thresholds)
        #expect(descriptor.forcedLayer(at: "/etc/ca/signing/a.pem") == .issuing)
        #expect(descriptor.forcedLayer(at: "/etc/ca/root.pem") == .root)
        #expect(descriptor.forcedLayer(at: "/etc/ca/other.pem") == nil)
        #expect(error("sources:\n  - {name: f, kind: file, paths: [/x], layer: {'/x/*': leaf}}\n").contains("'leaf' is not a layer"))
    }

    @Test("trust_bundle: true marks every file of a file source, a pattern or list marks those files")
    func trustBundle() throws {
        let configuration = try parse(
            "sources:\n  - {name: a, kind: file, paths: [/etc/roots], trust_bundle: true}\n  - {name: b, kind: file, paths: [/etc], trust_bundle: ['*/roots/*.pem']}\n"
        )
        #expect((configuration.sources[0].input as? FileSource.Options)?.trustBundlePatterns == ["*"])
        #expect((configuration.sources[1].input as? FileSource.Options)?.trustBundlePatterns == ["*/roots/*.pem"])
        #expect(error("sources:\n  - {name: d, kind: secret, paths: [/d.yaml], trust_bundle: true}\n").contains("only a file source takes trust_bundle"))
    }

    @Test("spiffe_bundle sources: files and https federation endpoints, never plain http")
    func spiffeBundle() throws {
        let configuration = try parse(
            "sources:\n  - {name: fed, kind: spiffe_bundle, urls: ['https://spire.example.org:8443/'], trust_domain: Example.org, interval: 5m,"
                + " tls_config: {insecure_skip_verify: true}}\n  - {name: saved, kind: spiffe_bundle, paths: [/etc/bundles]}\n"
        )
        let options = try #require(configuration.sources[0].input as? SPIFFEBundleSource.Options)
        #expect(options.urls == ["https://spire.example.org:8443/"] && options.trustDomain == "example.org" && options.interval == 300)
        #expect(configuration.sources.map(\.kind) == [.spiffeBundle, .spiffeBundle])
        #expect(error("sources:\n  - {name: f, kind: spiffe_bundle, urls: ['http://spire:8443/']}\n").contains("is not an https URL"))
        #expect(error("sources:\n  - {name: f, kind: spiffe_bundle}\n").contains("needs paths or urls"))
    }

    @Test("an empty file is a valid configuration with the defaults")
    func empty() throws {
        let configuration = try parse("")
        #expect(configuration.sources.isEmpty)
        #expect(configuration.thresholds == .defaults)
    }

    @Test("global thresholds merge with the defaults, per layer and severity")
    func thresholds() throws {
        let configuration = try parse("thresholds:\n  issuing:\n    warning: 60d\n")
        #expect(configuration.thresholds[.issuing] == ExpiryThresholds(warning: 60 * 86_400, critical: 7 * 86_400))
        #expect(configuration.thresholds[.workload] == LayerThresholds.defaults[.workload])
    }

    @Test("endpoint sources and /probe modules: targets, SNI, client identity, trust bundle, timeout, STARTTLS")
    func endpoints() throws {
        let directory = try TemporaryDirectory("config-endpoints")
        defer { directory.remove() }
        let pki = try TestPKI(now: Date())
        let ca = try directory.write("ca.pem", pki.root.pem)
        let certificate = try directory.write("client.pem", pki.workload.pem)
        let key = try directory.write("client.key", pki.workload.privateKeyPEM)
        let configuration = try parse(
            """
            modules:
              mesh_mtls:
                server_name: istiod.istio-system.svc
                client_cert: \(certificate)
                client_key: \(key)
                ca_file: \(ca)
                timeout: 3s
                allowed_targets: ['*.istio-system.svc:15012']
              smtp:
                starttls: smtp
              enforced:
                check_enforcement: true
            sources:
              - name: edge
                kind: endpoint
                targets:
                  - gateway.example:443
                  - "[::1]:8443"
                  - {target: "10.0.0.9:443", server_name: internal.example, timeout: 9s, check_enforcement: true}
                server_name: api.example
                ca_file: \(ca)
                timeout: 2s
                concurrency: 8
                thresholds:
                  workload: {warning: 10d, critical: 2d}
            """
        )
        guard let options = try #require(configuration.sources.first).input as? TLSEndpointSource.Options else {
            Issue.record("not an endpoint source")
            return
        }
        let inside = EndpointTarget(host: "10.0.0.9", port: 443)
        #expect(options.targets == [EndpointTarget(host: "gateway.example", port: 443), EndpointTarget(host: "::1", port: 8443), inside])
        // A target's own settings override the source's, the rest is inherited.
        #expect(options.endpoint(for: inside).serverName == "internal.example")
        #expect(options.endpoint(for: inside).timeout == 9)
        #expect(options.endpoint(for: inside).checkEnforcement)
        #expect(!options.endpoint.checkEnforcement)
        #expect(configuration.modules["enforced"]?.checkEnforcement == true)
        #expect(configuration.modules["smtp"]?.checkEnforcement == false)
        #expect(options.endpoint(for: inside).trustRoots?.count == 1)
        #expect(options.perTarget.count == 1)
        #expect(options.endpoint.serverName == "api.example")
        #expect(options.endpoint.trustRoots?.count == 1)
        #expect(options.endpoint.timeout == 2)
        #expect(options.concurrency == 8)
        #expect(configuration.sources[0].kind == .endpoint)
        let mtls = try #require(configuration.modules["mesh_mtls"])
        #expect(mtls.clientIdentity?.certificateChain.count == 1)
        #expect(mtls.timeout == 3)
        #expect(mtls.allowedTargets.map(\.description) == ["*.istio-system.svc:15012"])
        #expect(configuration.modules["smtp"]?.startTLS == .smtp)
        #expect(configuration.modules["smtp"]?.timeout == EndpointOptions.defaultTimeout)
    }

    @Test("a client key that does not fit names the key file and its line, never the key")
    func badClientKey() throws {
        let directory = try TemporaryDirectory("config-key")
        defer { directory.remove() }
        let pki = try TestPKI(now: Date())
        let certificate = try directory.write("client.pem", pki.workload.pem)
        let key = try directory.write("client.key", pki.issuing.privateKeyPEM)
        let message = error("sources:\n  - name: e\n    kind: endpoint\n    targets: [a:1]\n    client_cert: \(certificate)\n    client_key: \(key)\n")
        #expect(message.hasPrefix("meshcert.yml:6: sources[0].client_key: \(key): does not match the certificate in \(certificate)"), "\(message)")
        #expect(!message.contains(String(pki.issuing.privateKeyPEM.split(separator: "\n")[1])))
    }

    @Test(
        "a bad key or value names the file, the line and the key",
        arguments: [
            ("sources:\n  - name: a\n    kind: file\n    pathz: [/x]\n", "meshcert.yml:4: sources[0].pathz: unknown key"),
            ("thresholds:\n  workload:\n    warning: soon\n", "meshcert.yml:3: thresholds.workload.warning: 'soon' is not a duration"),
            ("thresholds:\n  leaf: {warning: 1h}\n", "meshcert.yml:2: thresholds.leaf: unknown key; expected one of intermediate, issuing, root, workload"),
            ("sources:\n  - name: a\n    kind: nfs\n    paths: [/x]\n", "meshcert.yml:3: sources[0].kind: 'nfs' is not a source kind"),
            ("sources:\n  - name: a\n    kind: file\n    paths: [/x]\n    layer: leaf\n", "meshcert.yml:5: sources[0].layer: 'leaf' is not a layer"),
            ("sources:\n  - {name: a, kind: file, paths: [/x]}\n  - {name: a, kind: file, paths: [/y]}\n", "meshcert.yml:3: sources[1].name: 'a' is used by another source"),
            ("sources:\n  - name: a\n    kind: file\n", "meshcert.yml:2: sources[0]: a file source needs paths"),
            ("thresholds:\n  root: {warning: 1d, critical: 2d}\n", "meshcert.yml:2: thresholds.root: critical (2d) must not be longer than warning (1d)"),
            ("thresholds:\n  workload: {critical: 5h}\n", "meshcert.yml:2: thresholds.workload: critical must not be longer than warning"),
            ("rotation:\n  stall_ratio:\n    workload: 1.5\n", "meshcert.yml:3: rotation.stall_ratio.workload: expected a ratio between 0 and 1"),
            ("sources: [a, b\n", "meshcert.yml:2: is not valid YAML"),
            ("collection:\n  timeout: -3s\n", "meshcert.yml:2: collection.timeout: '-3s' is not a duration"),
            ("sources:\n  - name: a\n    kind: file\n    paths: [/x]\n    max_file_size: huge\n", "meshcert.yml:5: sources[0].max_file_size: 'huge' is not a size"),
            ("sources:\n  - name: e\n    kind: endpoint\n", "meshcert.yml:2: sources[0]: an endpoint source needs targets"),
            ("sources:\n  - name: e\n    kind: endpoint\n    targets:\n      - mesh.example:443\n      - mesh.example\n", "meshcert.yml:6: sources[0].targets[1]: 'mesh.example' is not host:port"),
            ("sources:\n  - name: e\n    kind: endpoint\n    targets: [a:1]\n    sni: x\n", "meshcert.yml:5: sources[0].sni: unknown key"),
            ("sources:\n  - name: e\n    kind: endpoint\n    targets: [a:1]\n    timeout: soon\n", "meshcert.yml:5: sources[0].timeout: 'soon' is not a duration"),
            ("sources:\n  - name: e\n    kind: endpoint\n    targets: [a:1]\n    starttls: imap\n", "meshcert.yml:5: sources[0].starttls: 'imap' is not supported; expected smtp or postgres"),
            ("sources:\n  - name: e\n    kind: endpoint\n    targets: [a:1]\n    check_enforcement: maybe\n", "meshcert.yml:5: sources[0].check_enforcement: 'maybe' is not true or false"),
            ("sources:\n  - name: e\n    kind: endpoint\n    targets: [a:1]\n    client_cert: /c.pem\n", "meshcert.yml:5: sources[0].client_cert: needs client_key beside it"),
            ("sources:\n  - name: e\n    kind: endpoint\n    targets: [a:1]\n    ca_file: /nonexistent/ca.pem\n", "meshcert.yml:5: sources[0].ca_file: /nonexistent/ca.pem: does not exist"),
            ("sources:\n  - name: e\n    kind: endpoint\n    targets: [a:1]\n    concurrency: 0\n", "meshcert.yml:5: sources[0].concurrency: expected a positive whole number"),
            ("sources:\n  - name: f\n    kind: file\n    paths: [/x]\n    targets: [a:1]\n", "meshcert.yml:5: sources[0].targets: only an endpoint source takes targets"),
            ("modules:\n  mtls:\n    client_certificate: /c.pem\n", "meshcert.yml:3: modules.mtls.client_certificate: unknown key"),
            ("sources:\n  - name: e\n    kind: endpoint\n    targets:\n      - {server_name: x}\n", "meshcert.yml:5: sources[0].targets[0]: needs target: host:port"),
            ("sources:\n  - name: e\n    kind: endpoint\n    targets:\n      - {target: 'a:1', concurrency: 3}\n", "meshcert.yml:5: sources[0].targets[0].concurrency: unknown key"),
            ("sources:\n  - name: a\n    kind: file\n    paths: [/x]\n    keys: ['*.crt']\n", "meshcert.yml:5: sources[0]: keys and mesh_root_namespace are settings of secret"),
            ("sources:\n  - name: a\n    kind: secret\n", "meshcert.yml:2: sources[0]: a secret source needs paths"),
            ("sources:\n  - name: a\n    kind: configmap\n    paths: [/x]\n    keys: []\n", "meshcert.yml:5: sources[0].keys: must name at least one key pattern"),
        ]
    )
    func rejected(yaml: String, expected: String) {
        let message = error(yaml)
        #expect(message.hasPrefix(expected), "got: \(message)")
    }
}
