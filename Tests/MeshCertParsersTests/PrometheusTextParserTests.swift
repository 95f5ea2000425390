import Foundation
import Testing

@testable import MeshCertParsers

private func parseText(_ text: String) -> PrometheusTextPayload {
    PrometheusTextParser.parse(Array(text.utf8))
}

private func parseText(_ text: String, keeping families: Set<String>) -> PrometheusTextPayload {
    PrometheusTextParser.parse(Array(text.utf8), keepingFamilies: families)
}

/// Lines and reasons only: columns are checked where they matter.
private func issueLines(_ payload: PrometheusTextPayload) -> [String] {
    payload.issues.map { "\($0.line):\($0.reason.rawValue)" }
}

// MARK: - Excerpts of real mesh output (verbatim lines; the project never reads ../shared at test time)

/// Istio 1.17.8 sidecar `curl localhost:15000/stats/prometheus | grep istio_requests_total`: the inbound
/// (destination) series says mutual_tls, the outbound (source) series of the same mTLS call says unknown.
private let istioSidecarRequestsExcerpt = #"""
# TYPE istio_requests_total counter
istio_requests_total{reporter="destination",source_workload="istio-ingressgateway",source_canonical_service="istio-ingressgateway",source_canonical_revision="latest",source_workload_namespace="istio-system",source_principal="spiffe://cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account",source_app="istio-ingressgateway",source_version="unknown",source_cluster="Kubernetes",destination_workload="webapp",destination_workload_namespace="istioinaction",destination_principal="spiffe://cluster.local/ns/istioinaction/sa/webapp",destination_app="webapp",destination_version="",destination_service="webapp.istioinaction.svc.cluster.local",destination_canonical_service="webapp",destination_canonical_revision="latest",destination_service_name="webapp",destination_service_namespace="istioinaction",destination_cluster="Kubernetes",request_protocol="http",response_code="200",grpc_response_status="",response_flags="-",connection_security_policy="mutual_tls"} 310
istio_requests_total{reporter="source",source_workload="webapp",source_canonical_service="webapp",source_canonical_revision="latest",source_workload_namespace="istioinaction",source_principal="spiffe://cluster.local/ns/istioinaction/sa/webapp",source_app="webapp",source_version="",source_cluster="Kubernetes",destination_workload="catalog",destination_workload_namespace="istioinaction",destination_principal="spiffe://cluster.local/ns/istioinaction/sa/catalog",destination_app="catalog",destination_version="v1",destination_service="catalog.istioinaction.svc.cluster.local",destination_canonical_service="catalog",destination_canonical_revision="v1",destination_service_name="catalog",destination_service_namespace="istioinaction",destination_cluster="Kubernetes",request_protocol="http",response_code="200",grpc_response_status="",response_flags="-",connection_security_policy="unknown"} 310

"""#

/// Istio 1.17.8 sidecar `:15090/stats/prometheus`, as published with the author's `...` elision on line 6.
private let istioSidecarEnvoyClusterExcerpt = #"""
# TYPE envoy_cluster_assignment_stale counter
envoy_cluster_assignment_stale{cluster_name="outbound|80||catalog.istioinaction.svc.cluster.local"} 0
envoy_cluster_assignment_stale{cluster_name="xds-grpc"} 0
# TYPE envoy_cluster_client_ssl_socket_factory_ssl_context_update_by_sds counter
envoy_cluster_client_ssl_socket_factory_ssl_context_update_by_sds{cluster_name="outbound|80||catalog.istioinaction.svc.cluster.local"} 2
...
envoy_server_initialization_time_ms_count{} 1

"""#

/// pilot-agent's merged `:15020/stats/prometheus` (agent, then Envoy, then the application, concatenated).
private let istioMerged15020Excerpt = #"""
# HELP istio_agent_cert_expiry_seconds The time remaining, in seconds, before the certificate chain will expire. A negative value indicates the cert is expired.
# TYPE istio_agent_cert_expiry_seconds gauge
istio_agent_cert_expiry_seconds{resource_name="default"} 44150.566006366
python_info{implementation="CPython",major="3",minor="9",patchlevel="18",version="3.9.18"} 1.0

"""#

/// Vanilla Envoy: default tag names, `{}` on label-less series, the INT32_MAX "no certificate" sentinel.
private let vanillaEnvoyExcerpt = #"""
# TYPE envoy_server_days_until_first_cert_expiring gauge
envoy_server_days_until_first_cert_expiring{} 2147483647
# TYPE envoy_listener_downstream_cx_total counter
envoy_listener_downstream_cx_total{envoy_listener_address="0.0.0.0_2015"} 0
envoy_listener_ssl_handshake{envoy_listener_address="0.0.0.0_10446"} 2

