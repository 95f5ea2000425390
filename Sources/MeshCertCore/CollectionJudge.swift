import Foundation

/// What one source handed in for one collection.
public struct SourceOutcome: Sendable {
    public var descriptor: SourceDescriptor
    public var report: SourceReport
    public var duration: TimeInterval
    /// The read did not finish before the deadline: `report` is the last complete one.
    public var missedDeadline: Bool

    public init(descriptor: SourceDescriptor, report: SourceReport, duration: TimeInterval, missedDeadline: Bool = false) {
        self.descriptor = descriptor
        self.report = report
        self.duration = duration
        self.missedDeadline = missedDeadline
    }
}

/// Judges collections and remembers what must survive between them: which certificate sat at each
/// identity (to count rotations) and how many reads failed, by reason.
public struct CollectionJudge: Sendable {
    public var thresholds: LayerThresholds
    public var rotationPolicy: RotationPolicy
    /// How long a CA stays `issuing` after the last collection that showed it signing workloads.
    public var issuingMemory: TimeInterval
    private var lastSeen: [CertificateIdentity: (fingerprint: String, at: Date, layer: HierarchyLayer)] = [:]
    /// When each CA (by fingerprint) was last seen signing a workload certificate.
    private var signedWorkloadsAt: [String: Date] = [:]
    /// When the certificate at each identity last had that evidence, for a CA rotated in at its place.
    private var issuingPlaces: [CertificateIdentity: Date] = [:]
    /// Each SPIFFE bundle's last sequence and when it changed, by source and location.
    private var bundleSequences: [String: (sequence: Int, since: Date)] = [:]
    private var rotations: [CertificateIdentity: Int] = [:]
    private var errorCounts: [String: [SourceErrorReason: Int]] = [:]
    private var lastClassification: ([LayerClassifier.Input], LayerClassifier)?
    private var lastForget = Date.distantPast
    /// How long an identity that is no longer read is remembered for rotation counting.
    private let forgetAfter: TimeInterval = 3600

    public init(thresholds: LayerThresholds = .defaults, rotationPolicy: RotationPolicy = .defaults, issuingMemory: TimeInterval = 3600) {
        self.thresholds = thresholds
        self.rotationPolicy = rotationPolicy
        self.issuingMemory = issuingMemory
    }

    public mutating func judge(_ outcomes: [SourceOutcome], now: Date) -> CollectionSnapshot {
        let inputs = outcomes.flatMap { outcome in
            outcome.report.certificates.map { LayerClassifier.Input(summary: $0.summary, signsWorkloads: $0.signsWorkloads) }
        }
        let classifier = classifier(for: inputs)
        for fingerprint in classifier.workloadIssuers { signedWorkloadsAt[fingerprint] = now }

        var certificates: [JudgedCertificate] = []
        var chains: [ChainJudgement] = []
        var sources: [SourceHealth] = []
        // One identity read twice in one collection (two dumps holding the same secret, old and new) would
        // count a rotation at each read and be written twice: the first read is kept.
        var seen: Set<CertificateIdentity> = []
        for outcome in outcomes {
            let descriptor = outcome.descriptor
            var counts = errorCounts[descriptor.name] ?? [:]
            for error in outcome.report.freshErrors { counts[error.reason, default: 0] += 1 }
            if outcome.missedDeadline { counts[.deadlineExceeded, default: 0] += 1 }
            errorCounts[descriptor.name] = counts

            var byLocation: [String: [CertificateSummary]] = [:]
            var kindOfLocation: [String: SourceKind] = [:]
            for observed in outcome.report.certificates {
                let identity = CertificateIdentity(
                    source: descriptor.name, sourceKind: observed.kind ?? descriptor.kind, location: observed.location, chainIndex: observed.chainIndex
                )
                guard seen.insert(identity).inserted else { continue }
                let summary = observed.summary
                let layer = descriptor.forcedLayer(at: observed.location) ?? stableLayer(identity, summary, classifier.layer(of: summary), now: now)
                let expiresIn = summary.notAfter.timeIntervalSince(now)
                let lifetime = summary.lifetime
                certificates.append(
                    JudgedCertificate(
                        identity: identity,
                        summary: summary,
                        attributes: observed.attributes,
                        layer: layer,
                        state: descriptor.thresholds[layer].state(expiresIn: expiresIn),
                        expiresIn: expiresIn,
                        lifetimeElapsedRatio: lifetime > 0 ? now.timeIntervalSince(summary.notBefore) / lifetime : 1,
                        rotations: noteRotation(identity, fingerprint: summary.fingerprintSHA256, layer: layer, now: now)
                    )
                )
                byLocation[observed.location, default: []].append(summary)
                kindOfLocation[observed.location] = identity.sourceKind
            }
            // A probe's own verdict first; then chains judged against the bundle where they were read, at this time.
            let verifications = Dictionary(
                (outcome.report.chainVerifications + outcome.report.chainPaths.map { $0.verification(at: now) }).map { ($0.location, $0) },
                uniquingKeysWith: { first, _ in first }
            )
            for (location, summaries) in byLocation {
                let issuerFirst = summaries.contains { summary in
                    classifier.issuers(of: summary).contains { $0.notAfter < summary.notAfter }
                }
                chains.append(
                    ChainJudgement(
                        source: descriptor.name,
                        sourceKind: kindOfLocation[location] ?? descriptor.kind,
                        location: location,
                        earliestNotAfter: summaries.map(\.notAfter).min()!,
                        issuerExpiresFirst: issuerFirst,
                        verification: verifications[location]
                    )
                )
            }
            var health = SourceHealth(
                descriptor: descriptor,
                locations: outcome.report.locations,
                certificateCount: outcome.report.certificates.count,
                duration: outcome.duration,
                errorCounts: counts,
                endpoints: outcome.report.endpoints,
                collectionSucceeded: !outcome.missedDeadline
            )
            health.freshErrors = outcome.report.freshErrors
            sources.append(health)
        }
        let bundles = judgeBundles(outcomes, classifier: classifier, certificates: certificates, now: now)
        // Forgetting is a sweep over every identity: do it once a minute, not on every scrape.
        if now.timeIntervalSince(lastForget) > 60 {
            lastSeen = lastSeen.filter { now.timeIntervalSince($0.value.at) < forgetAfter }
            rotations = rotations.filter { lastSeen[$0.key] != nil }
            signedWorkloadsAt = signedWorkloadsAt.filter { now.timeIntervalSince($0.value) < issuingMemory }
            issuingPlaces = issuingPlaces.filter { now.timeIntervalSince($0.value) < issuingMemory }
            lastForget = now
        }
        var snapshot = CollectionSnapshot(
            time: now,
            certificates: certificates,
            chains: chains,
            sources: sources,
            thresholds: thresholds,
            rotationPolicy: rotationPolicy,
            policies: outcomes.flatMap(\.report.policies),
            traffic: outcomes.compactMap(\.report.traffic).reduce(into: nil as TrafficFigures?) { merged, figures in
                if merged == nil { merged = figures } else { merged!.merge(figures) }
            }
        )
        snapshot.bundles = bundles
        return snapshot
    }

