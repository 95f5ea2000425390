/// The `# TYPE` of a family: the Prometheus text format's five plus OpenMetrics' additions.
public enum PrometheusMetricType: String, Sendable, CaseIterable {
    case counter, gauge, histogram, summary, untyped
    case unknown, gaugehistogram, stateset, info
}
