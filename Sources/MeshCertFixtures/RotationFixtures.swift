import Foundation
import X509

/// A plug-in CA root rotation, built in code relative to now, as two proxies' secret dumps (what
/// `istioctl proxy-config secret -o json` prints): each proxy's own chain and the `ROOTCA` it trusts.
/// The runbook order is "trust first, issue second, remove old last"; two steps are the wrong orders.
/// The old root R1 has 150 days left (inside the root layer's 180-day critical threshold: the reason to
/// rotate); the new root R2 has 20 years.
public struct RotationFixtures: Sendable {
    public enum Step: String, CaseIterable, Sendable {
        /// Every bundle holds R1; every workload is issued by I1 (under R1).
        case initial = "initial"
        /// Trust first: every bundle holds R1 and R2; workloads still from I1.
        case trustBoth = "trust-both"
        /// Issue second: proxy A's workload is re-issued by I2 (under R2); bundles hold both.
        case issueFromNew = "issue-from-new"
        /// Remove old last: every workload from I2, every bundle R2 only.
        case removeOld = "remove-old"
        /// Wrong order: A is issued by I2 while B's bundle still holds only R1.
        case issuedBeforeTrusted = "issued-before-trusted"
        /// Wrong order: R1 is removed from the bundles while B still holds an I1-chained certificate.
        case removedTooEarly = "removed-too-early"
    }

    public let oldRoot: IssuedCertificate
    public let newRoot: IssuedCertificate
    public let oldIssuing: IssuedCertificate
    public let newIssuing: IssuedCertificate
    private let leaves: [String: IssuedCertificate]

    public init(now: Date = Date()) throws {
        let day: TimeInterval = 86_400
        oldRoot = try PKIBuilder.selfSigned(PKIBuilder.name(commonName: "Mesh Root R1"), notBefore: now - 3600 * day, notAfter: now + 150 * day)
        newRoot = try PKIBuilder.selfSigned(PKIBuilder.name(commonName: "Mesh Root R2"), notBefore: now - day, notAfter: now + 7300 * day)
        oldIssuing = try PKIBuilder.issue(
            PKIBuilder.name(commonName: "Mesh Issuing I1"), by: oldRoot, notBefore: now - 200 * day, notAfter: now + 140 * day, profile: .ca()
        )
        newIssuing = try PKIBuilder.issue(
            PKIBuilder.name(commonName: "Mesh Issuing I2"), by: newRoot, notBefore: now - day, notAfter: now + 364 * day, profile: .ca()
        )
        var leaves: [String: IssuedCertificate] = [:]
        for (proxy, account) in [("a", "cart"), ("b", "web")] {
            for (generation, issuer) in [("old", oldIssuing), ("new", newIssuing)] {
                leaves[proxy + generation] = try PKIBuilder.issue(
                    PKIBuilder.name(commonName: ""), by: issuer, notBefore: now - 3600, notAfter: now + 23 * 3600,
                    profile: .workload(spiffeID: "spiffe://cluster.local/ns/shop/sa/\(account)")
                )
            }
        }
        self.leaves = leaves
    }

    /// (issuing CA of the proxy's workload, roots in its bundle) for proxies A and B at a step.
    private func layout(_ step: Step) -> [(proxy: String, newIssuer: Bool, roots: [IssuedCertificate])] {
        let both = [oldRoot, newRoot]
        switch step {
        case .initial: return [("a", false, [oldRoot]), ("b", false, [oldRoot])]
        case .trustBoth: return [("a", false, both), ("b", false, both)]
        case .issueFromNew: return [("a", true, both), ("b", false, both)]
        case .removeOld: return [("a", true, [newRoot]), ("b", true, [newRoot])]
        case .issuedBeforeTrusted: return [("a", true, both), ("b", false, [oldRoot])]
        case .removedTooEarly: return [("a", true, [newRoot]), ("b", false, [newRoot])]
        }
    }

    /// Writes `proxy-a.json` and `proxy-b.json` for `step` into `directory` (replacing what is there).
    public func write(_ step: Step, to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (proxy, newIssuer, roots) in layout(step) {
            let issuer = newIssuer ? newIssuing : oldIssuing
            let leaf = leaves[proxy + (newIssuer ? "new" : "old")]!
            func b64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
            let dump = """
                {"dynamicActiveSecrets": [
                  {"name": "default", "secret": {"name": "default", "tlsCertificate": {"certificateChain": {"inlineBytes": "\(b64(leaf.pem + issuer.pem))"}}}},
                  {"name": "ROOTCA", "secret": {"name": "ROOTCA", "validationContext": {"trustedCa": {"inlineBytes": "\(b64(roots.map(\.pem).joined()))"}}}}
                ]}

                """
            let file = directory.appendingPathComponent("proxy-\(proxy).json")
            let temporary = directory.appendingPathComponent(".proxy-\(proxy).json.tmp")
            try Data(dump.utf8).write(to: temporary)
            // rename(2): a reader polling the directory sees the old dump or the new one, never half of one.
            guard rename(temporary.path, file.path) == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: file.path]) }
        }
    }
}