    /// Every bundle's roots, its untrusted issuers, and whether a SPIFFE bundle has gone stale.
    private mutating func judgeBundles(
        _ outcomes: [SourceOutcome], classifier: LayerClassifier, certificates: [JudgedCertificate], now: Date
    ) -> [BundleJudgement] {
        guard outcomes.contains(where: { !$0.report.bundles.isEmpty }) else { return [] }
        let assessor = BundleAssessor(classifier: classifier, certificates: certificates)
        var judgements: [BundleJudgement] = []
        var seen: Set<String> = []
        for outcome in outcomes {
            for bundle in outcome.report.bundles {
                let key = outcome.descriptor.name + "\u{0}" + bundle.location
                guard seen.insert(key).inserted else { continue }
                let (untrusted, domains) = assessor.assess(bundle, source: outcome.descriptor.name)
                var stale = false
                if let sequence = bundle.sequence {
                    let previous = bundleSequences[key]
                    let since = previous?.sequence == sequence ? previous!.since : now
                    bundleSequences[key] = (sequence, since)
                    if let hint = bundle.refreshHint, hint > 0 { stale = now.timeIntervalSince(since) > 10 * hint }
                }
                judgements.append(
                    BundleJudgement(
                        source: outcome.descriptor.name, sourceKind: bundle.kind ?? outcome.descriptor.kind, location: bundle.location,
                        bundle: bundle, untrustedIssuers: untrusted, trustDomains: domains, stale: stale
                    )
                )
            }
        }
        return judgements
    }

    /// Nothing changed since the last collection (the same summaries, by identity, in the same order):
    /// the hierarchy is the same, so classification is not run again.
    private mutating func classifier(for inputs: [LayerClassifier.Input]) -> LayerClassifier {
        if let (previous, classifier) = lastClassification, previous.count == inputs.count,
            zip(previous, inputs).allSatisfy({ $0.summary === $1.summary && $0.signsWorkloads == $1.signsWorkloads })
        {
            return classifier
        }
        let classifier = LayerClassifier(inputs)
        lastClassification = (inputs, classifier)
        return classifier
    }

    private mutating func noteRotation(_ identity: CertificateIdentity, fingerprint: String, layer: HierarchyLayer, now: Date) -> Int {
        if let previous = lastSeen[identity], previous.fingerprint != fingerprint {
            rotations[identity, default: 0] += 1
        }
        lastSeen[identity] = (fingerprint, now, layer)
        return rotations[identity] ?? 0
    }

    /// `issuing` is learnt from evidence (a workload certificate it signed was read, or a mesh layout), and
    /// `layer` is on every series, so it must be stable. A collection without that evidence does not move a CA
    /// to `intermediate` while the evidence is younger than `issuingMemory`: the CA is remembered by
    /// fingerprint (the source holding its leaves missed the deadline, wherever else the CA is read), and a CA
    /// rotated in at an issuing CA's place takes its role until the memory of the place runs out.
    private mutating func stableLayer(_ identity: CertificateIdentity, _ summary: CertificateSummary, _ classified: HierarchyLayer, now: Date) -> HierarchyLayer {
        switch classified {
        case .issuing:
            issuingPlaces[identity] = now
            return .issuing
        case .intermediate:
            if let signed = signedWorkloadsAt[summary.fingerprintSHA256], now.timeIntervalSince(signed) < issuingMemory {
                issuingPlaces[identity] = max(signed, issuingPlaces[identity] ?? signed)
                return .issuing
            }
            if let place = issuingPlaces[identity], now.timeIntervalSince(place) < issuingMemory { return .issuing }
            return .intermediate
        case .workload, .root:
            return classified
        }
    }
}
