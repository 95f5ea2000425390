import Crypto
import Synchronization

/// Parses each distinct DER once: the same CA certificate sits in thousands of bundles in a real mesh.
/// Entries not asked for during a whole collection are dropped by `sweep()`.
public final class CertificateParseCache: Sendable {
    private struct Entry {
        var result: Result<CertificateSummary, CertificateDecodeError>
        var used: Bool
    }

    private let entries = Mutex<[SHA256Digest: Entry]>([:])
    /// What the summaries parsed here hold alike, held once.
    private let shared = SharedText()

    public init() {}

    public func summary(der: [UInt8]) -> Result<CertificateSummary, CertificateDecodeError> {
        let digest = SHA256.hash(data: der)
        if let hit = entries.withLock({ entries -> Result<CertificateSummary, CertificateDecodeError>? in
            entries[digest]?.used = true
            return entries[digest]?.result
        }) {
            return hit
        }
        let result = Result { () throws(CertificateDecodeError) in
            try CertificateDecoder.summarize(der: der, fingerprint: Hex.encode(digest), shared: shared)
        }
        entries.withLock { $0[digest] = Entry(result: result, used: true) }
        return result
    }

    /// Forget what the last collection did not use; call once per collection.
    public func sweep() {
        entries.withLock { entries in
            entries = entries.filter(\.value.used)
            for key in entries.keys { entries[key]?.used = false }
        }
        shared.removeAll()
    }

    public var count: Int { entries.withLock { $0.count } }
}
