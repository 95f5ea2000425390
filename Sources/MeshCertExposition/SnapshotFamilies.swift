import Foundation
import MeshCertCore

/// Builds every metric family from one collection. Nothing carries over from the previous scrape:
/// a certificate that is gone is gone from the output.
public enum SnapshotFamilies {
    static let maxDNSNamesLength = 256

    /// `labels` keeps escaped label texts between scrapes; without one, every scrape escapes afresh.
    /// `collectors` says which of the switchable families and info labels are written.
    public static func build(
        _ snapshot: CollectionSnapshot, labels: LabelTextCache = LabelTextCache(), collectors: ExpositionCollectors = .defaults
    ) -> [MetricFamily] {
        var families: [MetricFamily] = []
        families.append(MetricFamily(Metric.buildInfo, samples: [MetricSample([LabelPair(Label.version, MeshCertVersion.current)], 1)]))
        families += thresholdFamilies(snapshot)
        families += certificateFamilies(snapshot.certificates, revision: snapshot.certificatesRevision, labels: labels, collectors: collectors)
        families.append(weakCryptoFamily(snapshot.certificates))
        families += chainFamilies(snapshot.chains, revision: snapshot.certificatesRevision, labels: labels, collectors: collectors)
        families += healthFamilies(snapshot.sources, labels: labels)
        families += endpointFamilies(snapshot.sources)
        families += enforcementFamilies(snapshot.sources)
        families.append(policyFamily(snapshot.policies))
        families += bundleFamilies(snapshot.bundles)
        if let traffic = snapshot.traffic { families += trafficFamilies(traffic) }
        return families
    }

    private static func thresholdFamilies(_ snapshot: CollectionSnapshot) -> [MetricFamily] {
        var global = MetricFamily(Metric.threshold)
        var perSource = MetricFamily(Metric.sourceThreshold)
        var stall = MetricFamily(Metric.rotationStallRatio)
        for layer in HierarchyLayer.allCases {
            let thresholds = snapshot.thresholds[layer]
            global.add([LabelPair(Label.layer, layer.rawValue), LabelPair(Label.severity, "warning")], thresholds.warning)
            global.add([LabelPair(Label.layer, layer.rawValue), LabelPair(Label.severity, "critical")], thresholds.critical)
            if let bound = snapshot.rotationPolicy[layer] { stall.add([LabelPair(Label.layer, layer.rawValue)], bound) }
            for source in snapshot.sources {
                let own = source.descriptor.thresholds[layer]
                let base = [LabelPair(Label.source, source.descriptor.name), LabelPair(Label.layer, layer.rawValue)]
                perSource.add(base + [LabelPair(Label.severity, "warning")], own.warning)
                perSource.add(base + [LabelPair(Label.severity, "critical")], own.critical)
            }
        }
        return [global, perSource, stall]
    }

    private static func certificateFamilies(
        _ certificates: [JudgedCertificate], revision: UInt64?, labels: LabelTextCache, collectors: ExpositionCollectors
    ) -> [MetricFamily] {
        let texts = labels.texts(for: certificates, revision: revision, collectors: collectors) { certificate in
            // Escaped once, shared by every certificate family.
            LabelTextCache.Texts(
                summary: certificate.summary, layer: certificate.layer, attributes: certificate.attributes, collectors: collectors,
                identity: ExpositionEncoder.labelText(identityLabels(certificate))
            )
        }
        // The output order is that of the identity texts (`chain_index="10"` before `"2"`): in it, every
        // certificate family comes out sorted. Sources mostly hand certificates in that order already.
        var order = Array(certificates.indices)
        if !order.dropFirst().allSatisfy({ ExpositionEncoder.precedes(texts[$0 - 1].identity, texts[$0].identity) }) {
            order.sort { ExpositionEncoder.precedes(texts[$0].identity, texts[$1].identity) }
        }
        // Only these two change with every scrape (both off by default); the others change with the
        // certificates or, the expiry state, at a threshold: they are kept as text, in blocks.
        var expiresIn = MetricFamily(Metric.certExpiresIn)
        var elapsed = MetricFamily(Metric.certLifetimeElapsed)
        let (withExpiresIn, withElapsed) = (collectors.contains(.certExpiresIn), collectors.contains(.certLifetimeElapsedRatio))
        // By index: a copy of each certificate would retain all of its strings.
        for index in order where withExpiresIn || withElapsed {
            let text = texts[index].identity
            if withExpiresIn { expiresIn.add(labelText: text, certificates[index].expiresIn.rounded()) }
            if withElapsed { elapsed.add(labelText: text, certificates[index].lifetimeElapsedRatio) }
        }
        let kept = keptCertificateFamilies(certificates, order: order, texts: texts, labels: labels, collectors: collectors)
        return kept + [expiresIn, elapsed].map(ExpositionEncoder.sortedFamily)
    }

