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

/// One metric family: samples built for this scrape, or sample lines already encoded (families kept
/// from one scrape to the next are kept as text, so a warm scrape does not write them again).
public struct MetricFamily: Sendable {
    public var definition: MetricDefinition
    public var samples: [MetricSample] {
        didSet { samplesSorted = false }
    }
    /// The samples are known to be in the encoder's order: it need not check them again.
    var samplesSorted = false
    /// Sample lines already in exposition form and in output order, without the family's header,
    /// written after `samples` (a family has one or the other). Buffers, so that writing one to a
    /// socket is a reference, not a copy.
    public internal(set) var encoded: [EncodedLines] = []

    public init(_ definition: MetricDefinition, samples: [MetricSample] = []) {
        self.definition = definition
        self.samples = samples
    }

    init(_ definition: MetricDefinition, encoded: [EncodedLines]) {
        self.definition = definition
        self.samples = []
        self.encoded = encoded.filter { $0.count > 0 }
    }

    public var isEmpty: Bool { samples.isEmpty && encoded.isEmpty }

    public mutating func add(_ labels: [LabelPair], _ value: Double) {
        samples.append(MetricSample(labels, value))
    }

    public mutating func add(labelText: [UInt8], _ value: Double) {
        samples.append(MetricSample(labelText: labelText, value))
    }
}
