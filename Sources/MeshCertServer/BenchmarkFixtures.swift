import Foundation
import MeshCertCore

/// Fixtures for the file benchmark: `count` PEM files, each a workload certificate followed by its
/// issuing CA (one CA per `perCA` workloads, all under one root), as sidecar mounts hold them.
public enum BenchmarkFixtures {
    public static func write(count: Int, perCA: Int, to directory: URL, now: Date = Date()) throws -> Int {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let day: TimeInterval = 86_400
        let root = try PKIBuilder.selfSigned(PKIBuilder.name(commonName: "Bench Root CA"), notBefore: now - day, notAfter: now + 3650 * day)
        var issuing: IssuedCertificate?
        var issuingPEM = ""
        for index in 0..<count {
            if index % max(perCA, 1) == 0 {
                let ca = try PKIBuilder.issue(
                    PKIBuilder.name(commonName: "Bench Issuing CA \(index / max(perCA, 1))"), by: root,
                    notBefore: now - day, notAfter: now + 365 * day, profile: .ca(pathLength: 0)
                )
                issuing = ca
                issuingPEM = ca.pem
            }
            let workload = try PKIBuilder.issue(
                PKIBuilder.name(commonName: "workload-\(index)"), by: issuing!,
                notBefore: now - 3600, notAfter: now + day,
                profile: .workload(spiffeID: "spiffe://cluster.local/ns/bench/sa/workload-\(index)", dnsNames: ["workload-\(index).bench.svc"])
            )
            let url = directory.appendingPathComponent(String(format: "cert-%05d.pem", index))
            try Data((workload.pem + issuingPEM).utf8).write(to: url)
        }
        return count
    }
}