    /// The certificate families that change with the certificates, or with the time only where a
    /// threshold is crossed (the expiry state), encoded in blocks of certificates: a block whose
    /// certificates, rotation counts and states did not change is not written again.
    private static func keptCertificateFamilies(
        _ certificates: [JudgedCertificate], order: [Int], texts: [LabelTextCache.Texts], labels: LabelTextCache,
        collectors: ExpositionCollectors
    ) -> [MetricFamily] {
        var definitions = [Metric.certNotAfter]
        if collectors.contains(.certNotBefore) { definitions.append(Metric.certNotBefore) }
        if collectors.contains(.certLifetime) { definitions.append(Metric.certLifetime) }
        definitions.append(Metric.certInfo)
        if collectors.contains(.certMTLSUsable) { definitions.append(Metric.certMTLSUsable) }
        definitions += [Metric.certRotations, Metric.certExpiryState]
        let names = definitions.map { Array($0.name.utf8) }
        let blocks = labels.encodedBlocks(certificates, order: order, texts: texts, collectors: collectors) { [definitions] positions in
            var lines = Array(repeating: [UInt8](), count: definitions.count)
            // Room for the block at once (info lines run about three times an identity's length), not by doubling.
            let line = texts[order[positions.lowerBound]].identity.count + 32
            for column in lines.indices {
                lines[column].reserveCapacity(positions.count * (names[column].count + line * (definitions[column].name == Metric.certInfo.name ? 3 : 1)))
            }
            for position in positions {
                let certificate = certificates[order[position]]
                let summary = certificate.summary
                let text = texts[order[position]].identity
                for (column, definition) in definitions.enumerated() {
                    let value: Double
                    var labelText = text
                    switch definition.name {
                    case Metric.certNotAfter.name: value = summary.notAfter.timeIntervalSince1970
                    case Metric.certNotBefore.name: value = summary.notBefore.timeIntervalSince1970
                    case Metric.certLifetime.name: value = summary.lifetime
                    case Metric.certInfo.name: (value, labelText) = (1, infoText(certificate, identity: text, collectors: collectors))
                    case Metric.certMTLSUsable.name:
                        guard certificate.layer == .workload else { continue }
                        value = summary.isMTLSUsable ? 1 : 0
                    case Metric.certRotations.name: value = Double(certificate.rotations)
                    default: value = Double(certificate.state.rawValue)
                    }
                    ExpositionEncoder.appendSample(name: names[column], labelText: labelText, value: value, to: &lines[column])
                }
            }
            return lines
        }
        return definitions.indices.map { column in MetricFamily(definitions[column], encoded: blocks.map { $0[column] }) }
    }

    /// `meshcert_cert_info`'s label text: the identity's, then the info labels. Built only when a block is
    /// written: kept for every certificate, these texts would be most of the exporter's memory.
    private static func infoText(_ certificate: JudgedCertificate, identity: [UInt8], collectors: ExpositionCollectors) -> [UInt8] {
        var text = identity
        text.removeLast()
        text.append(UInt8(ascii: ","))
        ExpositionEncoder.appendLabels(infoLabels(certificate, collectors: collectors), to: &text)
        text.append(UInt8(ascii: "}"))
        return text
    }

    /// Few certificates are weak: their labels are built here rather than kept in the label cache.
    private static func weakCryptoFamily(_ certificates: [JudgedCertificate]) -> MetricFamily {
        var family = MetricFamily(Metric.certWeakCrypto)
        for certificate in certificates where !certificate.summary.weakCrypto.isEmpty {
            let identity = identityLabels(certificate)
            for reason in certificate.summary.weakCrypto { family.add(identity + [LabelPair(Label.reason, reason.rawValue)], 1) }
        }
        return family
    }

