import Foundation
import MeshCertCore
import MeshCertTestSupport
import Testing

@testable import MeshCertSources

@Suite("Mesh stats source against a real HTTP server")
struct MeshStatsSourceTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory("meshstats")
    }

    private func stats(mtls: Int, plaintext: Int, sourceSide: Int = 0) -> String {
        """
        # TYPE istio_requests_total counter
        istio_requests_total{reporter="destination",destination_workload="cart",destination_workload_namespace="shop",connection_security_policy="mutual_tls"} \(mtls)
        istio_requests_total{reporter="destination",destination_workload="cart",destination_workload_namespace="shop",connection_security_policy="none"} \(plaintext)
        istio_requests_total{reporter="source",destination_workload="pay",destination_workload_namespace="shop",connection_security_policy="unknown"} \(sourceSide)

        """
    }

    private func context(_ now: Date) -> CollectionContext {
        CollectionContext(now: now, deadline: .now + .seconds(10), parseCache: CertificateParseCache())
    }

    private let shop = TrafficKey(kind: .requests, destinationNamespace: "shop")

    @Test("polls a real server whose stats change between polls; ratio over the window, counters since start")
    func pollsAndWindows() async throws {
        defer { directory.remove() }
        try directory.write("stats", stats(mtls: 1000, plaintext: 0, sourceSide: 999))
        let server = try LocalHTTPServer(directory: directory.path)
        defer { server.stop() }
        let source = MeshStatsSource(
            descriptor: SourceDescriptor(name: "mesh", kind: .meshStats),
            options: .init(urls: [server.url("stats")], window: 60, minimumEvents: 10)
        )
        let t0 = Reference.now
        await source.poll(now: t0)
        try directory.write("stats", stats(mtls: 1090, plaintext: 10, sourceSide: 5000))
        await source.poll(now: t0 + 30)
        try directory.write("stats", stats(mtls: 1170, plaintext: 30, sourceSide: 9000))
        await source.poll(now: t0 + 61)
        let report = await source.collect(context(t0 + 61))
        let traffic = try #require(report.traffic)
        #expect(traffic.window[shop] == TrafficCounts(mutualTLS: 170, plaintext: 30))
        #expect(traffic.window[shop]?.mTLSRatio(minimumEvents: 10) == 0.85)
        #expect(traffic.totals[shop] == TrafficCounts(mutualTLS: 170, plaintext: 30))
        #expect(report.locations == [LocationStatus(location: server.url("stats"), isUp: true)])
        #expect(report.freshErrors.isEmpty)
    }

    @Test("one pod named at two endpoints (15020 and 15090) is counted once")
    func samePodTwice() async throws {
        defer { directory.remove() }
        try directory.write("merged", stats(mtls: 100, plaintext: 0))
        try directory.write("envoy", stats(mtls: 100, plaintext: 0))
        let server = try LocalHTTPServer(directory: directory.path)
        defer { server.stop() }
        let source = MeshStatsSource(
            descriptor: SourceDescriptor(name: "mesh", kind: .meshStats),
            options: .init(urls: [server.url("merged"), server.url("envoy")], window: 60, minimumEvents: 1)
        )
        let t0 = Reference.now
        await source.poll(now: t0)
        try directory.write("merged", stats(mtls: 150, plaintext: 0))
        try directory.write("envoy", stats(mtls: 150, plaintext: 0))
        await source.poll(now: t0 + 15)
        let report = await source.collect(context(t0 + 15))
        #expect(report.traffic?.totals[shop] == TrafficCounts(mutualTLS: 50))
    }

    @Test("a URL that fails is its own down location with a reason; a saved file is a snapshot of lifetime values")
    func failuresAndFiles() async throws {
        defer { directory.remove() }
        let file = try directory.write("saved.prom", stats(mtls: 999, plaintext: 1))
        let server = try LocalHTTPServer(directory: directory.path)
        defer { server.stop() }
        let source = MeshStatsSource(
            descriptor: SourceDescriptor(name: "mesh", kind: .meshStats),
            options: .init(urls: [server.url("missing"), "http://127.0.0.1:1/stats"], files: [file], window: 60, minimumEvents: 10, timeout: 2)
        )
        let report = await source.collect(context(Reference.now))
        let reasons = Dictionary(report.freshErrors.map { ($0.location, $0.reason) }, uniquingKeysWith: { first, _ in first })
        #expect(reasons == [server.url("missing"): .httpStatus, "http://127.0.0.1:1/stats": .connectRefused])
        #expect(report.traffic?.window[shop]?.mTLSRatio(minimumEvents: 10) == 0.999)
        #expect(report.locations.filter(\.isUp).map(\.location) == [file])
    }
}
