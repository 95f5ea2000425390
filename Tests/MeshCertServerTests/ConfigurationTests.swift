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
        guard case .files(let options) = configuration.sources[1].input else { Issue.record("not a file source"); return }
        #expect(options.maxFileSize == 4 << 20)
    }

    @Test("dump sources: secret, configmap and proxy_dump, with key patterns")
    func dumps() throws {
        let configuration = try parse(
            "sources:\n  - {name: s, kind: secret, paths: [/dumps/secrets.yaml], keys: ['*.crt', 'bundle.pem']}\n"
                + "  - {name: c, kind: configmap, paths: [/dumps/cm.json], max_file_size: 1MiB}\n  - {name: p, kind: proxy_dump, paths: ['/dumps/pods/*.json']}\n"
        )
        #expect(configuration.sources.map(\.kind) == [.secret, .configmap, .proxyDump])
        guard case .dumps(let options, _) = configuration.sources[0].input else { Issue.record("not a dump source"); return }
        #expect(options.keyPatterns == ["*.crt", "bundle.pem"])
        guard case .dumps(let sized, _) = configuration.sources[1].input else { Issue.record("not a dump source"); return }
        #expect(sized.maxFileSize == 1 << 20)
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
