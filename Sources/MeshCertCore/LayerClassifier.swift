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

    /// Each certificate once (by fingerprint), and the evidence about it, by index.
    private let summaries: [CertificateSummary]
    private let layers: [HierarchyLayer]
    /// The issuers of `summaries[i]` are `issuerList[issuerStarts[i]..<issuerStarts[i + 1]]`.
    private let issuerStarts: [Int32]
    private let issuerList: [Int32]
    private let indexByFingerprint: [String: Int32]
    /// Every input object's index: a certificate read at thousands of places is one parsed object (the
    /// parse cache), so it is found by its address, not by hashing its fingerprint again. `inputObjects`
    /// keeps those objects alive, so no address is reused while it is a key here.
    private let indexByObject: [ObjectIdentifier: Int32]
    private let inputObjects: [CertificateSummary]
    /// CAs with evidence of signing workloads: a workload certificate they signed was read, or a mesh layout says so.
    public let workloadIssuers: Set<String>

    public init(_ inputs: [Input]) {
        var summaries: [CertificateSummary] = []
        var inputObjects: [CertificateSummary] = []
        var indexByFingerprint: [String: Int32] = [:]
        var indexByObject: [ObjectIdentifier: Int32] = [:]
        var byLayout: [Bool] = []
        // Not sized for every input: these maps are kept, and a CA read beside each of 50,000 leaves is
        // one entry, so room for 100,000 inputs held twice the 5 MB they need.
        for input in inputs {
            let object = ObjectIdentifier(input.summary)
            let index: Int32
            if let known = indexByObject[object] {
                index = known
            } else {
                if let known = indexByFingerprint[input.summary.fingerprintSHA256] {
                    index = known
                } else {
                    index = Int32(summaries.count)
                    summaries.append(input.summary)
                    byLayout.append(false)
                    indexByFingerprint[input.summary.fingerprintSHA256] = index
                }
                indexByObject[object] = index
                inputObjects.append(input.summary)
            }
            if input.signsWorkloads { byLayout[Int(index)] = true }
        }
        // Only a certificate that can sign (`canSign` in `issuers`) is ever an issuer: the maps of candidates
        // hold the CAs alone, a few hundred entries where every leaf's key and name made 50,000.
        var bySubjectKey: [[UInt8]: [Int32]] = [:]
        var bySubject: [String: [Int32]] = [:]
        for (index, summary) in summaries.enumerated() where Self.canSign(summary) {
            if let key = summary.subjectKeyIdentifier { bySubjectKey[key, default: []].append(Int32(index)) }
            bySubject[summary.subject, default: []].append(Int32(index))
        }

        // Who issued whom, by key identifiers first and names where those are missing.
        var issuerStarts: [Int32] = [0]
        var issuerList: [Int32] = []
        issuerStarts.reserveCapacity(summaries.count + 1)
        var issuesSomething = [Bool](repeating: false, count: summaries.count)
        for (index, summary) in summaries.enumerated() {
            if !Self.isRoot(summary) {
                let first = issuerList.count
                Self.issuers(of: summary, index: index, summaries: summaries, bySubjectKey: bySubjectKey, bySubject: bySubject, into: &issuerList)
                for issuer in issuerList[first...] { issuesSomething[Int(issuer)] = true }
            }
            issuerStarts.append(Int32(issuerList.count))
        }
        var isCA = [Bool](repeating: false, count: summaries.count)
        var issuesWorkload = byLayout
        for (index, summary) in summaries.enumerated() {
            isCA[index] = Self.isCA(summary, issuesSomething: issuesSomething[index]) || byLayout[index]
            guard !isCA[index] else { continue }
            for issuer in issuerList[Int(issuerStarts[index])..<Int(issuerStarts[index + 1])] { issuesWorkload[Int(issuer)] = true }
        }
        var layers: [HierarchyLayer] = []
        layers.reserveCapacity(summaries.count)
        var workloadIssuers: Set<String> = []
        for (index, summary) in summaries.enumerated() {
            if !isCA[index] {
                layers.append(.workload)
            } else if Self.isRoot(summary) {
                layers.append(.root)
            } else if summary.pathLength == 0 || issuesWorkload[index] {
                layers.append(.issuing)
                if issuesWorkload[index] { workloadIssuers.insert(summary.fingerprintSHA256) }
            } else {
                layers.append(.intermediate)
            }
        }
        self.summaries = summaries
        self.layers = layers
        self.issuerStarts = issuerStarts
        self.issuerList = issuerList
        self.indexByFingerprint = indexByFingerprint
        self.indexByObject = indexByObject
        self.inputObjects = inputObjects
        self.workloadIssuers = workloadIssuers
    }

    private func index(of summary: CertificateSummary) -> Int? {
        (indexByObject[ObjectIdentifier(summary)] ?? indexByFingerprint[summary.fingerprintSHA256]).map(Int.init)
    }

    private func issuerIndices(of index: Int) -> ArraySlice<Int32> {
        issuerList[Int(issuerStarts[index])..<Int(issuerStarts[index + 1])]
    }

    /// The layer of a certificate that was part of the input.
    public func layer(of summary: CertificateSummary) -> HierarchyLayer {
        index(of: summary).map { layers[$0] } ?? .workload
    }

    /// The input's certificate with this fingerprint.
    public func certificate(_ fingerprint: String) -> CertificateSummary? { indexByFingerprint[fingerprint].map { summaries[Int($0)] } }

    /// The certificates of the input that issued this one.
    public func issuers(of summary: CertificateSummary) -> [CertificateSummary] {
        guard let index = index(of: summary) else { return [] }
        return issuerIndices(of: index).map { summaries[Int($0)] }
    }

    /// Whether a certificate of the input that issued this one expires before it does.
    public func hasIssuerExpiringFirst(_ summary: CertificateSummary) -> Bool {
        guard let index = index(of: summary) else { return false }
        return issuerIndices(of: index).contains { summaries[Int($0)].notAfter < summary.notAfter }
    }

    /// A CA (or v1) certificate that names itself as issuer and signed itself, or whose AKI is absent or its own SKI.
    public static func isRoot(_ summary: CertificateSummary) -> Bool {
        guard summary.assertsCA || summary.version == 1, summary.isSelfIssued else { return false }
        if summary.hasValidSelfSignature { return true }
        guard let authorityKey = summary.authorityKeyIdentifier else { return true }
        return authorityKey == summary.subjectKeyIdentifier
    }

    /// Only a certificate that can be a CA can have signed another one.
    static func canSign(_ summary: CertificateSummary) -> Bool {
        summary.assertsCA || summary.version == 1
    }

    static func isCA(_ summary: CertificateSummary, issuesSomething: Bool) -> Bool {
        if summary.assertsCA { return true }
        // A v1 certificate has no BasicConstraints: it is a CA when it is a root or signed something we saw.
        return summary.version == 1 && (summary.isSelfIssued || issuesSomething)
    }

    private static func issuers(
        of summary: CertificateSummary,
        index: Int,
        summaries: [CertificateSummary],
        bySubjectKey: [[UInt8]: [Int32]],
        bySubject: [String: [Int32]],
        into list: inout [Int32]
    ) {
        func canSign(_ candidate: Int32) -> Bool {
            Int(candidate) != index && Self.canSign(summaries[Int(candidate)])
        }
        if let authorityKey = summary.authorityKeyIdentifier, let matches = bySubjectKey[authorityKey], matches.contains(where: canSign) {
            list.append(contentsOf: matches.lazy.filter(canSign))
            return
        }
        list.append(contentsOf: (bySubject[summary.issuer] ?? []).lazy.filter(canSign))
    }
}
