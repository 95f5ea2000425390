import Crypto
import MeshCertCore
import MeshCertParsers
import Synchronization
import X509

/// Builds a chain's path to a trust bundle by names and signatures, once, when the chain is read (time is
/// judged at each scrape: `ChainPath.verification(at:)`). The same checks as an endpoint's chain, without
/// the server-name and key-usage rules: a mesh certificate read from a dump is not a server being dialled.
enum ChainPathBuilder {
    /// One certificate, parsed, with its DER (to find its summary in the parse cache).
    struct Parsed {
        var der: [UInt8]
        var certificate: Certificate
    }

    /// Certificates parsed during one read, by DER: a dump's 10,000 secrets share one CA in their `ca.crt`.
    final class ParsedCache {
        private var parsed: [[UInt8]: Certificate] = [:]

        func certificate(_ der: [UInt8]) -> Certificate? {
            if let known = parsed[der] { return known }
            guard let certificate = try? Certificate(derEncoded: der) else { return nil }
            // Bounded: the CAs are what repeat; the leaves, each seen once, must not pile up.
            if parsed.count >= 1024 { parsed.removeAll(keepingCapacity: true) }
            parsed[der] = certificate
            return certificate
        }
    }

    /// The certificates of a PEM or DER blob that parse; the rest are the bundle reader's to report.
    static func certificates(_ bytes: [UInt8], cache: ParsedCache? = nil) -> [Parsed] {
        CertificateBundleReader.certificateDERs(bytes).compactMap { der in
            (cache.map { $0.certificate(der) } ?? (try? Certificate(derEncoded: der))).map { Parsed(der: der, certificate: $0) }
        }
    }

    /// The path from `chain`'s first certificate to a certificate of one of `bundles` (tried in order),
    /// through the chain's own intermediates; the first bundle it builds to wins.
    static func path(chain: [Parsed], bundles: [(location: String, certificates: [Parsed])], cache: CertificateParseCache) -> ChainPath? {
        guard let leaf = chain.first, let first = bundles.first else { return nil }
        for bundle in bundles {
            if let built = build(leaf: leaf, intermediates: Array(chain.dropFirst()), anchors: bundle.certificates) {
                let summaries = built.compactMap { try? cache.summary(der: $0.der).get() }
                return ChainPath(location: "", bundleLocation: bundle.location, outcome: .built(summaries))
            }
        }
        let reason: ChainVerifyReason = ChainVerifier.isSelfSigned(leaf.certificate) ? .selfSignedLeaf : .unknownAuthority
        return ChainPath(location: "", bundleLocation: first.location, outcome: .notBuilt(reason))
    }

    private static func build(leaf: Parsed, intermediates: [Parsed], anchors: [Parsed]) -> [Parsed]? {
        let anchorDERs = Set(anchors.map(\.der))
        var path = [leaf]
        var current = leaf
        var used: Set<[UInt8]> = [leaf.der]
        for _ in 0..<10 {
            if anchorDERs.contains(current.der) { return path }
            func signs(_ candidate: Parsed) -> Bool {
                candidate.certificate.subject == current.certificate.issuer
                    && candidate.certificate.publicKey.isValidSignature(current.certificate.signature, for: current.certificate)
            }
            if let anchor = anchors.first(where: signs) {
                return path + [anchor]
            }
            guard let next = intermediates.first(where: { !used.contains($0.der) && signs($0) }) else { return nil }
            used.insert(next.der)
            path.append(next)
            current = next
        }
        return nil
    }
}

/// Chains judged in the last read of a source, by the bytes of the chain and of its bundles: a dump rewritten
/// by a cron job holds mostly the same secrets, and a signature check costs a few hundred microseconds each.
/// What a read did not ask for is forgotten when the next read ends.
final class ChainPathMemo: Sendable {
    private struct Generations {
        var last: [SHA256Digest: ChainPath.Outcome] = [:]
        var current: [SHA256Digest: ChainPath.Outcome] = [:]
    }

    private let generations = Mutex(Generations())

    static func key(chain: [UInt8], bundles: [[UInt8]]) -> SHA256Digest {
        var hasher = SHA256()
        hasher.update(data: chain)
        for bundle in bundles {
            hasher.update(data: [0, 0, 0, 0])
            hasher.update(data: bundle)
        }
        return hasher.finalize()
    }

    func outcome(_ key: SHA256Digest, otherwise build: () -> ChainPath.Outcome?) -> ChainPath.Outcome? {
        if let known = generations.withLock({ state -> ChainPath.Outcome? in
            let found = state.current[key] ?? state.last[key]
            if let found { state.current[key] = found }
            return found
        }) {
            return known
        }
        guard let built = build() else { return nil }
        generations.withLock { $0.current[key] = built }
        return built
    }

    /// A read ended: what it used is kept for the next one, the rest is dropped.
    func endRead() {
        generations.withLock { state in
            state.last = state.current
            state.current = [:]
        }
    }
}
