import Foundation

/// Certificates made by the real `openssl` command, for what swift-certificates cannot sign or parse:
/// SHA-1 signatures, RSA keys under 2048 bits, DSA and small curves, PKCS#7 bundles.
public struct OpenSSLCertificates: Sendable {
    public let directory: TemporaryDirectory
    private let openssl: String

    public init(in directory: TemporaryDirectory) throws {
        guard let openssl = Programs.find("openssl") else { throw TestSetupError("openssl is not on PATH") }
        self.openssl = openssl
        self.directory = directory
    }

    /// Runs openssl in the directory's files; throws with its stderr when it fails.
    @discardableResult
    public func run(_ arguments: [String]) throws -> ProcessResult {
        let result = try Programs.runBlocking(openssl, arguments)
        guard result.status == 0 else { throw TestSetupError("openssl \(arguments.joined(separator: " ")): \(result.stderr.prefix(600))") }
        return result
    }

    public func path(_ name: String) -> String { directory.path + "/" + name }

    /// A self-signed root: `name.pem` and `name.key`. `key` is an openssl `-newkey` value (`rsa:2048`,
    /// `ec`, `dsa:params.pem`); `keyOptions` e.g. `["-pkeyopt", "ec_paramgen_curve:prime192v1"]`.
    @discardableResult
    public func root(_ name: String, digest: String = "sha256", key: String = "rsa:2048", keyOptions: [String] = []) throws -> String {
        try run(
            ["req", "-x509", "-\(digest)", "-newkey", key] + keyOptions + [
                "-nodes", "-keyout", path("\(name).key"), "-out", path("\(name).pem"), "-days", "3650", "-subj", "/CN=\(name)",
                "-addext", "basicConstraints=critical,CA:TRUE",
            ]
        )
        return path("\(name).pem")
    }

    /// A leaf signed by `issuer` (made by `root`): `name.pem` and `name.key`.
    @discardableResult
    public func leaf(_ name: String, issuer: String, digest: String = "sha256", key: String = "rsa:2048", keyOptions: [String] = []) throws -> String {
        try run(["req", "-new", "-newkey", key] + keyOptions + ["-nodes", "-keyout", path("\(name).key"), "-out", path("\(name).csr"), "-subj", "/CN=\(name)"])
        try run([
            "x509", "-req", "-\(digest)", "-in", path("\(name).csr"), "-CA", path("\(issuer).pem"), "-CAkey", path("\(issuer).key"),
            "-set_serial", String(Int.random(in: 1000...1_000_000)), "-out", path("\(name).pem"), "-days", "10",
        ])
        return path("\(name).pem")
    }

    /// The DER of the first certificate in a PEM file.
    public func der(_ pemFile: String) throws -> [UInt8] {
        let out = path(UUID().uuidString + ".der")
        try run(["x509", "-in", pemFile, "-outform", "DER", "-out", out])
        return Array(try Data(contentsOf: URL(fileURLWithPath: out)))
    }
}