"""#

/// linkerd2-proxy `:4191/metrics` as `linkerd diagnostics proxy-metrics` prints it (pod header comments).
private let linkerdProxyExcerpt = #"""
#
# POD slow-cooker-opaque-pod-mjqsw (1 of 1)
#
# HELP request_total Total count of HTTP requests.
# TYPE request_total counter
request_total{direction="inbound",target_addr="0.0.0.0:4191",target_ip="0.0.0.0",target_port="4191",tls="no_identity",no_tls_reason="no_tls_from_remote",srv_kind="default",srv_name="all-unauthenticated",authz_kind="default",authz_name="all-unauthenticated"} 30
# HELP response_latency_ms Elapsed times between a request's headers being received and its response stream completing
# TYPE response_latency_ms histogram
response_latency_ms_bucket{direction="inbound",target_addr="0.0.0.0:4191",target_ip="0.0.0.0",target_port="4191",tls="no_identity",no_tls_reason="no_tls_from_remote",srv_kind="default",srv_name="all-unauthenticated",authz_kind="default",authz_name="all-unauthenticated",status_code="200",le="50000"} 29
response_latency_ms_bucket{direction="inbound",target_addr="0.0.0.0:4191",target_ip="0.0.0.0",target_port="4191",tls="no_identity",no_tls_reason="no_tls_from_remote",srv_kind="default",srv_name="all-unauthenticated",authz_kind="default",authz_name="all-unauthenticated",status_code="200",le="+Inf"} 29
response_latency_ms_count{direction="inbound",target_addr="0.0.0.0:4191",target_ip="0.0.0.0",target_port="4191",tls="no_identity",no_tls_reason="no_tls_from_remote",srv_kind="default",srv_name="all-unauthenticated",authz_kind="default",authz_name="all-unauthenticated",status_code="200"} 29
# HELP control_request_total Total count of HTTP requests.
# TYPE control_request_total counter
control_request_total{addr="linkerd-dst-headless.linkerd.svc.cluster.local:8086",tls="true",server_id="linkerd-destination.linkerd.serviceaccount.identity.linkerd.cluster.local"} 1
# HELP identity_cert_expiration_timestamp_seconds Time when the this proxy's current mTLS identity certificate will expire (in seconds since the UNIX epoch).
# TYPE identity_cert_expiration_timestamp_seconds gauge
identity_cert_expiration_timestamp_seconds 1651053543
# HELP tcp_open_total Total count of opened connections
# TYPE tcp_open_total counter
tcp_open_total{direction="outbound",peer="dst",target_addr="10.42.0.122:8080",target_ip="10.42.0.122",target_port="8080",tls="true",server_id="default.linkerd-opaque-ports-test.serviceaccount.identity.linkerd.cluster.local",dst_control_plane_ns="linkerd",dst_deployment="opaque-pod",dst_namespace="linkerd-opaque-ports-test",dst_pod="opaque-pod-dcf789f5d-sfx7v",dst_pod_template_hash="dcf789f5d",dst_serviceaccount="default"} 1
tcp_open_total{direction="outbound",peer="src",target_addr="10.42.0.122:8080",target_ip="10.42.0.122",target_port="8080",tls="no_identity",no_tls_reason="loopback"} 1
tcp_open_total{direction="inbound",peer="src",target_addr="0.0.0.0:4191",target_ip="0.0.0.0",target_port="4191",tls="no_identity",no_tls_reason="no_tls_from_remote",srv_kind="default",srv_name="all-unauthenticated"} 30
# HELP stack_poll_total_ms Total number of milliseconds this service has spent awaiting readiness
# TYPE stack_poll_total_ms counter
stack_poll_total_ms{direction="outbound",protocol="tcp",name="server"} 4
#

"""#

/// istiod `:15014/metrics`: Go client output, exponent floats.
private let istiodCitadelExcerpt = #"""
# HELP citadel_server_root_cert_expiry_timestamp The unix timestamp, in seconds, when Citadel root cert will expire. A negative time indicates the cert is expired.
# TYPE citadel_server_root_cert_expiry_timestamp gauge
citadel_server_root_cert_expiry_timestamp 2.021266664e+09
# HELP citadel_server_csr_count The number of CSRs received by Citadel server.
# TYPE citadel_server_csr_count counter
citadel_server_csr_count 21

