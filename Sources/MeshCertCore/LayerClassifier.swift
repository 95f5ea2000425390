/// Places every certificate of one collection in the hierarchy, with evidence from all sources at once:
/// a workload certificate read from a proxy dump makes the CA read from a `cacerts` secret `issuing`.
public struct LayerClassifier: Sendable {
    /// A certificate to classify, with what the place it was read at says about it. A layer a source
    /// forces is not an input: it applies to that source's series only (`SourceDescriptor.forcedLayer(at:)`).
    public struct Input: Sendable {
        public var summary: CertificateSummary
        /// A mesh layout names it as the CA that signs workloads.
        public var signsWorkloads: Bool

        public init(summary: CertificateSummary, signsWorkloads: Bool = false) {
            self.summary = summary
            self.signsWorkloads = signsWorkloads
        }
    }

    private let byFingerprint: [String: CertificateSummary]
    private let layers: [String: HierarchyLayer]
    private let issuersOf: [String: [String]]
    /// CAs with evidence of signing workloads: a workload certificate they signed was read, or a mesh layout says so.
    public let workloadIssuers: Set<String>

    public init(_ inputs: [Input]) {
        var byFingerprint: [String: CertificateSummary] = [:]
        byFingerprint.reserveCapacity(inputs.count)
        var byLayout: Set<String> = []
        for input in inputs {
            byFingerprint[input.summary.fingerprintSHA256] = input.summary
            if input.signsWorkloads { byLayout.insert(input.summary.fingerprintSHA256) }
        }
        var bySubjectKey: [[UInt8]: [String]] = [:]
        var bySubject: [String: [String]] = [:]
        bySubjectKey.reserveCapacity(byFingerprint.count)
        bySubject.reserveCapacity(byFingerprint.count)
        for (fingerprint, summary) in byFingerprint {
            if let key = summary.subjectKeyIdentifier { bySubjectKey[key, default: []].append(fingerprint) }
            bySubject[summary.subject, default: []].append(fingerprint)
        }
        self.byFingerprint = byFingerprint

        // Who issued whom, by key identifiers first and names where those are missing.
        var issuesSomething: Set<String> = []
        var issuesWorkload = byLayout
        var issuersOf: [String: [String]] = [:]
        issuersOf.reserveCapacity(byFingerprint.count)
        for (fingerprint, summary) in byFingerprint where !Self.isRoot(summary) {
            let issuers = Self.issuers(of: summary, fingerprint: fingerprint, byFingerprint: byFingerprint, bySubjectKey: bySubjectKey, bySubject: bySubject)
            issuersOf[fingerprint] = issuers
            issuesSomething.formUnion(issuers)
        }
        var layers: [String: HierarchyLayer] = [:]
        layers.reserveCapacity(byFingerprint.count)
        for (fingerprint, summary) in byFingerprint {
            let isCA = Self.isCA(summary, issuesSomething: issuesSomething.contains(fingerprint)) || byLayout.contains(fingerprint)
            layers[fingerprint] = isCA ? nil : .workload
        }
        for (fingerprint, issuers) in issuersOf where layers[fingerprint] == .workload {
            issuesWorkload.formUnion(issuers)
        }
        for (fingerprint, summary) in byFingerprint where layers[fingerprint] == nil {
            if Self.isRoot(summary) {
                layers[fingerprint] = .root
            } else if summary.pathLength == 0 || issuesWorkload.contains(fingerprint) {
                layers[fingerprint] = .issuing
            } else {
                layers[fingerprint] = .intermediate
            }
        }
        self.layers = layers
        self.issuersOf = issuersOf
        self.workloadIssuers = issuesWorkload.filter { layers[$0] == .issuing }
    }

    /// The layer of a certificate that was part of the input.
    public func layer(of summary: CertificateSummary) -> HierarchyLayer {
        layers[summary.fingerprintSHA256] ?? .workload
    }

    /// The input's certificate with this fingerprint.
    public func certificate(_ fingerprint: String) -> CertificateSummary? { byFingerprint[fingerprint] }

    /// The certificates of the input that issued this one.
    public func issuers(of summary: CertificateSummary) -> [CertificateSummary] {
        (issuersOf[summary.fingerprintSHA256] ?? []).compactMap { byFingerprint[$0] }
    }

    /// A CA (or v1) certificate that names itself as issuer and signed itself, or whose AKI is absent or its own SKI.
    public static func isRoot(_ summary: CertificateSummary) -> Bool {
        guard summary.assertsCA || summary.version == 1, summary.isSelfIssued else { return false }
        if summary.hasValidSelfSignature { return true }
        guard let authorityKey = summary.authorityKeyIdentifier else { return true }
        return authorityKey == summary.subjectKeyIdentifier
    }

    static func isCA(_ summary: CertificateSummary, issuesSomething: Bool) -> Bool {
        if summary.assertsCA { return true }
        // A v1 certificate has no BasicConstraints: it is a CA when it is a root or signed something we saw.
        return summary.version == 1 && (summary.isSelfIssued || issuesSomething)
    }

    private static func issuers(
        of summary: CertificateSummary,
        fingerprint: String,
        byFingerprint: [String: CertificateSummary],
        bySubjectKey: [[UInt8]: [String]],
        bySubject: [String: [String]]
    ) -> [String] {
        // Only a certificate that can be a CA can have signed another one.
        func canSign(_ candidate: String) -> Bool {
            guard candidate != fingerprint, let issuer = byFingerprint[candidate] else { return false }
            return issuer.assertsCA || issuer.version == 1
        }
        if let authorityKey = summary.authorityKeyIdentifier,
            let matches = bySubjectKey[authorityKey]?.filter(canSign), !matches.isEmpty
        {
            return matches
        }
        return (bySubject[summary.issuer] ?? []).filter(canSign)
    }
}
