import MeshCertCore

/// One sample: its label set already in exposition form (`{a="b",c="d"}`, escaped), so a label set
/// shared by several families (a certificate's identity) is escaped once and shared, not copied.
public struct MetricSample: Sendable {
    public var labelText: [UInt8]
    public var value: Double

    public init(_ labels: [LabelPair], _ value: Double) {
        self.labelText = ExpositionEncoder.labelText(labels)
        self.value = value
    }

    public init(labelText: [UInt8], _ value: Double) {
        self.labelText = labelText
        self.value = value
    }
}

/// One metric family, built afresh for each scrape.
public struct MetricFamily: Sendable {
    public var definition: MetricDefinition
    public var samples: [MetricSample] {
        didSet { samplesSorted = false }
    }
    /// The samples are known to be in the encoder's order: it need not check them again.
    var samplesSorted = false

    public init(_ definition: MetricDefinition, samples: [MetricSample] = []) {
        self.definition = definition
        self.samples = samples
    }

    public mutating func add(_ labels: [LabelPair], _ value: Double) {
        samples.append(MetricSample(labels, value))
    }

    public mutating func add(labelText: [UInt8], _ value: Double) {
        samples.append(MetricSample(labelText: labelText, value))
    }
}