"""#

/// cert-manager controller `:9402/metrics`.
private let certManagerExcerpt = #"""
# HELP certmanager_certificate_ready_status The ready status of the certificate.
# TYPE certmanager_certificate_ready_status gauge
certmanager_certificate_ready_status{condition="False",issuer_group="test-issuer-group",issuer_kind="test-issuer-kind",issuer_name="test-issuer",name="test-certificate",namespace="test-ns"} 0
certmanager_certificate_ready_status{condition="True",issuer_group="test-issuer-group",issuer_kind="test-issuer-kind",issuer_name="test-issuer",name="test-certificate",namespace="test-ns"} 1
# HELP certmanager_certificate_expiration_timestamp_seconds The timestamp after which the certificate expires, expressed in Unix Epoch Time.
# TYPE certmanager_certificate_expiration_timestamp_seconds gauge
certmanager_certificate_expiration_timestamp_seconds{issuer_group="test-issuer-group",issuer_kind="test-issuer-kind",issuer_name="test-issuer",name="test-certificate",namespace="test-ns"} 2.208988804e+09

"""#

// MARK: - Format features

@Suite("Prometheus text format")
struct PrometheusTextFormatTests {
    @Test func commentsHelpAndTypeAreReadAndNotSamples() {
        let payload = parseText("""
            # A free comment, even one that says # TYPE in the middle
            #
            # HELP a_total Help with a \\\\ backslash and a \\n newline escape.
            # TYPE a_total counter
            # TYPE b gauge
            # TYPE c histogram
            # TYPE d summary
            # TYPE e untyped
            # UNIT e seconds
            a_total 1
            b 2
            """)
        #expect(payload.issues.isEmpty)
        #expect(payload.samples == [PrometheusSample(name: "a_total", value: 1), PrometheusSample(name: "b", value: 2)])
        #expect(payload.types == ["a_total": .counter, "b": .gauge, "c": .histogram, "d": .summary, "e": .untyped])
    }

    @Test func typeKeywordsAreCaseInsensitiveLikeTheGoClient() {
        let payload = parseText("# TYPE x COUNTER\n#TYPE y Gauge\nx 1\n")
        #expect(payload.types == ["x": .counter, "y": .gauge])
        #expect(payload.issues.isEmpty)
    }

    @Test func malformedMetadataIsAnIssueAndParsingGoesOn() {
        let payload = parseText("# TYPE\n# TYPE 9x counter\n# TYPE x\n# TYPE x bogus\n# TYPE x counter extra\n# HELP\nx 1\n")
        #expect(issueLines(payload) == [
            "1:malformed_metadata", "2:malformed_metadata", "3:malformed_metadata", "4:unknown_metric_type",
            "5:malformed_metadata", "6:malformed_metadata",
        ])
        #expect(payload.samples == [PrometheusSample(name: "x", value: 1)])
        #expect(payload.types.isEmpty)
    }

    @Test func escapedLabelValuesAreDecoded() throws {
        let payload = parseText(#"""
            m{path="C:\\dir\\",quote="say \"hi\"",multi="one\ntwo",other="keep \t as written",empty=""} 1
            """#)
        #expect(payload.issues.isEmpty)
        let labels = try #require(payload.samples.first?.labels)
        #expect(labels["path"] == #"C:\dir\"#)
        #expect(labels["quote"] == #"say "hi""#)
        #expect(labels["multi"] == "one\ntwo")
        #expect(labels["other"] == #"keep \t as written"#)
        #expect(labels["empty"] == "")
    }

    @Test func labelValuesMayHoldAnyPunctuationAndUTF8() throws {
        let payload = parseText(#"m{a="{}=,# 1 2",b="naïve ✓ 😀",c="outbound|80||x.svc"} 3"#)
        let sample = try #require(payload.samples.first)
        #expect(sample.labels == ["a": "{}=,# 1 2", "b": "naïve ✓ 😀", "c": "outbound|80||x.svc"])
        #expect(sample.value == 3)
    }

    @Test(arguments: [
        ("2.021266664e+09", 2.021266664e+09), ("1e-7", 1e-7), ("1.5E3", 1500), ("-2.5e-3", -0.0025),
        ("44150.566006366", 44150.566006366), ("0.30000000000000004", 0.30000000000000004), ("1.0", 1),
        ("2147483647", 2_147_483_647), ("18446744073709551616", 18_446_744_073_709_551_616),
        ("1.7976931348623157e308", 1.7976931348623157e308), ("3.6e+06", 3_600_000), ("-0", 0), (".5", 0.5),
    ])
    func numbersParseExactly(text: String, expected: Double) throws {
        let payload = parseText("m \(text)\n")
        #expect(payload.issues.isEmpty)
        let value = try #require(payload.samples.first?.value)
        #expect(value == expected)
        #expect(value == Double(text))
    }

    @Test func infinitiesAndNaN() {
        let payload = parseText("a +Inf\nb -Inf\nc NaN\nd Inf\ne nan\nf{le=\"+Inf\"} 4\n")
        #expect(payload.issues.isEmpty)
        let values = payload.samples.map(\.value)
        #expect(values[0] == .infinity)
        #expect(values[1] == -.infinity)
        #expect(values[2].isNaN)
        #expect(values[3] == .infinity)
        #expect(values[4].isNaN)
        #expect(payload.samples[5].labels["le"] == "+Inf")
    }

    @Test func invalidValuesAreIssues() {
        let payload = parseText("a 1e\nb 1.2.3\nc --1\nd one\ne 0x\nf .\ng 1e+\n")
        #expect(payload.samples.isEmpty)
        #expect(payload.issues.map(\.reason) == Array(repeating: .invalidValue, count: 7))
        #expect(payload.issues.map(\.line) == Array(1...7))
    }

    @Test func emptyLabelSetsAndTrailingCommas() {
        let payload = parseText("a{} 1\nb{x=\"1\",} 2\nc { x = \"1\" , y=\"2\" } 3\n")
        #expect(payload.issues.isEmpty)
        #expect(payload.samples == [
            PrometheusSample(name: "a", value: 1),
            PrometheusSample(name: "b", labels: ["x": "1"], value: 2),
            PrometheusSample(name: "c", labels: ["x": "1", "y": "2"], value: 3),
        ])
    }

    @Test func repeatedFamiliesKeepEverySampleAndOneType() {
        // The merged endpoint concatenates expositions, so a family can come back with its own # TYPE block.
        let payload = parseText("""
            # HELP istio_requests_total Total requests.
            # TYPE istio_requests_total counter
            istio_requests_total{reporter="destination"} 1
            # TYPE other gauge
            other 5
            # HELP istio_requests_total Total requests.
            # TYPE istio_requests_total counter
            istio_requests_total{reporter="destination"} 2
            istio_requests_total{reporter="source"} 3
            """)
        #expect(payload.issues.isEmpty)
        #expect(payload.samples.filter { $0.name == "istio_requests_total" }.map(\.value) == [1, 2, 3])
        #expect(payload.types == ["istio_requests_total": .counter, "other": .gauge])
    }

    @Test func aRepeatedFamilyWithAnotherTypeKeepsTheFirstAndSaysSo() {
        let payload = parseText("# TYPE x counter\nx 1\n# TYPE x gauge\nx 2\n")
        #expect(payload.types == ["x": .counter])
        #expect(issueLines(payload) == ["3:conflicting_metric_type"])
        #expect(payload.samples.map(\.value) == [1, 2])
    }

    @Test func openMetricsEOFExemplarsAndTypes() {
        let payload = parseText("""
            # TYPE requests counter
            # UNIT requests requests
            requests_total{code="200"} 10 1700000000.123
            requests_created{code="200"} 1.7e+09
            # TYPE latency histogram
            latency_bucket{le="0.1"} 8 # {trace_id="abc123"} 0.067 1700000000.0
            latency_bucket{le="+Inf"} 9
            # TYPE build info
            build_info{version="1.2"} 1
            # EOF
            """)
        #expect(payload.issues.isEmpty)
        #expect(payload.samples.map(\.name) == ["requests_total", "requests_created", "latency_bucket", "latency_bucket", "build_info"])
        #expect(payload.samples[2].labels == ["le": "0.1"])
        #expect(payload.types == ["requests": .counter, "latency": .histogram, "build": .info])
    }

    @Test func linesAfterEOFAreStillRead() {
        // A concatenation of expositions may hold an OpenMetrics part that is not the last one.
        let payload = parseText("a 1\n# EOF\nb 2\n")
        #expect(payload.samples.map(\.name) == ["a", "b"])
        #expect(payload.issues.isEmpty)
    }

    @Test func timestampsAfterTheValueAreAccepted() {
        let payload = parseText("a 1 1700000000000\nb{x=\"y\"} 2 -1\nc 3 1.7e12\nd 4\t1700000000000\t\n")
        #expect(payload.issues.isEmpty)
        #expect(payload.samples.map(\.value) == [1, 2, 3, 4])
    }

    @Test func badTimestampsAndTrailingJunkAreIssues() {
        let payload = parseText("a 1 soon\nb 2 3 4\nc 3\n")
        #expect(issueLines(payload) == ["1:invalid_timestamp", "2:unexpected_content"])
        #expect(payload.samples.map(\.name) == ["c"])
    }

    @Test func whitespaceCRLFAndBlankLines() {
        let payload = parseText("# TYPE a gauge\r\na{x=\"1\"}   7   \r\n\r\n   \t\n  \r\n  b 8\t \r\n\tc{} 9\r\n")
        #expect(payload.issues.isEmpty)
        #expect(payload.samples == [
            PrometheusSample(name: "a", labels: ["x": "1"], value: 7),
            PrometheusSample(name: "b", value: 8),
            PrometheusSample(name: "c", value: 9),
        ])
        #expect(payload.types == ["a": .gauge])
    }

    @Test func crlfLinesAreCountedOnce() {
        let payload = parseText("a 1\r\nb\r\nc 3\r\nd{\r\n")
        #expect(issueLines(payload) == ["2:missing_value", "4:unterminated_label_set"])
    }

    @Test func emptyAndCommentOnlyPayloads() {
        #expect(parseText("") == PrometheusTextPayload())
        #expect(parseText("\n\n\n") == PrometheusTextPayload())
        #expect(parseText("# just a comment") == PrometheusTextPayload())
        #expect(PrometheusTextParser.parse([UInt8]()) == PrometheusTextPayload())
    }

    @Test func lastLineWithoutNewlineIsRead() {
        #expect(parseText("a 1\nb 2").samples.map(\.name) == ["a", "b"])
    }

    @Test func aByteOrderMarkIsSkipped() {
        let payload = PrometheusTextParser.parse([0xEF, 0xBB, 0xBF] + Array("# TYPE a gauge\na 1\n".utf8))
        #expect(payload.issues.isEmpty)
        #expect(payload.types == ["a": .gauge])
    }

    @Test func metricNamesMayHoldColons() {
        let payload = parseText("job:request_total:rate5m{job=\"x\"} 0.5\n:leading 1\n")
        #expect(payload.samples.map(\.name) == ["job:request_total:rate5m", ":leading"])
    }

    @Test func anyContiguousOrNonContiguousByteCollectionIsAccepted() {
        let text = "a{x=\"1\"} 1\nb 2\n"
        let expected = parseText(text)
        #expect(PrometheusTextParser.parse(text.utf8) == expected)
        #expect(PrometheusTextParser.parse(Array(text.utf8)[...]) == expected)
        #expect(PrometheusTextParser.parse(AnyCollection(Array(text.utf8))) == expected)
        #expect(PrometheusTextParser.parse(Data(text.utf8)) == expected)
    }
}

// MARK: - Bad lines, with line numbers

@Suite("Prometheus text format: bad lines")
struct PrometheusTextBadLineTests {
    @Test func eachBadLineIsOneIssueWithItsLineAndTheRestIsParsed() {
        let payload = parseText("""
            ok_1 1
            bad{a="1" 2
            ok_2 2
            novalue{a="x"}
            9starts_with_digit 1
            dup{a="1",a="2"} 1
            name-with-dash 1
            x{1a="b"} 1
            x{a-b="c"} 1
            x{a "b"} 1
            x{a=b} 1
            x{a="b"
            ok_3 3
            """)
        #expect(issueLines(payload) == [
            "2:invalid_label_syntax", "4:missing_value", "5:invalid_metric_name", "6:duplicate_label_name",
            "7:invalid_metric_name", "8:invalid_label_name", "9:invalid_label_name", "10:invalid_label_syntax",
            "11:invalid_label_syntax", "12:unterminated_label_set",
        ])
        #expect(payload.samples.map(\.name) == ["ok_1", "ok_2", "ok_3"])
    }

    @Test func columnsPointAtTheProblem() {
        let payload = parseText("ok 1\n  m{a=\"1\",b=\"2\" c=\"3\"} 1\n")
        let issue = payload.issues.first
        #expect(issue?.line == 2)
        #expect(issue?.column == 17)
        #expect(issue?.reason == .invalidLabelSyntax)
        #expect(issue?.description == "line 2, column 17: label set is malformed (expected name=\"value\" separated by commas)")
    }

    @Test func aLineWithNoValue() {
        let payload = parseText("lonely\nlonely{}\nlonely{a=\"b\"}   \nfine 1\n")
        #expect(issueLines(payload) == ["1:missing_value", "2:missing_value", "3:missing_value"])
        #expect(payload.samples.map(\.name) == ["fine"])
    }

    @Test func anUnterminatedQuoteSpoilsOnlyItsLine() {
        let payload = parseText("a{x=\"open} 1\nb{x=\"ends with backslash\\\"} 2\nc{x=\"fine\"} 3\n")
        #expect(issueLines(payload) == ["1:unterminated_label_value", "2:unterminated_label_value"])
        #expect(payload.samples == [PrometheusSample(name: "c", labels: ["x": "fine"], value: 3)])
    }

    @Test func reasonsHaveStableRawValuesAndShortDescriptions() {
        for reason in PrometheusParseIssue.Reason.allCases {
            #expect(reason.rawValue.allSatisfy { $0.isLowercase || $0 == "_" || $0.isNumber })
            #expect(!reason.description.isEmpty && reason.description.count < 100)
        }
    }
}

// MARK: - Real mesh formats

@Suite("Prometheus text format: mesh proxies")
struct PrometheusMeshFormatTests {
    @Test func istioSidecarRequestsCarryTheReporterAndSecurityPolicy() throws {
        let payload = parseText(istioSidecarRequestsExcerpt)
        #expect(payload.issues.isEmpty)
        #expect(payload.types == ["istio_requests_total": .counter])
        #expect(payload.samples.count == 2)
        let destination = try #require(payload.samples.first { $0.labels["reporter"] == "destination" })
        #expect(destination.labels.count == 25)
        #expect(destination.labels["connection_security_policy"] == "mutual_tls")
        #expect(destination.labels["destination_service_namespace"] == "istioinaction")
        #expect(destination.labels["source_principal"] == "spiffe://cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account")
        #expect(destination.labels["destination_version"] == "")
        #expect(destination.value == 310)
        let source = try #require(payload.samples.first { $0.labels["reporter"] == "source" })
        #expect(source.labels["connection_security_policy"] == "unknown")
    }

    @Test func istioSidecarEnvoyClusterStatsWithAnElision() {
        let payload = parseText(istioSidecarEnvoyClusterExcerpt)
        #expect(issueLines(payload) == ["6:invalid_metric_name"])
        #expect(payload.samples.count == 4)
        #expect(payload.samples[0].labels == ["cluster_name": "outbound|80||catalog.istioinaction.svc.cluster.local"])
        #expect(payload.samples[3] == PrometheusSample(name: "envoy_server_initialization_time_ms_count", value: 1))
        #expect(payload.types.count == 2)
    }

    @Test func istioMergedEndpoint() {
        let payload = parseText(istioMerged15020Excerpt)
        #expect(payload.issues.isEmpty)
        #expect(payload.samples.first == PrometheusSample(
            name: "istio_agent_cert_expiry_seconds", labels: ["resource_name": "default"], value: 44150.566006366))
        #expect(payload.samples.last?.labels["version"] == "3.9.18")
        #expect(payload.types == ["istio_agent_cert_expiry_seconds": .gauge])
    }

    @Test func vanillaEnvoy() {
        let payload = parseText(vanillaEnvoyExcerpt)
        #expect(payload.issues.isEmpty)
        #expect(payload.samples[0] == PrometheusSample(name: "envoy_server_days_until_first_cert_expiring", value: 2_147_483_647))
        #expect(payload.samples[2].labels == ["envoy_listener_address": "0.0.0.0_10446"])
    }

    @Test func linkerdProxyLabelsTLSOnEverySeries() throws {
        let payload = parseText(linkerdProxyExcerpt)
        #expect(payload.issues.isEmpty)
        #expect(payload.samples.count == 10)
        let request = try #require(payload.samples.first { $0.name == "request_total" })
        #expect(request.labels["direction"] == "inbound")
        #expect(request.labels["tls"] == "no_identity")
        #expect(request.labels["no_tls_reason"] == "no_tls_from_remote")
        let opened = payload.samples.filter { $0.name == "tcp_open_total" }
        #expect(opened.map { $0.labels["tls"] } == ["true", "no_identity", "no_identity"])
        #expect(opened.map(\.value) == [1, 1, 30])
        #expect(payload.samples.first { $0.labels["le"] == "+Inf" }?.value == 29)
        #expect(payload.types["response_latency_ms"] == .histogram)
        #expect(payload.types["identity_cert_expiration_timestamp_seconds"] == .gauge)
    }

    @Test func istiodAndCertManager() {
        let istiod = parseText(istiodCitadelExcerpt)
        #expect(istiod.issues.isEmpty)
        #expect(istiod.samples.first?.value == 2_021_266_664)
        let certManager = parseText(certManagerExcerpt)
        #expect(certManager.issues.isEmpty)
        #expect(certManager.samples.count == 3)
        #expect(certManager.samples[1].labels["condition"] == "True")
        #expect(certManager.samples[2].value == 2_208_988_804)
    }
}

// MARK: - Filtered parse

@Suite("Prometheus text format: keeping some families")
struct PrometheusFamilyFilterTests {
    @Test func onlyTheNamedFamiliesAreKept() {
        let payload = parseText(linkerdProxyExcerpt + istioSidecarRequestsExcerpt, keeping: ["request_total", "tcp_open_total", "istio_requests_total"])
        #expect(payload.issues.isEmpty)
        #expect(payload.samples.map(\.name) == ["request_total"] + Array(repeating: "tcp_open_total", count: 3)
            + ["istio_requests_total", "istio_requests_total"])
        #expect(payload.types == ["request_total": .counter, "tcp_open_total": .counter, "istio_requests_total": .counter])
    }

    @Test func aFamilyNameMatchesWholeNamesNotSuffixesOrPrefixes() {
        let payload = parseText("control_request_total 1\nrequest_total_x 2\nrequest_tota 3\nrequest_total 4\n", keeping: ["request_total"])
        #expect(payload.samples.map(\.value) == [4])
    }

    @Test func aHistogramFamilyKeepsItsBucketsSumAndCount() {
        let payload = parseText(linkerdProxyExcerpt, keeping: ["response_latency_ms"])
        #expect(payload.samples.map(\.name) == ["response_latency_ms_bucket", "response_latency_ms_bucket", "response_latency_ms_count"])
        #expect(payload.types == ["response_latency_ms": .histogram])
    }

    @Test func anOpenMetricsCounterFamilyIsFoundByItsSampleName() {
        let payload = parseText("# TYPE requests counter\nrequests_total 1\nrequests_created 2\n", keeping: ["requests_total"])
        #expect(payload.samples.map(\.name) == ["requests_total"])
        #expect(payload.types == ["requests": .counter])
    }

    @Test func badLinesOfOtherFamiliesAreNotReportedButThoseOfKeptOnesAre() {
        let payload = parseText("""
            other{a="unterminated} 1
            \u{01}\u{02}binary
            # TYPE other bogus
            istio_requests_total{reporter="destination" 1
            istio_requests_total{reporter="destination"} 2
            """, keeping: ["istio_requests_total"])
        #expect(issueLines(payload) == ["4:invalid_label_syntax"])
        #expect(payload.samples.map(\.value) == [2])
    }

    @Test func theFilteredParseAgreesWithTheFullParse() {
        let text = istioSidecarRequestsExcerpt + istioSidecarEnvoyClusterExcerpt + istioMerged15020Excerpt + linkerdProxyExcerpt + vanillaEnvoyExcerpt
        let families: Set<String> = ["istio_requests_total", "tcp_open_total", "envoy_cluster_assignment_stale"]
        let full = parseText(text).samples.filter { families.contains($0.name) }
        #expect(parseText(text, keeping: families).samples == full)
    }

    @Test func anEmptySetKeepsNothing() {
        let payload = parseText(istioSidecarRequestsExcerpt + linkerdProxyExcerpt, keeping: [])
        #expect(payload == PrometheusTextPayload())
    }
}

// MARK: - Hostile input

@Suite("Prometheus text format: hostile input")
struct PrometheusHostileInputTests {
    @Test func aOneMegabyteLabelValue() throws {
        let big = String(repeating: "x", count: 1 << 20)
        let payload = parseText("before 1\nm{a=\"\(big)\",b=\"c\"} 2\nafter 3\n")
        #expect(payload.issues.isEmpty)
        let sample = try #require(payload.samples.first { $0.name == "m" })
        #expect(sample.labels["a"]?.utf8.count == 1 << 20)
        #expect(sample.labels["b"] == "c")
        #expect(payload.samples.map(\.name) == ["before", "m", "after"])
    }

    @Test func aOneMegabyteUnterminatedLabelValue() {
        let payload = parseText("m{a=\"" + String(repeating: "y", count: 1 << 20) + " 1\nafter 3\n")
        #expect(issueLines(payload) == ["1:unterminated_label_value"])
        #expect(payload.samples.map(\.name) == ["after"])
    }

    @Test func aOneMegabyteValueTokenIsRejectedWithoutBuildingIt() {
        // Go's ParseFloat, which Prometheus uses, rejects such a number too (out of range).
        let payload = parseText("m " + String(repeating: "9", count: 1 << 20) + "\nn " + String(repeating: "1", count: 1 << 20) + "x\nok 1\n")
        #expect(issueLines(payload) == ["1:invalid_value", "2:invalid_value"])
        #expect(payload.samples.map(\.name) == ["ok"])
    }

    @Test func randomBinaryNeverTrapsAndValidLinesAroundItSurvive() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var garbage = [UInt8]()
        garbage.reserveCapacity(1 << 20)
        for _ in 0..<(1 << 20) {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            garbage.append(UInt8(truncatingIfNeeded: state >> 56))
        }
        let bytes = Array("first 1\n".utf8) + garbage + Array("\nlast{a=\"b\"} 2\n".utf8)
        let payload = PrometheusTextParser.parse(bytes)
        #expect(payload.samples.first == PrometheusSample(name: "first", value: 1))
        #expect(payload.samples.last == PrometheusSample(name: "last", labels: ["a": "b"], value: 2))
        #expect(!payload.issues.isEmpty)
        _ = PrometheusTextParser.parse(garbage, keepingFamilies: ["first", "a"])
    }

    @Test func everyPrefixOfATrickyPayloadParsesWithoutTrapping() {
        let bytes = Array(#"m{a="\\\"\n",b="é"} +Inf 1 # {t="x"} 1"#.utf8) + [0xC3, 0x00, 0x0D, 0x0A, 0x23, 0x20]
        for end in 0...bytes.count {
            _ = PrometheusTextParser.parse(bytes[..<end])
            _ = PrometheusTextParser.parse(bytes[..<end], keepingFamilies: ["m"])
        }
    }

    @Test func nulBytes() {
        let bytes: [UInt8] = Array("a{v=\"x".utf8) + [0] + Array("y\"} 1\n".utf8)
            + Array("b".utf8) + [0] + Array(" 2\n".utf8)
            + [0, 0, 0, 0x0A]
            + Array("c 3\n".utf8)
        let payload = PrometheusTextParser.parse(bytes)
        #expect(payload.samples.first?.labels["v"] == "x\u{0}y")
        #expect(issueLines(payload) == ["2:invalid_metric_name", "3:invalid_metric_name"])
        #expect(payload.samples.map(\.name) == ["a", "c"])
    }

    @Test(arguments: [[0xFF], [0xC3], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF4, 0x90, 0x80, 0x80]] as [[UInt8]])
    func invalidUTF8InALabelValueIsAnIssue(bad: [UInt8]) {
        let bytes = Array("m{v=\"a".utf8) + bad + Array("b\"} 1\nok 2\n".utf8)
        let payload = PrometheusTextParser.parse(bytes)
        #expect(issueLines(payload) == ["1:invalid_utf8"])
        #expect(payload.samples.map(\.name) == ["ok"])
    }

    @Test func invalidUTF8InAnEscapedLabelValueIsAnIssue() {
        let bytes = Array("m{v=\"\\\\".utf8) + [0xFF] + Array("\"} 1\n".utf8)
        #expect(issueLines(PrometheusTextParser.parse(bytes)) == ["1:invalid_utf8"])
    }

    @Test func aHugeLineCountWithOneBadLineInTheMiddle() {
        let lineCount = 200_000
        var text = "# TYPE tcp_open_total counter\n"
        text.reserveCapacity(lineCount * 60)
        for i in 2...lineCount {
            if i == 100_001 {
                text += "tcp_open_total{direction=\"inbound\",tls=\"true\" 1\n"
            } else {
                text += "tcp_open_total{direction=\"inbound\",tls=\"true\",n=\"\(i)\"} \(i)\n"
            }
        }
        let payload = parseText(text)
        #expect(issueLines(payload) == ["100001:invalid_label_syntax"])
        #expect(payload.samples.count == lineCount - 2)
        #expect(payload.samples.last?.labels["n"] == "\(lineCount)")
        let filtered = parseText(text, keeping: ["tcp_open_total"])
        #expect(filtered.issues == payload.issues)
        #expect(filtered.samples.count == lineCount - 2)
    }

    @Test func oneLineWithManyLabelsThenManySmallLines() {
        var text = "wide{" + (0..<20_000).map { "l\($0)=\"v\"" }.joined(separator: ",") + "} 1\n"
        for i in 0..<20_000 { text += "narrow{a=\"\(i)\"} 1\n" }
        let payload = parseText(text)
        #expect(payload.issues.isEmpty)
        #expect(payload.samples.first?.labels.count == 20_000)
        #expect(payload.samples.count == 20_001)
    }
}
