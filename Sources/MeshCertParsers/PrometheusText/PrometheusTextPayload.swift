/// What a payload held: its samples in payload order, the lines that could not be used, and each family's type.
public struct PrometheusTextPayload: Sendable, Equatable {
    public var samples: [PrometheusSample]
    public var issues: [PrometheusParseIssue]
    /// Family name, as written in `# TYPE`, to its type. A repeated family keeps its first type.
    public var types: [String: PrometheusMetricType]

    public init(
        samples: [PrometheusSample] = [],
        issues: [PrometheusParseIssue] = [],
        types: [String: PrometheusMetricType] = [:]
    ) {
        self.samples = samples
        self.issues = issues
        self.types = types
    }
}
