import Foundation
import Logging
import MeshCertCore
import MeshCertFixtures
import MeshCertSources
import X509

/// `meshcert-exporter demo`: a three-tier mesh PKI written to files, as an Istio-style mount would hold it.
/// root (20 y) → intermediate (5 y) → issuing CA (1 y, 25 days left: in warning) → workload (24 h, SPIFFE ID).
public enum DemoHierarchy {
    /// Writes the hierarchy under `directory` and returns the files written.
    @discardableResult
    public static func write(to directory: URL, now: Date = Date()) throws -> [URL] {
        let hour: TimeInterval = 3600
        let day = 24 * hour
        let root = try PKIBuilder.selfSigned(
            PKIBuilder.name(commonName: "Demo Mesh Root CA", organization: "meshcert demo"),
            notBefore: now - 2 * 365 * day, notAfter: now + 18 * 365 * day
        )
        let intermediate = try PKIBuilder.issue(
            PKIBuilder.name(commonName: "Demo Cluster Intermediate CA", organization: "meshcert demo"), by: root,
            notBefore: now - 365 * day, notAfter: now + 4 * 365 * day, profile: .ca(pathLength: 1)
        )
        let issuing = try PKIBuilder.issue(
            PKIBuilder.name(commonName: "Demo istiod Issuing CA", organization: "meshcert demo"), by: intermediate,
            notBefore: now - 340 * day, notAfter: now + 25 * day, profile: .ca()
        )
        let workload = try PKIBuilder.issue(
            DistinguishedName(), by: issuing,
            notBefore: now - 6 * hour, notAfter: now + 18 * hour,
            profile: .workload(spiffeID: "spiffe://cluster.local/ns/demo/sa/frontend", dnsNames: ["frontend.demo.svc.cluster.local"])
        )
        let files: [(String, String)] = [
            ("workload/cert-chain.pem", workload.pem + issuing.pem + intermediate.pem),
            ("workload/root-cert.pem", root.pem),
            // Next to the certificates, as in a real mount: read as bytes, never decoded or exported.
            ("workload/key.pem", workload.privateKeyPEM),
            ("cacerts/ca-cert.pem", issuing.pem),
            ("cacerts/root-cert.pem", root.pem),
        ]
        var written: [URL] = []
        for (path, content) in files {
            let url = directory.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(content.utf8).write(to: url)
            written.append(url)
        }
        return written
    }
}

extension DemoHierarchy {
    /// `meshcert-exporter demo`: writes the hierarchy (to `directory`, or a new temporary one) and serves it.
    public static func serve(directory: String?, address: ListenAddress, logger: Logger) async throws {
        let url = URL(fileURLWithPath: directory ?? NSTemporaryDirectory() + "meshcert-demo-\(ProcessInfo.processInfo.processIdentifier)")
        let files = try write(to: url)
        logger.info("demo hierarchy written", metadata: ["directory": "\(LogText.escaped(url.path))", "files": "\(files.count)"])
        let configuration = ExporterConfiguration(sources: [SourceConfiguration(name: "demo", input: .files(.init(paths: [url.path])))])
        try await ExporterService.run(configuration: configuration, address: address, logger: logger)
    }
}
