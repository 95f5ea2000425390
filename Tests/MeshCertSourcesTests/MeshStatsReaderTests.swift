import Foundation
import MeshCertCore
import Testing

@testable import MeshCertSources

@Suite("Mesh stats: destination-side semantics")
struct MeshStatsReaderTests {
    private func read(_ text: String) -> [TrafficSample] {
        MeshStatsReader.read(Array(text.utf8)).samples
    }

    @Test("Istio: destination reports count; the source side's 'unknown' is the trap it is")
    func istioReporters() {
        let samples = read(
            """
            # TYPE istio_requests_total counter
            istio_requests_total{reporter="destination",source_workload="web",destination_workload="cart",destination_workload_namespace="shop",connection_security_policy="mutual_tls",response_code="200"} 300
            istio_requests_total{reporter="source",source_workload="web",destination_workload="cart",destination_workload_namespace="shop",connection_security_policy="unknown",response_code="200"} 300
            istio_requests_total{reporter="destination",source_workload="unknown",destination_workload="cart",destination_workload_namespace="shop",connection_security_policy="none",response_code="200"} 10
            # TYPE istio_tcp_connections_opened_total counter
            istio_tcp_connections_opened_total{reporter="destination",destination_workload="db",destination_workload_namespace="data",connection_security_policy="mutual_tls"} 7
            istio_tcp_connections_opened_total{reporter="source",destination_workload="db",destination_workload_namespace="data",connection_security_policy="unknown"} 7
            """
        )
        #expect(samples.count == 3)
        #expect(samples.filter { $0.kind == .requests }.map(\.policy).sorted { $0.rawValue < $1.rawValue } == [.mutualTLS, .none])
        #expect(samples.first { $0.kind == .connections }?.destinationNamespace == "data")
        #expect(!samples.contains { $0.policy == .unknown })
    }

    @Test("Istio ambient: a waypoint's report counts only for a workload with no destination series")
    func waypoint() {
        let samples = read(
            """
            istio_requests_total{reporter="waypoint",destination_workload="cart",destination_workload_namespace="shop",connection_security_policy="mutual_tls"} 50
            istio_requests_total{reporter="destination",destination_workload="cart",destination_workload_namespace="shop",connection_security_policy="mutual_tls"} 50
            istio_requests_total{reporter="waypoint",destination_workload="api",destination_workload_namespace="ambient",connection_security_policy="mutual_tls"} 80
            """
        )
        #expect(samples.map(\.destinationNamespace).sorted() == ["ambient", "shop"])
        #expect(samples.reduce(0) { $0 + $1.value } == 130)
    }

    @Test("Linkerd: inbound only, tls=\"true\" is mTLS, the admin port and loopback are not mesh traffic")
    func linkerd() {
        let samples = read(
            """
            request_total{direction="inbound",target_port="8080",tls="true",namespace="shop"} 90
            request_total{direction="inbound",target_port="8080",tls="no_identity",no_tls_reason="no_tls_from_remote",namespace="shop"} 10
            request_total{direction="inbound",target_addr="0.0.0.0:4191",target_port="4191",tls="no_identity",no_tls_reason="no_tls_from_remote"} 30
            request_total{direction="inbound",target_port="8080",tls="no_identity",no_tls_reason="loopback",namespace="shop"} 5
            request_total{direction="outbound",tls="true",dst_namespace="data"} 40
            tcp_open_total{direction="inbound",peer="src",target_port="5432",tls="true",namespace="data"} 3
            control_request_total{addr="linkerd-dst-headless.linkerd.svc.cluster.local:8086",tls="true"} 1
            """
        )
        #expect(samples.count == 3)
        let requests = samples.filter { $0.kind == .requests }
        #expect(requests.map(\.policy).sorted { $0.rawValue < $1.rawValue } == [.mutualTLS, .none])
        #expect(requests.allSatisfy { $0.destinationNamespace == "shop" })
        #expect(samples.first { $0.kind == .connections }?.policy == .mutualTLS)
    }

    @Test("a bad line is an issue with its line number; the rest of the payload is used")
    func badLines() {
        let result = MeshStatsReader.read(
            Array(
                """
                istio_requests_total{reporter="destination",destination_workload_namespace="shop",connection_security_policy="mutual_tls"} 5
                istio_requests_total{reporter="destination",destination_workload_namespace="shop" 7
                istio_requests_total{reporter="destination",destination_workload_namespace="shop",connection_security_policy="none"} 2
                """.utf8
            )
        )
        #expect(result.samples.map(\.value) == [5, 2])
        #expect(result.issues.map(\.line) == [2])
    }
}
