import MeshCertCore
import Synchronization

/// Escaped label texts of certificate series, kept from one scrape to the next: a certificate whose
/// labels did not change is not escaped again. Entries of certificates that are gone are dropped.
/// Also keeps the families that do not depend on the time while the snapshot's revision holds.
public final class LabelTextCache: Sendable {
    /// A class: handed to several families per certificate, a copy is one retain.
    final class Texts: Sendable {
        let summary: CertificateSummary
        let layer: HierarchyLayer
        let attributes: DumpAttributes
        let collectors: ExpositionCollectors
        /// `{source=…,layer=…}`, shared by every certificate family.
        let identity: [UInt8]
        /// The same plus the `meshcert_cert_info` labels.
        let info: [UInt8]

        init(
            summary: CertificateSummary, layer: HierarchyLayer, attributes: DumpAttributes, collectors: ExpositionCollectors,
            identity: [UInt8], info: [UInt8]
        ) {
            self.summary = summary
            self.layer = layer
            self.attributes = attributes
            self.collectors = collectors
            self.identity = identity
            self.info = info
        }
    }

    /// The last scrape's certificates in order: most scrapes see the same ones in the same order,
    /// so the entry at the same position is tried before any hashing.
    private struct Previous {
        var identities: [CertificateIdentity] = []
        var texts: [Texts] = []
        /// The snapshot's `certificatesRevision` these texts were made for.
        var revision: UInt64?
        var collectors: ExpositionCollectors?
    }

    private let previous = Mutex(Previous())

    /// Families whose samples depend on the certificates alone, kept with the revision they were built for.
    enum StableGroup: Sendable {
        case certificates, chains
    }

    private struct StableFamilies {
        var revision: UInt64
        var collectors: ExpositionCollectors?
        var families: [MetricFamily]
    }

    private let stable = Mutex<[StableGroup: StableFamilies]>([:])

    public init() {}

    /// The group's families for this revision: the kept ones, or `make`'s, kept for next time.
    func families(
        _ group: StableGroup, revision: UInt64?, collectors: ExpositionCollectors?, make: () -> [MetricFamily]
    ) -> [MetricFamily] {
        if let revision, let kept = stable.withLock({ $0[group] }), kept.revision == revision, kept.collectors == collectors {
            return kept.families
        }
        let families = make()
        stable.withLock { $0[group] = revision.map { StableFamilies(revision: $0, collectors: collectors, families: families) } }
        return families
    }

    /// The label texts for these certificates, in their order, reusing what is unchanged. The same
    /// `revision` as last time means the same certificates with the same labels: nothing is compared.
    func texts(
        for certificates: [JudgedCertificate], revision: UInt64?, collectors: ExpositionCollectors, make: (JudgedCertificate) -> Texts
    ) -> [Texts] {
        let previous = self.previous.withLock { previous in
            defer { previous = Previous() }
            return previous
        }
        if let revision, previous.revision == revision, previous.collectors == collectors, previous.texts.count == certificates.count {
            self.previous.withLock { $0 = previous }
            return previous.texts
        }
        var byIdentity: [CertificateIdentity: Texts]?
        var current = Previous(revision: revision, collectors: collectors)
        current.identities.reserveCapacity(certificates.count)
        current.texts.reserveCapacity(certificates.count)
        for (index, certificate) in certificates.enumerated() {
            var cached: Texts?
            if index < previous.identities.count, previous.identities[index] == certificate.identity {
                cached = previous.texts[index]
            } else {
                if byIdentity == nil {
                    byIdentity = Dictionary(zip(previous.identities, previous.texts), uniquingKeysWith: { first, _ in first })
                }
                cached = byIdentity?[certificate.identity]
            }
            let texts: Texts
            if let cached, cached.summary === certificate.summary, cached.layer == certificate.layer, cached.collectors == collectors,
                cached.attributes == certificate.attributes
            {
                texts = cached
            } else {
                texts = make(certificate)
            }
            current.identities.append(certificate.identity)
            current.texts.append(texts)
        }
        self.previous.withLock { $0 = current }
        return current.texts
    }
}
