import Foundation
import MeshCertCore
import MeshCertTestSupport
import Testing

@testable import MeshCertSources

/// A real Prometheus (Debian's package) holding istio_requests_total series, asked through its API.
@Suite("Mesh traffic from a real Prometheus server")
struct PrometheusQueryTests {
    @Test("destination-side increases by namespace and policy, as Kiali takes them")
    func queryAPI() async throws {
        let prometheus = try #require(Programs.find("prometheus"), "prometheus is installed by scripts/test.sh (Debian package prometheus)")
        let promtool = try #require(Programs.find("promtool"))
        let directory = try TemporaryDirectory("prometheus")
        defer { directory.remove() }

        // Ten minutes of counters, a sample every 15 s, ending one hour ago (inside the default retention).
        let end = Int(Date().timeIntervalSince1970) - 3600
        var text = "# TYPE istio_requests counter\n"
        for step in 0...40 {
            let time = end - 600 + step * 15
            let elapsed = step * 15
            for (reporter, policy, rate, namespace) in [
                ("destination", "mutual_tls", 9, "shop"), ("destination", "none", 1, "shop"), ("source", "unknown", 10, "shop"),
                ("destination", "mutual_tls", 4, "data"),
            ] {
                text += "istio_requests_total{reporter=\"\(reporter)\",destination_workload_namespace=\"\(namespace)\",connection_security_policy=\"\(policy)\"} \(rate * elapsed) \(time)\n"
            }
        }
        text += "# EOF\n"
        let input = try directory.write("series.om", text)
        let blocks = directory.path + "/data"
        let created = try await Programs.run(promtool, ["tsdb", "create-blocks-from", "openmetrics", input, blocks])
        try #require(created.status == 0, "promtool: \(created.stdout) \(created.stderr)")
        let config = try directory.write("prometheus.yml", "global: {}\n")

        let port = try FreePort.find()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: prometheus)
        process.arguments = [
            "--config.file=\(config)", "--storage.tsdb.path=\(blocks)", "--web.listen-address=127.0.0.1:\(port)", "--log.level=error",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { kill(process.processIdentifier, SIGKILL) }
        let base = "http://127.0.0.1:\(port)"
        try FreePort.waitUntilListening(port: port, process: process)
        var ready = false
        for _ in 0..<100 where !ready {
            if case .success = await HTTPFetch.get(base + "/-/ready", timeout: 1, maxBytes: 1024) { ready = true } else { try await Task.sleep(for: .milliseconds(100)) }
        }
        try #require(ready, "prometheus did not become ready")

        let at = Date(timeIntervalSince1970: TimeInterval(end))
        let result = await PrometheusTrafficQuery(base: base, window: 300, timeout: 5).window(at: at)
        let window = try result.get()
        let shop = try #require(window[TrafficKey(kind: .requests, destinationNamespace: "shop")])
        let data = try #require(window[TrafficKey(kind: .requests, destinationNamespace: "data")])
        // The source side's "unknown" is not counted; Prometheus' extrapolation scales both policies alike.
        #expect(shop.unknown == 0)
        #expect(abs(shop.mutualTLS - 2700) < 1)
        #expect(abs(shop.plaintext - 300) < 1)
        #expect(shop.mTLSRatio(minimumEvents: 10).map { abs($0 - 0.9) < 1e-9 } == true)
        #expect(data.mTLSRatio(minimumEvents: 10) == 1)

        // Through the source, as the exporter runs it.
        let source = MeshStatsSource(descriptor: SourceDescriptor(name: "mesh", kind: .meshStats), options: .init(prometheusURL: base, window: 300))
        let report = await source.collect(CollectionContext(now: at, deadline: .now + .seconds(10), parseCache: CertificateParseCache()))
        #expect(report.locations == [LocationStatus(location: base, isUp: true)])
        #expect(report.traffic?.meshWide()[.requests]?.mTLSRatio(minimumEvents: 10).map { abs($0 - 3900.0 / 4200.0) < 1e-9 } == true)
    }
}