    /// The series identity plus `layer`: what every certificate family carries. A rotation, even one
    /// that changes the subject, keeps these, so series, counters and `for:` clauses survive it.
    static func identityLabels(_ certificate: JudgedCertificate) -> [LabelPair] {
        [
            LabelPair(Label.source, certificate.identity.source),
            LabelPair(Label.sourceKind, certificate.identity.sourceKind.rawValue),
            LabelPair(Label.location, certificate.identity.location),
            LabelPair(Label.chainIndex, String(certificate.identity.chainIndex)),
            LabelPair(Label.layer, certificate.layer.rawValue),
        ]
    }

    /// `meshcert_cert_info`'s labels after the identity: the names first, then what describes the certificate;
    /// empty ones left out.
    private static func infoLabels(_ certificate: JudgedCertificate, collectors: ExpositionCollectors) -> [LabelPair] {
        let summary = certificate.summary
        var labels = [
            LabelPair(Label.subjectCN, summary.subjectCN),
            LabelPair(Label.issuerCN, summary.issuerCN),
            LabelPair(Label.serial, summary.serialHex),
            LabelPair(Label.subject, summary.subject),
            LabelPair(Label.issuer, summary.issuer),
            LabelPair(Label.spiffeID, summary.spiffeID),
        ]
        if collectors.contains(.infoDNSNames) {
            var dnsNames = summary.dnsNames.joined(separator: ",")
            if dnsNames.utf8.count > maxDNSNamesLength {
                dnsNames = String(decoding: dnsNames.utf8.prefix(maxDNSNamesLength), as: UTF8.self)
            }
            labels.append(LabelPair(Label.dnsNames, dnsNames))
        }
        if collectors.contains(.infoIPAddresses) {
            labels.append(LabelPair(Label.ipAddresses, summary.ipAddresses.joined(separator: ",")))
        }
        labels += [
            LabelPair(Label.keyAlgorithm, summary.keyAlgorithm),
            LabelPair(Label.signatureAlgorithm, summary.signatureAlgorithm),
            LabelPair(Label.isCA, summary.assertsCA || certificate.layer != .workload ? "true" : "false"),
            LabelPair(Label.extendedKeyUsage, summary.extendedKeyUsage?.joined(separator: ",") ?? ""),
            LabelPair(Label.fingerprintSHA256, summary.fingerprintSHA256),
            LabelPair(Label.parseWarning, summary.parseWarnings.joined(separator: ",")),
        ]
        if collectors.contains(.infoDumpLabels) { labels += certificate.attributes.labels }
        // An empty label value is the same as no label to Prometheus: not writing one saves bytes, not meaning.
        return labels.filter { !$0.value.isEmpty }
    }

    /// Chains are judged with the certificates: their families, too, hold while the revision does.
    private static func chainFamilies(
        _ chains: [ChainJudgement], revision: UInt64?, labels: LabelTextCache, collectors: ExpositionCollectors
    ) -> [MetricFamily] {
        labels.families(.chains, revision: revision, collectors: collectors) {
            let withEarliest = collectors.contains(.chainEarliestNotAfter)
            var earliest = MetricFamily(Metric.chainEarliestNotAfter)
            var issuerFirst = MetricFamily(Metric.chainIssuerExpiresFirst)
            var verified = MetricFamily(Metric.chainVerified)
            var verifyError = MetricFamily(Metric.chainVerifyError)
            for chain in chains {
                let labels = [
                    LabelPair(Label.source, chain.source),
                    LabelPair(Label.sourceKind, chain.sourceKind.rawValue),
                    LabelPair(Label.location, chain.location),
                ]
                // Escaped once for the families that share it.
                let text = ExpositionEncoder.labelText(labels)
                if withEarliest { earliest.add(labelText: text, chain.earliestNotAfter.timeIntervalSince1970) }
                issuerFirst.add(labelText: text, chain.issuerExpiresFirst ? 1 : 0)
                if let verification = chain.verification {
                    verified.add(labelText: text, verification.verified ? 1 : 0)
                    for reason in verification.reasons { verifyError.add(labels + [LabelPair(Label.reason, reason.rawValue)], 1) }
                }
            }
            return [earliest, issuerFirst, verified, verifyError].map { ExpositionEncoder.sortedFamily($0) }
        }
    }

