import Foundation

/// The places where the meshes keep the CA that signs their workloads. A CA read there is `issuing`
/// whatever its pathLen says, even when no workload certificate it signed is among the inputs (the
/// `cacerts` mount alone): Istio's plug-in CA has no pathLen and signs every workload.
public enum MeshLayout {
    /// Which certificate of a file's bundle signs workloads, by the file's name and its neighbours.
    /// - `ca-cert.pem` beside `root-cert.pem` or `cert-chain.pem`: Istio's `cacerts` mount (its first certificate).
    /// - `svid.N.pem`: what `spire-agent api fetch x509 -write` leaves, a workload's chain whose second
    ///   certificate is the SPIRE server CA that signed it.
    public static func issuingIndex(file path: String, hasSibling: (String) -> Bool) -> Int? {
        // The name after the last `/`, without splitting the whole path (this runs for every file read).
        let name = path.utf8.lastIndex(of: UInt8(ascii: "/")).map { path[path.utf8.index(after: $0)...] } ?? path[...]
        if name == "ca-cert.pem", hasSibling("root-cert.pem") || hasSibling("cert-chain.pem") { return 0 }
        if name.hasPrefix("svid."), name.hasSuffix(".pem"), Int(name.dropFirst(5).dropLast(4)) != nil { return 1 }
        return nil
    }

    /// Which certificate of a secret's key signs workloads, by the secret's name.
    /// - `cacerts` and `istio-ca-secret`, key `ca-cert.pem`: Istio's plug-in and self-signed CAs.
    /// - `linkerd-identity-issuer`, key `tls.crt` (or `crt.pem` before Linkerd 2.9): Linkerd's issuer.
    public static func issuingIndex(secret name: String, key: String) -> Int? {
        switch (name, key) {
        case ("cacerts", "ca-cert.pem"), ("istio-ca-secret", "ca-cert.pem"): 0
        case ("linkerd-identity-issuer", "tls.crt"), ("linkerd-identity-issuer", "crt.pem"): 0
        default: nil
        }
    }
}

/// The names under which the meshes and Kubernetes keep trust bundles, and which chain each one verifies.
public enum TrustBundleNames {
    /// Secret and configmap keys that hold a bundle of roots: `ca.crt` (`kube-root-ca.crt`, a
    /// `kubernetes.io/tls` secret), `root-cert.pem` (Istio's `istio-ca-root-cert` and `cacerts`),
    /// `ca-bundle.crt` (Linkerd's `linkerd-identity-trust-roots`).
    public static func isBundleKey(_ key: String) -> Bool {
        key == "ca.crt" || key == "root-cert.pem" || key == "ca-bundle.crt"
    }

    /// A `ca.crt` (a key, or a mounted file): Kubernetes' convention for the CA of that object's own chain
    /// (cert-manager writes the issuing CA there, often an intermediate), and `kube-root-ca.crt`'s API CA.
    /// Judged against its own chain, not against every issuer in use in the mesh.
    public static func isOwnChainBundle(_ location: String) -> Bool {
        location == "ca.crt" || location.hasSuffix("/ca.crt")
    }

    /// The bundle key of the same object that a chain key is judged against: `tls.crt` by `ca.crt`,
    /// Istio's `cert-chain.pem` by `root-cert.pem`.
    public static func bundleKey(verifying key: String) -> String? {
        switch key {
        case "tls.crt": "ca.crt"
        case "cert-chain.pem": "root-cert.pem"
        default: nil
        }
    }

    /// File names that hold a bundle: the keys above as mounted, and what `spire-agent api fetch x509
    /// -write` leaves (`bundle.N.pem`, `federated_bundle.N.M.pem`).
    public static func isBundleFile(_ name: String) -> Bool {
        isBundleKey(name) || (name.hasPrefix("bundle.") && name.hasSuffix(".pem")) || (name.hasPrefix("federated_bundle.") && name.hasSuffix(".pem"))
    }

    /// The file beside a chain file that it is judged against: `tls.crt` by `ca.crt`, `cert-chain.pem`
    /// by `root-cert.pem`, `svid.N.pem` by `bundle.N.pem`.
    public static func bundleFile(verifying name: String) -> String? {
        if let key = bundleKey(verifying: name) { return key }
        if name.hasPrefix("svid."), name.hasSuffix(".pem") { return "bundle." + name.dropFirst(5) }
        return nil
    }
}
