import Foundation
import MeshCertCore
import MeshCertFixtures

#if canImport(Glibc)
import Glibc
#endif

/// A real `openssl s_server` on 127.0.0.1, serving a certificate chain; stopped by `stop()`.
public final class OpenSSLServer: @unchecked Sendable {
    public let port: Int
    private let process: Process
    private let stdin: Pipe

    /// `presented` is leaf first (the leaf's key signs); `arguments` adds e.g. `-tls1_2` or `-Verify 1`.
    /// `servingFrom` is the directory `-WWW` serves files from (the process's working directory).
    public init(presented: [IssuedCertificate], in directory: TemporaryDirectory, arguments: [String] = [], servingFrom: String? = nil) throws {
        guard let openssl = Programs.find("openssl") else { throw TestSetupError("openssl is not on PATH") }
        let label = UUID().uuidString
        let leaf = try directory.write("\(label)-leaf.pem", presented[0].pem + "\n")
        let key = try directory.write("\(label)-key.pem", presented[0].privateKeyPEM)
        var chainArguments: [String] = []
        if presented.count > 1 {
            let chain = try directory.write("\(label)-chain.pem", presented.dropFirst().map { $0.pem + "\n" }.joined())
            chainArguments = ["-cert_chain", chain]
        }
        port = try FreePort.find()
        stdin = Pipe()
        process = Process()
        process.executableURL = URL(fileURLWithPath: openssl)
        process.arguments = ["s_server", "-accept", "127.0.0.1:\(port)", "-cert", leaf, "-key", key, "-quiet"] + chainArguments + arguments
        process.standardInput = stdin  // kept open: s_server ends a session when its stdin closes
        if let servingFrom { process.currentDirectoryURL = URL(fileURLWithPath: servingFrom) }
        process.standardOutput = FileHandle.nullDevice
        let errorPath = directory.path + "/\(label)-stderr.txt"
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
        try process.run()
        do {
            try FreePort.waitUntilListening(port: port, process: process)
        } catch {
            stop()
            let said = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
            throw TestSetupError("openssl s_server: \(error): \(said.prefix(600))")
        }
    }

    public func stop() {
        if process.isRunning {
            // SIGKILL, not terminate(): a child spawned from the test process may inherit a blocked SIGTERM.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    deinit { stop() }
}

public struct TestSetupError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

public enum FreePort {
    /// A port nobody listens on now: bound to 0, read back, released.
    public static func find() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestSetupError("socket() failed") }
        defer { close(fd) }
        var address = loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw TestSetupError("bind() failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Connects until the port accepts (readiness by connecting, not by sleeping), for at most 20 s.
    public static func waitUntilListening(port: Int, process: Process) throws {
        let limit = Date().addingTimeInterval(20)
        while Date() < limit {
            guard process.isRunning else { throw TestSetupError("the server exited (status \(process.terminationStatus)) before listening") }
            if canConnect(port: port) { return }
            usleep(10_000)
        }
        throw TestSetupError("nothing listens on 127.0.0.1:\(port) after 20 s")
    }

    public static func canConnect(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = loopback(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}

/// A three-tier chain served by a leaf for `localhost`, relative to the real clock (a TLS server checks
/// nothing about time, and the exporter judges against `Date()` in these tests).
public struct LivePKI: Sendable {
    public let root: IssuedCertificate
    public let intermediate: IssuedCertificate
    public let issuing: IssuedCertificate
    public let leaf: IssuedCertificate

    public init(now: Date = Date(), leafNotAfter: TimeInterval = 12 * 3600, rootName: String = "Live Root CA", leafNames: [String] = ["localhost"]) throws {
        let day: TimeInterval = 86_400
        root = try PKIBuilder.selfSigned(PKIBuilder.name(commonName: rootName), notBefore: now - day, notAfter: now + 3650 * day)
        intermediate = try PKIBuilder.issue(
            PKIBuilder.name(commonName: "Live Intermediate CA"), by: root, notBefore: now - day, notAfter: now + 1000 * day, profile: .ca(pathLength: 1)
        )
        issuing = try PKIBuilder.issue(
            PKIBuilder.name(commonName: "Live Issuing CA"), by: intermediate, notBefore: now - day, notAfter: now + 300 * day, profile: .ca()
        )
        leaf = try PKIBuilder.issue(
            PKIBuilder.name(commonName: leafNames.first ?? "leaf"), by: issuing,
            notBefore: min(now - 3600, now + leafNotAfter - day), notAfter: now + leafNotAfter,
            profile: .workload(dnsNames: leafNames)
        )
    }

    /// What a server presents: leaf, issuing, intermediate (the root stays with the client).
    public var presented: [IssuedCertificate] { [leaf, issuing, intermediate] }
}

/// A socket that listens and never accepts: the kernel completes the TCP handshake, nobody speaks.
public final class SilentListener: @unchecked Sendable {
    public let port: Int
    private let fd: Int32

    public init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestSetupError("socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            close(fd)
            throw TestSetupError("bind() or listen() failed")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.fd = fd
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    public func stop() { close(fd) }
}