    private static func bundleFamilies(_ bundles: [BundleJudgement]) -> [MetricFamily] {
        var roots = MetricFamily(Metric.bundleRoots)
        var latest = MetricFamily(Metric.bundleLatestNotAfter)
        var info = MetricFamily(Metric.bundleInfo)
        var untrusted = MetricFamily(Metric.bundleUntrustedIssuers)
        var untrustedInfo = MetricFamily(Metric.bundleUntrustedIssuer)
        var stale = MetricFamily(Metric.bundleStale)
        // In label order, so that every family comes out sorted without sorting 10,000 samples five times.
        let places = bundles.map { judgement in
            [
                LabelPair(Label.source, judgement.source), LabelPair(Label.sourceKind, judgement.sourceKind.rawValue),
                LabelPair(Label.location, judgement.location),
            ]
        }
        let texts = places.map(ExpositionEncoder.labelText)
        for index in bundles.indices.sorted(by: { ExpositionEncoder.precedes(texts[$0], texts[$1]) }) {
            let judgement = bundles[index]
            let place = places[index]
            roots.add(place, Double(judgement.bundle.certificates.count))
            if let last = judgement.bundle.certificates.map(\.notAfter).max() { latest.add(place, last.timeIntervalSince1970) }
            var described = place + [LabelPair(Label.rootsFingerprint, judgement.bundle.rootsFingerprint)]
            if let domain = judgement.bundle.trustDomain, !domain.isEmpty { described.append(LabelPair(Label.trustDomain, domain)) }
            info.add(described, 1)
            if judgement.issuersJudged { untrusted.add(place, Double(judgement.untrustedIssuers.count)) }
            for issuer in judgement.untrustedIssuers {
                untrustedInfo.add(
                    place + [LabelPair(Label.issuerSubject, issuer.subject), LabelPair(Label.issuerFingerprint, issuer.fingerprintSHA256)], 1
                )
            }
            if judgement.bundle.sequence != nil { stale.add(place, judgement.stale ? 1 : 0) }
        }
        return [roots, latest, info, untrusted, untrustedInfo, stale]
    }

    private static func endpointFamilies(_ sources: [SourceHealth]) -> [MetricFamily] {
        var up = MetricFamily(Metric.endpointUp)
        var duration = MetricFamily(Metric.endpointHandshakeDuration)
        var version = MetricFamily(Metric.endpointTLSVersion)
        var clientCert = MetricFamily(Metric.endpointClientCertRequired)
        for source in sources {
            for endpoint in source.endpoints {
                let labels = [LabelPair(Label.source, source.descriptor.name), LabelPair(Label.location, endpoint.location)]
                up.add(labels, endpoint.isUp ? 1 : 0)
                duration.add(labels, endpoint.handshakeDuration)
                if let tlsVersion = endpoint.tlsVersion { version.add(labels + [LabelPair(Label.version, tlsVersion)], 1) }
                if let required = endpoint.clientCertificateRequired { clientCert.add(labels, required ? 1 : 0) }
            }
        }
        return [up, duration, version, clientCert]
    }

    private static func enforcementFamilies(_ sources: [SourceHealth]) -> [MetricFamily] {
        var plaintext = MetricFamily(Metric.endpointPlaintextAccepted)
        var withoutCertificate = MetricFamily(Metric.endpointAcceptsWithoutClientCert)
        for source in sources {
            for endpoint in source.endpoints {
                let labels = [LabelPair(Label.source, source.descriptor.name), LabelPair(Label.location, endpoint.location)]
                if let accepted = endpoint.plaintextAccepted { plaintext.add(labels, accepted ? 1 : 0) }
                if let accepted = endpoint.acceptsWithoutClientCertificate { withoutCertificate.add(labels, accepted ? 1 : 0) }
            }
        }
        return [plaintext, withoutCertificate]
    }

