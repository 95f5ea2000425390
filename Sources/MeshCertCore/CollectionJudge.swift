import Foundation
import Synchronization

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
    /// What sat at each identity, when it was last seen, how often it changed (`rotations_total`) and
    /// when it last had an issuing CA's evidence: one lookup per certificate notes all of it and finds an
    /// identity read twice in one collection. By source, then by place: an identity without its source's
    /// name is a smaller key (100,000 identities took 19 MB, where one map of identities and another of
    /// issuing places took 30 MB).
    private var lastSeen: [String: [Place: Seen]] = [:]
    /// Counts `judge` calls: an identity whose `Seen.generation` is the current one was read already.
    private var generation: UInt64 = 0
    /// When each CA (by fingerprint) was last seen signing a workload certificate.
    private var signedWorkloadsAt: [String: Date] = [:]
    /// Each SPIFFE bundle's last sequence and when it changed, by source and location.
    private var bundleSequences: [String: (sequence: Int, since: Date)] = [:]
    private var errorCounts: [String: [SourceErrorReason: Int]] = [:]
    private var lastClassification: ([LayerClassifier.Input], LayerClassifier)?
    private var lastForget = Date.distantPast
    /// Each source's last read and its judgement, by source name.
    private var memos: [String: SourceMemo] = [:]
    /// Changes whenever the judged certificates change in anything but what depends on the time.
    private var revision = CollectionJudge.nextRevision()
    /// How long an identity that is no longer read is remembered for rotation counting.
    private let forgetAfter: TimeInterval = 3600

    public init(thresholds: LayerThresholds = .defaults, rotationPolicy: RotationPolicy = .defaults, issuingMemory: TimeInterval = 3600) {
        self.thresholds = thresholds
        self.rotationPolicy = rotationPolicy
        self.issuingMemory = issuingMemory
    }

    public mutating func judge(_ outcomes: [SourceOutcome], now: Date) -> CollectionSnapshot {
        // A source whose read is the same as at the last collection (a warm scrape over unchanged files)
        // is judged the same way again, but for what depends on the time: its judgement is reused. Once a
        // minute everything is judged afresh, so what the hierarchy remembers (issuing_memory) can run out.
        generation &+= 1
        let names = outcomes.map(\.descriptor.name)
        // Two outcomes of one name (tests build such collections) share identities, so the second one's
        // judgement depends on the first's: nothing is reused or kept for them.
        let uniqueNames = Set(names).count == names.count
        let periodic = now.timeIntervalSince(lastForget) > 60
        let unchanged = uniqueNames && !periodic ? outcomes.map { self.memos[$0.descriptor.name]?.matches($0) ?? false } : outcomes.map { _ in false }
        let sameSources = Set(names) == Set(self.memos.keys)
        let classifier: LayerClassifier
        let sameClassifier: Bool
        if let last = lastClassification, unchanged.allSatisfy({ $0 }), sameSources {
            (classifier, sameClassifier) = (last.1, true)
        } else {
            let inputs = outcomes.flatMap { outcome in
                outcome.report.certificates.map { LayerClassifier.Input(summary: $0.summary, signsWorkloads: $0.signsWorkloads) }
            }
            (classifier, sameClassifier) = self.classifier(for: inputs)
        }
        for fingerprint in classifier.workloadIssuers { signedWorkloadsAt[fingerprint] = now }

        var certificates: [JudgedCertificate] = []
        var chains: [ChainJudgement] = []
        var sources: [SourceHealth] = []
        var memos: [String: SourceMemo] = [:]
        var rejudged = false
        for (outcome, unchanged) in zip(outcomes, unchanged) {
            let descriptor = outcome.descriptor
            var counts = errorCounts[descriptor.name] ?? [:]
            for error in outcome.report.freshErrors { counts[error.reason, default: 0] += 1 }
            if outcome.missedDeadline { counts[.deadlineExceeded, default: 0] += 1 }
            errorCounts[descriptor.name] = counts

            var memo: SourceMemo
            if unchanged, sameClassifier, var reused = self.memos.removeValue(forKey: descriptor.name) {
                // Identities carry the source's name, so they cannot meet another source's in `seen`.
                for index in reused.certificates.indices { reused.certificates[index].judgeTime(now, thresholds: descriptor.thresholds) }
                // A chain judged against its bundle where it was read is judged at this time again.
                if !outcome.report.chainPaths.isEmpty {
                    let verdicts = Self.verifications(outcome, now: now)
                    for index in reused.chains.indices { reused.chains[index].verification = verdicts[reused.chains[index].location] }
                }
                memo = reused
            } else {
                memo = judgeAfresh(outcome, classifier: classifier, now: now)
                rejudged = true
            }
            // One source (the common case) hands its arrays over as they are, without copying them.
            if certificates.isEmpty { certificates = memo.certificates } else { certificates += memo.certificates }
            if chains.isEmpty { chains = memo.chains } else { chains += memo.chains }
            if uniqueNames { memos[descriptor.name] = memo }
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
        if rejudged || !sameSources { revision = Self.nextRevision() }
        self.memos = memos
        let bundles = judgeBundles(outcomes, classifier: classifier, certificates: certificates, now: now)
        // Forgetting is a sweep over every identity: do it once a minute, not on every scrape.
        if periodic {
            // Certificates judged from a reused read were not noted one by one: they were seen now.
            for certificate in certificates { lastSeen[certificate.identity.source]?[Place(certificate.identity)]?.at = now }
            // What sat at a place and its rotations are forgotten an hour after its last read; its issuing
            // evidence after `issuingMemory`, which may be longer: then only the evidence is kept.
            // (A filter, then the few stale reads reset: inserting 100,000 places one by one took 0.3 s.)
            lastSeen = lastSeen.compactMapValues { places in
                var kept = places.filter { now.timeIntervalSince($0.value.at) < forgetAfter || now.timeIntervalSince($0.value.issuingAt) < issuingMemory }
                let staleReads = kept.filter { now.timeIntervalSince($0.value.at) >= forgetAfter }
                for (place, seen) in staleReads { kept[place] = Seen(issuingAt: seen.issuingAt) }
                return kept.isEmpty ? nil : kept
            }
            signedWorkloadsAt = signedWorkloadsAt.filter { now.timeIntervalSince($0.value) < issuingMemory }
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
            },
            certificatesRevision: revision
        )
        snapshot.bundles = bundles
        return snapshot
    }

    /// Each location's verdict at `now`: a probe's own first, then a chain judged against the bundle where it was read.
    private static func verifications(_ outcome: SourceOutcome, now: Date) -> [String: ChainVerification] {
        Dictionary(
            (outcome.report.chainVerifications + outcome.report.chainPaths.map { $0.verification(at: now) }).map { ($0.location, $0) },
            uniquingKeysWith: { first, _ in first }
        )
    }

    /// Places, judges and counts the rotations of one source's certificates, and judges its chains.
    private mutating func judgeAfresh(_ outcome: SourceOutcome, classifier: LayerClassifier, now: Date) -> SourceMemo {
        let descriptor = outcome.descriptor
        var certificates: [JudgedCertificate] = []
        certificates.reserveCapacity(outcome.report.certificates.count)
        var chains: [ChainJudgement] = []
        // Chains in the order their locations were read (sorted, for most sources), not in hash order:
        // the exposition then finds its chain families already sorted.
        var locations: [(location: String, kind: SourceKind, summaries: [CertificateSummary])] = []
        var locationIndex: [String: Int] = [:]
        // Tens of thousands of identities on a first collection: room made once, not by doubling and rehashing.
        let count = outcome.report.certificates.count
        // Taken out while this source is judged: changed in place, not through the outer map.
        var seen = lastSeen.removeValue(forKey: descriptor.name) ?? [:]
        defer { lastSeen[descriptor.name] = seen }
        seen.reserveCapacity(seen.count + count)
        locationIndex.reserveCapacity(count)
        for observed in outcome.report.certificates {
            let identity = CertificateIdentity(
                source: descriptor.name, sourceKind: observed.kind ?? descriptor.kind, location: observed.location, chainIndex: observed.chainIndex
            )
            let summary = observed.summary
            // One identity read twice in one collection (two dumps holding the same secret, old and new) would
            // count a rotation at each read and be written twice: the first read is kept.
            let place = Place(identity)
            guard let rotations = Self.note(&seen[place, default: Seen()], fingerprint: summary.fingerprintSHA256, now: now, generation: generation)
            else { continue }
            let layer =
                descriptor.forcedLayer(at: observed.location)
                ?? stableLayer(&seen[place, default: Seen()], summary, classifier.layer(of: summary), now: now)
            var certificate = JudgedCertificate(
                identity: identity,
                summary: summary,
                attributes: observed.attributes,
                layer: layer,
                state: .ok,
                expiresIn: 0,
                lifetimeElapsedRatio: 0,
                rotations: rotations
            )
            certificate.judgeTime(now, thresholds: descriptor.thresholds)
            certificates.append(certificate)
            // A location's certificates mostly come one after another: the last one is tried before hashing.
            if let last = locations.indices.last, locations[last].location == observed.location {
                locations[last].kind = identity.sourceKind
                locations[last].summaries.append(summary)
            } else if let index = locationIndex[observed.location] {
                locations[index].kind = identity.sourceKind
                locations[index].summaries.append(summary)
            } else {
                locationIndex[observed.location] = locations.count
                locations.append((observed.location, identity.sourceKind, [summary]))
            }
        }
        let verifications = Self.verifications(outcome, now: now)
        chains.reserveCapacity(locations.count)
        for (location, kind, summaries) in locations {
            let issuerFirst = summaries.contains(where: classifier.hasIssuerExpiringFirst)
            chains.append(
                ChainJudgement(
                    source: descriptor.name,
                    sourceKind: kind,
                    location: location,
                    earliestNotAfter: summaries.map(\.notAfter).min()!,
                    issuerExpiresFirst: issuerFirst,
                    verification: verifications[location]
                )
            )
        }
        return SourceMemo(
            descriptor: descriptor, observed: outcome.report.certificates, verifications: outcome.report.chainVerifications,
            certificates: certificates, chains: chains
        )
    }

    /// Every bundle's roots, its untrusted issuers, and whether a SPIFFE bundle has gone stale.
    private mutating func judgeBundles(
        _ outcomes: [SourceOutcome], classifier: LayerClassifier, certificates: [JudgedCertificate], now: Date
    ) -> [BundleJudgement] {
        guard outcomes.contains(where: { !$0.report.bundles.isEmpty }) else { return [] }
        var assessor = BundleAssessor(classifier: classifier, certificates: certificates)
        var judgements: [BundleJudgement] = []
        var seen: Set<String> = []
        for outcome in outcomes {
            for bundle in outcome.report.bundles {
                let key = outcome.descriptor.name + "\u{0}" + bundle.location
                guard seen.insert(key).inserted else { continue }
                let (untrusted, domains) = bundle.judgesIssuers ? assessor.assess(bundle, source: outcome.descriptor.name) : ([], [])
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
    /// the hierarchy is the same, so classification is not run again. `same` says it was reused.
    private mutating func classifier(for inputs: [LayerClassifier.Input]) -> (classifier: LayerClassifier, same: Bool) {
        if let (previous, classifier) = lastClassification, previous.count == inputs.count,
            zip(previous, inputs).allSatisfy({ $0.summary === $1.summary && $0.signsWorkloads == $1.signsWorkloads })
        {
            return (classifier, true)
        }
        let classifier = LayerClassifier(inputs)
        lastClassification = (inputs, classifier)
        return (classifier, false)
    }

    /// The identity's rotation count after this read, or nil when it was read already in this collection.
    private static func note(_ seen: inout Seen, fingerprint: String, now: Date, generation: UInt64) -> Int? {
        guard seen.generation != generation else { return nil }
        let fingerprint = Seen.fingerprintHash(fingerprint)
        if seen.generation != 0 && seen.fingerprint != fingerprint && seen.rotations < .max { seen.rotations += 1 }
        seen.fingerprint = fingerprint
        seen.at = now
        seen.generation = generation
        return Int(seen.rotations)
    }

    /// `issuing` is learnt from evidence (a workload certificate it signed was read, or a mesh layout), and
    /// `layer` is on every series, so it must be stable. A collection without that evidence does not move a CA
    /// to `intermediate` while the evidence is younger than `issuingMemory`: the CA is remembered by
    /// fingerprint (the source holding its leaves missed the deadline, wherever else the CA is read), and a CA
    /// rotated in at an issuing CA's place takes its role until the memory of the place runs out.
    private func stableLayer(_ seen: inout Seen, _ summary: CertificateSummary, _ classified: HierarchyLayer, now: Date) -> HierarchyLayer {
        switch classified {
        case .issuing:
            seen.issuingAt = now
            return .issuing
        case .intermediate:
            if let signed = signedWorkloadsAt[summary.fingerprintSHA256], now.timeIntervalSince(signed) < issuingMemory {
                seen.issuingAt = max(signed, seen.issuingAt)
                return .issuing
            }
            if now.timeIntervalSince(seen.issuingAt) < issuingMemory { return .issuing }
            return .intermediate
        case .workload, .root:
            return classified
        }
    }
}

/// What the judge remembers of one identity.
private struct Seen {
    /// A 64-bit hash of the fingerprint: a rotation is a change of it (two certificates at one place
    /// share it with a chance of 1 in 2^64), in 8 bytes where the fingerprint's text is 16 and keeps a
    /// rotated-out certificate's text alive for an hour.
    var fingerprint: UInt64 = 0
    var at = Date.distantPast
    /// The `judge` call that last read it; 0 for never.
    var generation: UInt64 = 0
    /// When the certificate here last had an issuing CA's evidence, for a CA rotated in at its place;
    /// `distantPast` for never.
    var issuingAt = Date.distantPast
    var rotations: Int32 = 0

    static func fingerprintHash(_ fingerprint: String) -> UInt64 {
        var hasher = Hasher()
        hasher.combine(fingerprint)
        return UInt64(bitPattern: Int64(hasher.finalize()))
    }
}

/// An identity within its source: the map it is kept in says which source.
private struct Place: Hashable {
    var location: String
    var chainIndex: Int32
    var kind: SourceKind

    init(_ identity: CertificateIdentity) {
        location = identity.location
        chainIndex = Int32(clamping: identity.chainIndex)
        kind = identity.sourceKind
    }
}

/// One source's read and how it was judged: reused while the next read is the same.
private struct SourceMemo {
    var descriptor: SourceDescriptor
    var observed: [ObservedCertificate]
    var verifications: [ChainVerification]
    var certificates: [JudgedCertificate]
    var chains: [ChainJudgement]

    /// The same read of the same source (the same summaries at the same places): an unchanged file
    /// source hands back the very same report, so this is one comparison of array buffers.
    func matches(_ outcome: SourceOutcome) -> Bool {
        descriptor == outcome.descriptor && observed == outcome.report.certificates && verifications == outcome.report.chainVerifications
    }
}

extension CollectionJudge {
    private static let revisions = Atomic<UInt64>(0)

    /// Unique across judges, so a label cache fed by two coordinators never mistakes one for the other.
    static func nextRevision() -> UInt64 {
        revisions.wrappingAdd(1, ordering: .relaxed).newValue
    }
}

extension JudgedCertificate {
    /// What changes with the time alone: the time left, the share of the lifetime used, the expiry state.
    mutating func judgeTime(_ now: Date, thresholds: LayerThresholds) {
        expiresIn = summary.notAfter.timeIntervalSince(now)
        let lifetime = summary.lifetime
        lifetimeElapsedRatio = lifetime > 0 ? now.timeIntervalSince(summary.notBefore) / lifetime : 1
        state = thresholds[layer].state(expiresIn: expiresIn)
    }
}
