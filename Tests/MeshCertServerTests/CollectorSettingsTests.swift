import Foundation
import MeshCertExposition
import MeshCertServer
import MeshCertSources
import MeshCertTestSupport
import Testing

@Suite("Family switches from YAML and the command line")
struct CollectorSettingsTests {
    private func parse(_ text: String) throws(ConfigurationError) -> ExporterConfiguration {
        try ConfigurationLoader(file: "meshcert.yml").parse(text)
    }

    @Test("exposition.collectors sets switches over the defaults; a name left out keeps its default")
    func yaml() async throws {
        #expect(try parse("sources: []\n").collectors == .defaults)
        let configuration = try parse(
            """
            exposition:
              collectors:
                cert_expires_in: true
                info_dns_names: true
                info_dump_labels: false
            """
        )
        var expected = ExpositionCollectors.defaults
        expected.insert(.certExpiresIn)
        expected.insert(.infoDNSNames)
        expected.remove(.infoDumpLabels)
        #expect(configuration.collectors == expected)
    }

    @Test(
        "a bad exposition key names the line, the key and what was expected",
        arguments: [
            ("exposition:\n  colectors: {}\n", "meshcert.yml:2: exposition.colectors: unknown key; expected one of collectors"),
            ("exposition:\n  collectors:\n    cert_expires: true\n", "meshcert.yml:3: exposition.collectors.cert_expires: unknown collector; expected one of cert_not_before, cert_expires_in, cert_lifetime, cert_lifetime_elapsed_ratio, cert_mtls_usable, chain_earliest_not_after, info_dns_names, info_ip_addresses, info_dump_labels"),
            ("exposition:\n  collectors:\n    cert_lifetime: sometimes\n", "meshcert.yml:3: exposition.collectors.cert_lifetime: expected true or false"),
            ("exposition: on\n", "meshcert.yml:1: exposition: expected a mapping of keys to values"),
        ]
    )
    func rejected(yaml: String, expected: String) {
        do {
            _ = try parse(yaml)
            Issue.record("accepted: \(yaml)")
        } catch {
            #expect(error.description == expected)
        }
    }

    @Test("every registry entry has its --collector.NAME and --no-collector.NAME flags, with its default in the help")
    func flags() async throws {
        let help = try await Programs.run(Programs.exporterBinary(), ["serve", "--help"])
        #expect(help.status == 0)
        let both = try await Programs.run(Programs.exporterBinary(), ["--collector.cert_lifetime", "--no-collector.cert_lifetime", "--file", "/nowhere"])
        #expect(both.status != 0 && both.stderr.contains("contradict"))
        // Help wraps its lines: compare with the whitespace folded.
        let text = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for collector in ExpositionCollector.allCases {
            #expect(text.contains("--collector.\(collector.rawValue) Write "), "\(collector)")
            #expect(text.contains("--no-collector.\(collector.rawValue) Leave out"), "\(collector)")
            #expect(text.contains("\(collector.help) (default: \(collector.enabledByDefault ? "on" : "off"))."), "\(collector)")
        }
    }
}
