import MeshCertCore
import Synchronization

/// Escaped label texts of certificate series, kept from one scrape to the next: a certificate whose
/// labels did not change is not escaped again. Entries of certificates that are gone are dropped.
public final class LabelTextCache: Sendable {
    struct Texts: Sendable {
        var summary: CertificateSummary
        var layer: HierarchyLayer
        var attributes: DumpAttributes
        var collectors: ExpositionCollectors
        /// `{source=…,layer=…}`, shared by every certificate family.
        var identity: [UInt8]
        /// The same plus the `meshcert_cert_info` labels.
        var info: [UInt8]
    }

    /// The last scrape's certificates in order: most scrapes see the same ones in the same order,
    /// so the entry at the same position is tried before any hashing.
    private let previous = Mutex<[(identity: CertificateIdentity, texts: Texts)]>([])

    public init() {}

    /// The label texts for these certificates, in their order, reusing what is unchanged.
    func texts(for certificates: [JudgedCertificate], collectors: ExpositionCollectors, make: (JudgedCertificate) -> Texts) -> [Texts] {
        let previous = self.previous.withLock { entries in
            defer { entries = [] }
            return entries
        }
        var byIdentity: [CertificateIdentity: Texts]?
        var current: [(identity: CertificateIdentity, texts: Texts)] = []
        current.reserveCapacity(certificates.count)
        for (index, certificate) in certificates.enumerated() {
            var cached: Texts?
            if index < previous.count, previous[index].identity == certificate.identity {
                cached = previous[index].texts
            } else {
                if byIdentity == nil {
                    byIdentity = Dictionary(previous.map { ($0.identity, $0.texts) }, uniquingKeysWith: { first, _ in first })
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
            current.append((certificate.identity, texts))
        }
        self.previous.withLock { $0 = current }
        return current.map(\.texts)
    }
}
