import Foundation
import MeshCertCore
import X509

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

/// Fixtures for the dump benchmark: `kubectl get secrets -A` output with `count` kubernetes.io/tls
/// secrets, each a chain (workload + issuing CA) in `tls.crt`, the CA in `ca.crt` and a key in `tls.key`.
public enum DumpBenchmarkFixtures {
    public enum Format: String, Sendable, CaseIterable { case json, yaml }

    public static func write(count: Int, perCA: Int, format: Format, to file: URL, now: Date = Date()) throws {
        let day: TimeInterval = 86_400
        let root = try PKIBuilder.selfSigned(PKIBuilder.name(commonName: "Bench Root CA"), notBefore: now - day, notAfter: now + 3650 * day)
        var issuing = root
        var text = format == .json ? "{\n    \"apiVersion\": \"v1\",\n    \"items\": [\n" : "apiVersion: v1\nitems:\n"
        for index in 0..<count {
            if index % max(perCA, 1) == 0 {
                issuing = try PKIBuilder.issue(
                    PKIBuilder.name(commonName: "Bench Issuing CA \(index / max(perCA, 1))"), by: root,
                    notBefore: now - day, notAfter: now + 365 * day, profile: .ca(pathLength: 0)
                )
            }
            let workload = try PKIBuilder.issue(
                PKIBuilder.name(commonName: "workload-\(index)"), by: issuing, notBefore: now - 3600, notAfter: now + day,
                profile: .workload(spiffeID: "spiffe://cluster.local/ns/bench-\(index % 50)/sa/workload-\(index)")
            )
            let chain = Data((workload.pem + issuing.pem).utf8).base64EncodedString()
            let ca = Data(issuing.pem.utf8).base64EncodedString()
            let key = Data(workload.privateKeyPEM.utf8).base64EncodedString()
            let namespace = "bench-\(index % 50)"
            let name = "workload-\(index)-tls"
            if format == .json {
                text += index > 0 ? ",\n" : ""
                text += """
                            {
                                "apiVersion": "v1",
                                "data": {
                                    "ca.crt": "\(ca)",
                                    "tls.crt": "\(chain)",
                                    "tls.key": "\(key)"
                                },
                                "kind": "Secret",
                                "metadata": {
                                    "annotations": {
                                        "cert-manager.io/certificate-name": "workload-\(index)",
                                        "cert-manager.io/issuer-kind": "ClusterIssuer",
                                        "cert-manager.io/issuer-name": "mesh-ca"
                                    },
                                    "name": "\(name)",
                                    "namespace": "\(namespace)"
                                },
                                "type": "kubernetes.io/tls"
                            }
                    """
            } else {
                text += """
                    - apiVersion: v1
                      data:
                        ca.crt: \(ca)
                        tls.crt: \(chain)
                        tls.key: \(key)
                      kind: Secret
                      metadata:
                        annotations:
                          cert-manager.io/certificate-name: workload-\(index)
                          cert-manager.io/issuer-kind: ClusterIssuer
                          cert-manager.io/issuer-name: mesh-ca
                        name: \(name)
                        namespace: \(namespace)
                      type: kubernetes.io/tls

                    """
            }
        }
        text += format == .json ? "\n    ],\n    \"kind\": \"List\",\n    \"metadata\": {\n        \"resourceVersion\": \"\"\n    }\n}\n" : "kind: List\nmetadata:\n  resourceVersion: \"\"\n"
        try Data(text.utf8).write(to: file)
    }
}

/// Fixtures for the alerting end-to-end test: a certificate in each state, each at its own location.
/// healthy/ (a whole chain, ok), warning/ (a workload with 3 h left), critical/ (an issuing CA with
/// 3 days left, signing a leaf that outlives it), expired/ (a workload expired an hour ago),
/// notyet/ (valid from tomorrow).
public enum AlertingFixtures {
    public static func write(to directory: URL, now: Date = Date()) throws {
        let hour: TimeInterval = 3600
        let day = 24 * hour
        let root = try PKIBuilder.selfSigned(PKIBuilder.name(commonName: "E2E Root CA"), notBefore: now - 365 * day, notAfter: now + 19 * 365 * day)
        let intermediate = try PKIBuilder.issue(
            PKIBuilder.name(commonName: "E2E Intermediate CA"), by: root, notBefore: now - 365 * day, notAfter: now + 4 * 365 * day, profile: .ca(pathLength: 1)
        )
        let issuing = try PKIBuilder.issue(
            PKIBuilder.name(commonName: "E2E Issuing CA"), by: intermediate, notBefore: now - 100 * day, notAfter: now + 200 * day, profile: .ca()
        )
        let dying = try PKIBuilder.issue(
            PKIBuilder.name(commonName: "E2E Dying Issuing CA"), by: intermediate, notBefore: now - 360 * day, notAfter: now + 3 * day, profile: .ca()
        )
        func workload(_ name: String, by issuer: IssuedCertificate, from: Date, until: Date) throws -> IssuedCertificate {
            try PKIBuilder.issue(
                DistinguishedName(), by: issuer, notBefore: from, notAfter: until,
                profile: .workload(spiffeID: "spiffe://cluster.local/ns/e2e/sa/\(name)")
            )
        }
        let files: [(String, String)] = [
            ("healthy/cert-chain.pem", try workload("healthy", by: issuing, from: now - 6 * hour, until: now + 18 * hour).pem + issuing.pem + intermediate.pem),
            ("healthy/root-cert.pem", root.pem),
            ("warning/cert-chain.pem", try workload("warning", by: issuing, from: now - 21 * hour, until: now + 3 * hour).pem),
            ("critical/cert-chain.pem", try workload("outlives", by: dying, from: now - day, until: now + 5 * day).pem + dying.pem),
            ("expired/cert-chain.pem", try workload("expired", by: issuing, from: now - 25 * hour, until: now - hour).pem),
            ("notyet/cert-chain.pem", try workload("notyet", by: issuing, from: now + day, until: now + 2 * day).pem),
        ]
        for (path, content) in files {
            let url = directory.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(content.utf8).write(to: url)
        }
    }
}
