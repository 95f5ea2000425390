import Foundation
import MeshCertCore
import MeshCertFixtures
import MeshCertTestSupport
import Testing

@testable import MeshCertSources

/// `check_enforcement` against real peers on 127.0.0.1: a plaintext HTTP server, `openssl s_server`
/// with and without `-Verify 1` (and with and without `-www`, which answers the request), and nginx
/// with `ssl_verify_client on`, which refuses at the HTTP layer.
@Suite("mTLS enforcement, verified against real peers", .serialized)
struct EnforcementProbeTests {
    let directory: TemporaryDirectory
    let pki: LivePKI

    init() throws {
        directory = try TemporaryDirectory("enforcement")
        pki = try LivePKI()
    }

    private func probe(_ port: Int, check: Bool = true, timeout: TimeInterval = 5) async throws -> EndpointProbeResult {
        var options = EndpointOptions(serverName: "localhost", timeout: timeout)
        options.checkEnforcement = check
        let source = TLSEndpointSource(
            descriptor: SourceDescriptor(name: "edge", kind: .endpoint),
            options: .init(targets: [EndpointTarget(host: "127.0.0.1", port: port)], endpoint: options)
        )
        let report = await source.collect(CollectionContext(now: Date(), deadline: .now + .seconds(20), parseCache: CertificateParseCache()))
        return try #require(report.endpoints.first)
    }

    @Test("a plaintext HTTP server: plaintext accepted; no TLS handshake, so the other check cannot conclude (absent)")
    func plaintextServer() async throws {
        defer { directory.remove() }
        let server = try LocalHTTPServer(directory: directory.path)
        defer { server.stop() }
        let result = try await probe(server.port)
        #expect(result.plaintextAccepted == true)
        #expect(result.acceptsWithoutClientCertificate == nil)
        #expect(!result.isUp)
    }

    @Test("openssl s_server without -Verify: refuses plaintext, serves a client without a certificate", arguments: ["-tls1_2", "-tls1_3"])
    func tlsWithoutVerify(version: String) async throws {
        defer { directory.remove() }
        let server = try OpenSSLServer(presented: pki.presented, in: directory, arguments: [version, "-www"])
        defer { server.stop() }
        let result = try await probe(server.port)
        #expect(result.isUp)
        #expect(result.plaintextAccepted == false)
        #expect(result.acceptsWithoutClientCertificate == true)
    }

    @Test("openssl s_server that never answers the request (no -www): a client without a certificate is kept, so served")
    func tlsSilent() async throws {
        defer { directory.remove() }
        let server = try OpenSSLServer(presented: pki.presented, in: directory)
        defer { server.stop() }
        let result = try await probe(server.port)
        #expect(result.plaintextAccepted == false)
        #expect(result.acceptsWithoutClientCertificate == true)
    }

    @Test("openssl s_server -Verify 1: refuses plaintext and a client without a certificate", arguments: ["-tls1_2", "-tls1_3"])
    func tlsRequiringCertificate(version: String) async throws {
        defer { directory.remove() }
        let caFile = try directory.write("client-ca.pem", pki.root.pem)
        let server = try OpenSSLServer(presented: pki.presented, in: directory, arguments: [version, "-www", "-Verify", "1", "-CAfile", caFile])
        defer { server.stop() }
        let result = try await probe(server.port)
        #expect(result.clientCertificateRequired == true)
        #expect(result.plaintextAccepted == false)
        #expect(result.acceptsWithoutClientCertificate == false)
    }

    @Test("nginx with ssl_verify_client on: its HTTP 400 refusals count as refusals; its plain port accepts plaintext")
    func nginx() async throws {
        defer { directory.remove() }
        let server = try NginxServer(presented: pki.presented, clientCA: pki.root, in: directory)
        defer { server.stop() }
        let tls = try await probe(server.tlsPort)
        #expect(tls.isUp)
        #expect(tls.plaintextAccepted == false)
        #expect(tls.acceptsWithoutClientCertificate == false)
        let plain = try await probe(server.plainPort)
        #expect(plain.plaintextAccepted == true)
        #expect(plain.acceptsWithoutClientCertificate == nil)
    }

    @Test("not asked for: both absent; nothing listening: both absent (not concluded)")
    func absent() async throws {
        defer { directory.remove() }
        let server = try OpenSSLServer(presented: pki.presented, in: directory, arguments: ["-www"])
        defer { server.stop() }
        let unchecked = try await probe(server.port, check: false)
        #expect(unchecked.isUp)
        #expect(unchecked.plaintextAccepted == nil && unchecked.acceptsWithoutClientCertificate == nil)
        let closed = try await probe(try FreePort.find())
        #expect(closed.plaintextAccepted == nil && closed.acceptsWithoutClientCertificate == nil)
    }
}
