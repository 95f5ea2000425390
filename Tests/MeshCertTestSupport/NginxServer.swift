import Foundation
import MeshCertFixtures

#if canImport(Glibc)
import Glibc
#endif

/// A real nginx on loopback, in the foreground with no master process, configured in a temporary
/// directory: one TLS port that requires a client certificate (`ssl_verify_client on`) and one plain port.
public final class NginxServer: @unchecked Sendable {
    public let tlsPort: Int
    public let plainPort: Int
    private let process: Process

    public init(presented: [IssuedCertificate], clientCA: IssuedCertificate, in directory: TemporaryDirectory) throws {
        guard let nginx = Programs.find("nginx") ?? (FileManager.default.isExecutableFile(atPath: "/usr/sbin/nginx") ? "/usr/sbin/nginx" : nil) else {
            throw TestSetupError("nginx is not installed (apt-get install -y nginx-light)")
        }
        let prefix = directory.path + "/nginx-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: prefix, withIntermediateDirectories: true)
        let chain = try directory.write("\(prefix.split(separator: "/").last!)/chain.pem", presented.map { $0.pem + "\n" }.joined())
        let key = try directory.write("\(prefix.split(separator: "/").last!)/key.pem", presented[0].privateKeyPEM)
        let ca = try directory.write("\(prefix.split(separator: "/").last!)/client-ca.pem", clientCA.pem + "\n")
        tlsPort = try FreePort.find()
        var plain = try FreePort.find()
        while plain == tlsPort { plain = try FreePort.find() }
        plainPort = plain
        let temp = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map { "\($0)_temp_path \(prefix)/\($0);" }.joined(separator: " ")
        let configuration = """
            daemon off;
            master_process off;
            pid \(prefix)/nginx.pid;
            error_log \(prefix)/error.log;
            events { worker_connections 64; }
            http {
                access_log off;
                \(temp)
                server {
                    listen 127.0.0.1:\(tlsPort) ssl;
                    ssl_certificate \(chain);
                    ssl_certificate_key \(key);
                    ssl_client_certificate \(ca);
                    ssl_verify_client on;
                    location / { return 200 "served over mTLS\\n"; }
                }
                server {
                    listen 127.0.0.1:\(plainPort);
                    location / { return 200 "served in plaintext\\n"; }
                }
            }
            """
        let configFile = try directory.write("\(prefix.split(separator: "/").last!)/nginx.conf", configuration)
        process = Process()
        process.executableURL = URL(fileURLWithPath: nginx)
        process.arguments = ["-p", prefix, "-e", prefix + "/error.log", "-c", configFile]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        do {
            try FreePort.waitUntilListening(port: tlsPort, process: process)
            try FreePort.waitUntilListening(port: plainPort, process: process)
        } catch {
            stop()
            let said = (try? String(contentsOfFile: prefix + "/error.log", encoding: .utf8)) ?? ""
            throw TestSetupError("nginx: \(error): \(said.prefix(600))")
        }
    }

    public func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    deinit { stop() }
}
