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
        let name = path.split(separator: "/").last.map(String.init) ?? path
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
