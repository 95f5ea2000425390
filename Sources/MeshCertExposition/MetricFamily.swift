import MeshCertCore

public struct MetricSample: Sendable {
    public var labels: [LabelPair]
    public var value: Double

    public init(_ labels: [LabelPair], _ value: Double) {
        self.labels = labels
        self.value = value
    }
}

/// One metric family, built afresh for each scrape.
public struct MetricFamily: Sendable {
    public var definition: MetricDefinition
    public var samples: [MetricSample]

    public init(_ definition: MetricDefinition, samples: [MetricSample] = []) {
        self.definition = definition
        self.samples = samples
    }

    public mutating func add(_ labels: [LabelPair], _ value: Double) {
        samples.append(MetricSample(labels, value))
    }
}
