import Foundation

/// Rotation safety, "trust first, issue second, remove old last": for each trust bundle, the issuing CAs
/// in use in the trust domains it serves whose chain does not build to it. Done out of order, exactly
/// the workloads whose bundle lacks the other's root fail their handshakes.
///
/// Only SPIFFE trust domains are judged: an issuing CA is *in use in domain T* when it signed a workload
/// certificate whose SPIFFE ID is in T. A bundle serves a domain when it says so (a SPIRE or SPIFFE
/// bundle), when it sits beside a workload of that domain (a proxy dump's `ROOTCA` beside its `default`),
/// or when it trusts at least one issuing CA in use there (a mesh's `istio-ca-root-cert`). A bundle of
/// another world (`kube-root-ca.crt`, a corporate root file) trusts none of the mesh's issuers and so
/// serves no mesh domain: it is reported with its roots, never as missing the mesh's issuers.
/// Chains are followed by key identifiers and names, as the hierarchy is (`LayerClassifier`).
struct BundleAssessor {
    let classifier: LayerClassifier
    /// Issuing CAs (by fingerprint) in use per SPIFFE trust domain.
    private(set) var inUse: [String: Set<String>] = [:]
    private var summaries: [String: CertificateSummary] = [:]
    /// SPIFFE trust domains of the leaf certificates at each (source, location).
    private var domainsAt: [String: Set<String>] = [:]

    init(classifier: LayerClassifier, certificates: [JudgedCertificate]) {
        self.classifier = classifier
        for certificate in certificates {
            summaries[certificate.summary.fingerprintSHA256] = certificate.summary
            guard certificate.layer == .workload, let domain = certificate.summary.spiffeTrustDomain else { continue }
            if certificate.identity.chainIndex == 0 {
                domainsAt[Self.key(certificate.identity.source, certificate.identity.location), default: []].insert(domain)
            }
            for issuer in classifier.issuers(of: certificate.summary) {
                inUse[domain, default: []].insert(issuer.fingerprintSHA256)
                summaries[issuer.fingerprintSHA256] = issuer
            }
        }
    }

    private static func key(_ source: String, _ location: String) -> String { source + "\u{0}" + location }

    /// Results by root set and the domains asked for: 10,000 secrets' `ca.crt` are a handful of root sets.
    private var evidenceDomains: [Set<String>: Set<String>] = [:]
    private var untrustedIn: [Set<String>: [Set<String>: [CertificateSummary]]] = [:]

    mutating func assess(_ bundle: ObservedBundle, source: String) -> (untrusted: [CertificateSummary], domains: [String]) {
        let anchors = Set(bundle.certificates.map(\.fingerprintSHA256))
        var domains: Set<String> = []
        if let domain = bundle.trustDomain?.lowercased() { domains.insert(domain) }
        if let served = bundle.servesLocation { domains.formUnion(domainsAt[Self.key(source, served)] ?? []) }
        if domains.isEmpty {
            if let known = evidenceDomains[anchors] {
                domains = known
            } else {
                domains = self.domainsTrusted(by: anchors)
                evidenceDomains[anchors] = domains
            }
        }
        if let known = untrustedIn[anchors]?[domains] { return (known, domains.sorted()) }
        let untrusted = self.untrusted(by: anchors, in: domains)
        untrustedIn[anchors, default: [:]][domains] = untrusted
        return (untrusted, domains.sorted())
    }

    /// The domains with an issuing CA in use whose chain builds to `anchors`.
    private func domainsTrusted(by anchors: Set<String>) -> Set<String> {
        let trusts = trustCheck(anchors)
        return Set(inUse.filter { $0.value.contains { trusts($0) } }.keys)
    }

    /// The issuing CAs in use in `domains` whose chain does not build to `anchors`.
    private func untrusted(by anchors: Set<String>, in domains: Set<String>) -> [CertificateSummary] {
        let trusts = trustCheck(anchors)
        var untrusted: Set<String> = []
        for domain in domains {
            for issuer in inUse[domain] ?? [] where !trusts(issuer) { untrusted.insert(issuer) }
        }
        return untrusted.sorted().compactMap { summaries[$0] }
    }

    /// Whether a certificate's chain, followed by key identifiers and names, reaches one of `anchors`.
    private func trustCheck(_ anchors: Set<String>) -> (String) -> Bool {
        var memo: [String: Bool] = [:]
        func trusted(_ fingerprint: String) -> Bool {
            var queue = [fingerprint]
            var seen: Set<String> = [fingerprint]
            while let next = queue.popLast() {
                if anchors.contains(next) { return true }
                if let known = memo[next] {
                    if known { return true } else { continue }
                }
                guard let summary = summaries[next] ?? classifier.certificate(next) else { continue }
                for issuer in classifier.issuers(of: summary) where seen.insert(issuer.fingerprintSHA256).inserted {
                    queue.append(issuer.fingerprintSHA256)
                }
            }
            memo[fingerprint] = false
            return false
        }

        return trusted
    }
}
