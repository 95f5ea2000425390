import Crypto
import Foundation

/// A set of roots some party trusts, as read: a proxy dump's `ROOTCA` or SPIRE trust-domain bundle, a
/// configmap's `root-cert.pem` or `ca.crt`, Linkerd's trust roots, a secret's `ca.crt`, the `bundle.N.pem`
/// that `spire-agent api fetch x509 -write` leaves, a SPIFFE bundle document, an endpoint's `ca_file`, or
/// anything marked `trust_bundle`. Its certificates are also read as certificates at the same location.
public struct ObservedBundle: Sendable {
    public var location: String
    /// The kind of what sits there when it differs from the source's (a configmap in a `secret` source).
    public var kind: SourceKind?
    public var certificates: [CertificateSummary] {
        didSet { rootsFingerprint = Self.fingerprint(certificates) }
    }
    /// SHA-256 over the sorted fingerprints of its certificates, each as lowercase hex followed by a
    /// newline: bundles that hold the same roots have the same value, whatever their order or encoding.
    /// Kept, not computed at each scrape: 10,000 secrets' `ca.crt` are 10,000 bundles.
    public private(set) var rootsFingerprint: String
    /// The SPIFFE trust domain the bundle is for, where it says (a SPIRE trust-domain bundle, a SPIFFE bundle document).
    public var trustDomain: String?
    /// The bundle is what the workload whose certificate sits at this location trusts (a proxy dump's
    /// `ROOTCA` beside its `default`): it must trust the issuers of that workload's trust domain.
    public var servesLocation: String?
    /// Judged for rotation safety (the issuers in use it must trust). Not for a Kubernetes `ca.crt`: by
    /// convention the CA of that secret's own chain (often an intermediate), judged against that chain only;
    /// against every issuer of the mesh it would report them all, for each of thousands of secrets.
    public var judgesIssuers = true
    /// A SPIFFE bundle document's `spiffe_sequence` and `spiffe_refresh_hint` (seconds).
    public var sequence: Int?
    public var refreshHint: TimeInterval?

    public init(
        location: String, kind: SourceKind? = nil, certificates: [CertificateSummary], trustDomain: String? = nil, servesLocation: String? = nil,
        sequence: Int? = nil, refreshHint: TimeInterval? = nil
    ) {
        self.location = location
        self.kind = kind
        self.certificates = certificates
        self.rootsFingerprint = Self.fingerprint(certificates)
        self.trustDomain = trustDomain
        self.servesLocation = servesLocation
        self.sequence = sequence
        self.refreshHint = refreshHint
    }

    static func fingerprint(_ certificates: [CertificateSummary]) -> String {
        let text = Set(certificates.map(\.fingerprintSHA256)).sorted().map { $0 + "\n" }.joined()
        return Hex.encode(SHA256.hash(data: Array(text.utf8)))
    }
}

/// A chain read at one place, judged against the bundle that applies to it there (a proxy dump's
/// `default` against its `ROOTCA`, a secret's `tls.crt` against its `ca.crt`, a source's chains against
/// its `ca_file`). The path is built from signatures when the chain is read; time is judged at each scrape.
public struct ChainPath: Sendable {
    public enum Outcome: Sendable {
        /// Leaf first, up to and including the bundle's certificate it ends at.
        case built([CertificateSummary])
        /// No path to the bundle: `unknown_authority`, or `self_signed_leaf`.
        case notBuilt(ChainVerifyReason)
    }

    public var location: String
    public var bundleLocation: String
    public var outcome: Outcome

    public init(location: String, bundleLocation: String, outcome: Outcome) {
        self.location = location
        self.bundleLocation = bundleLocation
        self.outcome = outcome
    }

    /// The verdict at `now`: the path's reasons plus any certificate on it expired or not yet valid.
    public func verification(at now: Date) -> ChainVerification {
        switch outcome {
        case .notBuilt(let reason):
            return ChainVerification(location: location, verified: false, reasons: [reason])
        case .built(let path):
            var reasons: [ChainVerifyReason] = []
            if path.contains(where: { $0.notAfter < now }) { reasons.append(.expired) }
            if path.contains(where: { $0.notBefore > now }) { reasons.append(.notYetValid) }
            return ChainVerification(location: location, verified: reasons.isEmpty, reasons: reasons.sorted())
        }
    }
}

/// What the judge concluded about one bundle in one collection.
public struct BundleJudgement: Sendable {
    public var source: String
    public var sourceKind: SourceKind
    public var location: String
    public var bundle: ObservedBundle
    /// Issuing CAs in use in the trust domains this bundle serves whose chain does not build to it.
    public var untrustedIssuers: [CertificateSummary]
    /// The trust domains whose issuers were judged (empty: the bundle serves no SPIFFE trust domain seen).
    public var trustDomains: [String]
    /// A SPIFFE bundle whose refresh hint has passed ten times over without a new sequence.
    public var stale: Bool
    /// Its untrusted issuers were judged (`ObservedBundle.judgesIssuers`); if not, none are written.
    public var issuersJudged: Bool { bundle.judgesIssuers }

    public init(
        source: String, sourceKind: SourceKind, location: String, bundle: ObservedBundle, untrustedIssuers: [CertificateSummary], trustDomains: [String],
        stale: Bool = false
    ) {
        self.source = source
        self.sourceKind = sourceKind
        self.location = location
        self.bundle = bundle
        self.untrustedIssuers = untrustedIssuers
        self.trustDomains = trustDomains
        self.stale = stale
    }
}

extension CertificateSummary {
    /// The trust domain of a SPIFFE ID (`spiffe://cluster.local/ns/shop/sa/cart` → `cluster.local`), if any.
    public var spiffeTrustDomain: String? {
        guard spiffeID.hasPrefix("spiffe://") else { return nil }
        let rest = spiffeID.dropFirst("spiffe://".count)
        let domain = rest.prefix { $0 != "/" }
        return domain.isEmpty ? nil : domain.lowercased()
    }
}