    private static func trafficFamilies(_ traffic: TrafficFigures) -> [MetricFamily] {
        var requests = MetricFamily(Metric.meshRequests)
        var connections = MetricFamily(Metric.meshConnections)
        var ratio = MetricFamily(Metric.mtlsTrafficRatio)
        var meshRatio = MetricFamily(Metric.meshMTLSTrafficRatio)
        for (key, counts) in traffic.totals {
            for policy in TrafficSample.Policy.allCases {
                let labels = [LabelPair(Label.destinationNamespace, key.destinationNamespace), LabelPair(Label.securityPolicy, policy.rawValue)]
                switch key.kind {
                case .requests: requests.add(labels, counts[policy])
                case .connections: connections.add(labels, counts[policy])
                }
            }
        }
        for (key, counts) in traffic.window {
            if let value = counts.mTLSRatio(minimumEvents: traffic.minimumEvents) {
                ratio.add([LabelPair(Label.destinationNamespace, key.destinationNamespace), LabelPair(Label.traffic, key.kind.rawValue)], value)
            }
        }
        for (kind, counts) in traffic.meshWide() {
            if let value = counts.mTLSRatio(minimumEvents: traffic.minimumEvents) {
                meshRatio.add([LabelPair(Label.traffic, kind.rawValue)], value)
            }
        }
        return [requests, connections, ratio, meshRatio]
    }

    private static func policyFamily(_ policies: [MTLSPolicy]) -> MetricFamily {
        var family = MetricFamily(Metric.mtlsPolicyMode)
        var seen: Set<MTLSPolicy> = []
        // The same policy read from two dumps is one series.
        for policy in policies where seen.insert(policy).inserted {
            family.add(
                [
                    LabelPair(Label.policyNamespace, policy.namespace), LabelPair(Label.policyName, policy.name),
                    LabelPair(Label.mode, policy.mode.rawValue), LabelPair(Label.port, policy.port), LabelPair(Label.scope, policy.scope.rawValue),
                ],
                1
            )
        }
        return family
    }

    private static func healthFamilies(_ sources: [SourceHealth], labels: LabelTextCache) -> [MetricFamily] {
        var errors = MetricFamily(Metric.sourceErrors)
        var count = MetricFamily(Metric.sourceCertificates)
        var duration = MetricFamily(Metric.collectionDuration)
        var success = MetricFamily(Metric.collectionSuccess)
        // One line per place (10,000 files are 10,000 places): kept as text while a source's places hold.
        // A source's lines never interleave with another's, so sources in label order keep every line in order.
        let placeNames = sources.map { ExpositionEncoder.labelText([LabelPair(Label.source, $0.descriptor.name)]) }
        let placeLines = labels.placeLines(sources) { source in
            var up = MetricFamily(Metric.sourceUp)
            var lastChange = MetricFamily(Metric.sourceLastChange)
            let name = LabelPair(Label.source, source.descriptor.name)
            let kind = LabelPair(Label.sourceKind, source.descriptor.kind.rawValue)
            for location in source.locations {
                let labels = [name, location.kind.map { LabelPair(Label.sourceKind, $0.rawValue) } ?? kind, LabelPair(Label.location, location.location)]
                let text = ExpositionEncoder.labelText(labels)
                up.add(labelText: text, location.isUp ? 1 : 0)
                if let changed = location.lastChange { lastChange.add(labelText: text, changed.timeIntervalSince1970) }
            }
            return [up, lastChange].map { family in
                var lines: [UInt8] = []
                ExpositionEncoder.appendSamples(family.definition, ExpositionEncoder.sortedByLabels(family)[...], to: &lines)
                return EncodedLines(lines)
            }
        }
        let inOrder = sources.indices.sorted { ExpositionEncoder.precedes(placeNames[$0], placeNames[$1]) }
        let up = MetricFamily(Metric.sourceUp, encoded: inOrder.map { placeLines[$0][0] })
        let lastChange = MetricFamily(Metric.sourceLastChange, encoded: inOrder.map { placeLines[$0][1] })
        for source in sources {
            let name = LabelPair(Label.source, source.descriptor.name)
            let kind = LabelPair(Label.sourceKind, source.descriptor.kind.rawValue)
            for reason in SourceErrorReason.allCases {
                errors.add([name, kind, LabelPair(Label.reason, reason.rawValue)], Double(source.errorCounts[reason] ?? 0))
            }
            count.add([name, kind], Double(source.certificateCount))
            duration.add([name], source.duration)
            success.add([name], source.collectionSucceeded ? 1 : 0)
        }
        return [up, errors, count, duration, success, lastChange]
    }
}
