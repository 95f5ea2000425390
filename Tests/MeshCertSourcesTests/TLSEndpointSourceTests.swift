import Foundation
import MeshCertCore
import MeshCertFixtures
import MeshCertTestSupport
import Testing
import X509

@testable import MeshCertSources

/// Against real servers on 127.0.0.1: `openssl s_server` for the well-behaved and mTLS cases,
/// in-process NIO peers for the hostile ones and for STARTTLS.
@Suite("TLS endpoint source", .serialized)
struct TLSEndpointSourceTests {
    let directory: TemporaryDirectory
    let pki: LivePKI

    init() throws {
        directory = try TemporaryDirectory("endpoints")
        pki = try LivePKI()
    }

    private func source(
        _ ports: [Int], serverName: String? = "localhost", trust: [IssuedCertificate]? = nil, identity: ClientIdentity? = nil,
        timeout: TimeInterval = 5, startTLS: StartTLSProtocol? = nil, concurrency: Int = 64
    ) throws -> TLSEndpointSource {
        TLSEndpointSource(
            descriptor: SourceDescriptor(name: "edge", kind: .endpoint),
            options: .init(
                targets: ports.map { EndpointTarget(host: "127.0.0.1", port: $0) },
                endpoint: EndpointOptions(
                    serverName: serverName, clientIdentity: identity, trustRoots: trust?.map(\.certificate), timeout: timeout, startTLS: startTLS
                ),
                concurrency: concurrency
            )
        )
    }

    private func collect(_ source: TLSEndpointSource, deadline: Duration = .seconds(20)) async -> SourceReport {
        await source.collect(CollectionContext(now: Date(), deadline: .now + deadline, parseCache: CertificateParseCache()))
    }

    private func layers(_ report: SourceReport) -> [HierarchyLayer] {
        let classifier = LayerClassifier(report.certificates.map { LayerClassifier.Input(summary: $0.summary) })
        return report.certificates.sorted { $0.chainIndex < $1.chainIndex }.map { classifier.layer(of: $0.summary) }
    }

    @Test("a three-tier chain from openssl s_server: every certificate, its layer, verified against the root")
    func threeTier() async throws {
        defer { directory.remove() }
        let server = try OpenSSLServer(presented: pki.presented, in: directory)
        defer { server.stop() }
        let report = await collect(try source([server.port], trust: [pki.root]))
        let location = "127.0.0.1:\(server.port)/localhost"
        #expect(report.certificates.map(\.location) == [location, location, location])
        #expect(report.certificates.map(\.summary.subjectCN) == ["localhost", "Live Issuing CA", "Live Intermediate CA"])
        #expect(layers(report) == [.workload, .issuing, .intermediate])
        #expect(report.endpoints.count == 1)
        let endpoint = try #require(report.endpoints.first)
        #expect(endpoint.isUp)
        #expect(endpoint.tlsVersion == "TLS 1.3")
        #expect(endpoint.clientCertificateRequired == false)
        #expect(endpoint.handshakeDuration > 0)
        #expect(report.chainVerifications == [ChainVerification(location: location, verified: true, reasons: [])])
        #expect(report.locations == [LocationStatus(location: location, isUp: true)])
        #expect(report.freshErrors.isEmpty)
    }

    @Test("TLS 1.2 is read the same way; an IP literal gets no SNI and its location is host:port")
    func tls12() async throws {
        defer { directory.remove() }
        let server = try OpenSSLServer(presented: pki.presented, in: directory, arguments: ["-tls1_2"])
        defer { server.stop() }
        let report = await collect(try source([server.port], serverName: nil))
        #expect(report.endpoints.first?.tlsVersion == "TLS 1.2", "\(report.freshErrors)")
        #expect(report.endpoints.first?.isUp == true)
        #expect(report.certificates.count == 3)
        #expect(report.certificates.first?.location == "127.0.0.1:\(server.port)")
        #expect(report.chainVerifications.isEmpty)  // no trust bundle, no verdict
    }

    @Test("a server demanding a client certificate, none configured: its own outcome, not success", arguments: ["-tls1_2", "-tls1_3"])
    func clientCertificateRequired(version: String) async throws {
        defer { directory.remove() }
        let caFile = try directory.write("client-ca.pem", pki.root.pem)
        let server = try OpenSSLServer(presented: pki.presented, in: directory, arguments: [version, "-Verify", "1", "-CAfile", caFile])
        defer { server.stop() }
        let report = await collect(try source([server.port]))
        let endpoint = try #require(report.endpoints.first)
        #expect(endpoint.isUp == false)
        #expect(endpoint.clientCertificateRequired == true)
        #expect(report.certificates.count == 3)  // the chain is read all the same
        let error = try #require(report.freshErrors.first)
        #expect(error.reason == .tlsHandshake)
        #expect(error.message.contains("requires a client certificate"))
    }

    @Test("with a client certificate and key (PKCS#8, SEC1 and RSA forms) the mTLS endpoint is up", arguments: ["pkcs8", "sec1", "rsa"])
    func clientCertificate(form: String) async throws {
        defer { directory.remove() }
        let caFile = try directory.write("client-ca.pem", pki.root.pem)
        let (certificate, key) = try await opensslClientIdentity(form: form)
        let identity = try ClientIdentity.load(certificateFile: certificate, keyFile: key)
        for version in ["-tls1_2", "-tls1_3"] {
            let server = try OpenSSLServer(presented: pki.presented, in: directory, arguments: [version, "-Verify", "1", "-CAfile", caFile])
            defer { server.stop() }
            let report = await collect(try source([server.port], identity: identity))
            let endpoint = try #require(report.endpoints.first)
            #expect(endpoint.isUp, "\(form) \(version): \(report.freshErrors)")
            #expect(endpoint.clientCertificateRequired == true)
            #expect(report.certificates.count == 3)
        }
    }

    @Test("a server that asks for a client certificate but does not require one: up, and it asked", arguments: ["-tls1_2", "-tls1_3"])
    func clientCertificateOptional(version: String) async throws {
        defer { directory.remove() }
        let server = try OpenSSLServer(presented: pki.presented, in: directory, arguments: [version, "-verify", "1"])
        defer { server.stop() }
        let report = await collect(try source([server.port]))
        let endpoint = try #require(report.endpoints.first)
        #expect(endpoint.isUp, "\(report.freshErrors)")
        #expect(endpoint.clientCertificateRequired == true)
        #expect(report.freshErrors.isEmpty)
    }

    @Test("a configured client certificate the server refuses: not up, under TLS 1.3 too", arguments: ["-tls1_2", "-tls1_3"])
    func clientCertificateRefused(version: String) async throws {
        defer { directory.remove() }
        let (certificate, key) = try await opensslClientIdentity(form: "pkcs8")
        let identity = try ClientIdentity.load(certificateFile: certificate, keyFile: key)
        let caFile = try directory.write("client-ca.pem", pki.root.pem)  // did not sign the client certificate
        let server = try OpenSSLServer(
            presented: pki.presented, in: directory, arguments: [version, "-Verify", "1", "-verify_return_error", "-CAfile", caFile]
        )
        defer { server.stop() }
        let report = await collect(try source([server.port], identity: identity))
        let endpoint = try #require(report.endpoints.first)
        #expect(endpoint.isUp == false)
        #expect(endpoint.clientCertificateRequired == true)
        #expect(report.certificates.count == 3)
        let error = try #require(report.freshErrors.first)
        #expect(error.reason == .tlsHandshake)
        if version == "-tls1_3" { #expect(error.message.contains("refused the client certificate"), "\(error)") }
    }

    @Test("a server that does not ask for a client certificate, with one configured: up, not required")
    func clientCertificateNotAsked() async throws {
        defer { directory.remove() }
        let (certificate, key) = try await opensslClientIdentity(form: "pkcs8")
        let identity = try ClientIdentity.load(certificateFile: certificate, keyFile: key)
        let server = try OpenSSLServer(presented: pki.presented, in: directory)
        defer { server.stop() }
        let endpoint = try #require(await collect(try source([server.port], identity: identity)).endpoints.first)
        #expect(endpoint.isUp)
        #expect(endpoint.clientCertificateRequired == false)
    }

    @Test("bad client key files name the file and the problem, never the content")
    func badKeyFiles() async throws {
        defer { directory.remove() }
        let (certificate, _) = try await opensslClientIdentity(form: "pkcs8")
        let secret = "-----BEGIN PRIVATE KEY-----\nTUlJQ2RnSUJBREFOQmdrcWhraUc5dzBCQVFFRkFBU0NBbUF3Z2dKY0FnRUFBb0dC\n-----END PRIVATE KEY-----\n"
        let broken = try directory.write("broken.key", secret)
        let other = try directory.write("other.key", pki.leaf.privateKeyPEM)
        let empty = try directory.write("empty.key", "nothing here\n")
        for (file, expected) in [(broken, "not a P-256"), (other, "does not match"), (empty, "no PEM private key"), ("/nonexistent/k.pem", "does not exist")] {
            do {
                _ = try ClientIdentity.load(certificateFile: certificate, keyFile: file)
                Issue.record("\(file) was accepted")
            } catch {
                #expect(error.description.hasPrefix(file))
                #expect(error.description.contains(expected), "\(error)")
                #expect(!error.description.contains("TUlJ"))
            }
        }
    }

    @Test("an expired leaf is still read and exported; verification says expired")
    func expiredLeaf() async throws {
        defer { directory.remove() }
        let expired = try LivePKI(leafNotAfter: -3600)
        let server = try OpenSSLServer(presented: expired.presented, in: directory)
        defer { server.stop() }
        let report = await collect(try source([server.port], trust: [expired.root]))
        #expect(report.endpoints.first?.isUp == true)
        #expect(report.certificates.count == 3)
        #expect(report.certificates.first.map { $0.summary.notAfter < Date() } == true)
        #expect(report.chainVerifications.first?.verified == false)
        #expect(report.chainVerifications.first?.reasons == [.expired])
    }

    @Test("a root that is not in the trust bundle: unknown_authority")
    func unknownRoot() async throws {
        defer { directory.remove() }
        let stranger = try LivePKI(rootName: "Somebody Else's Root")
        let server = try OpenSSLServer(presented: pki.presented, in: directory)
        defer { server.stop() }
        let report = await collect(try source([server.port], trust: [stranger.root]))
        #expect(report.endpoints.first?.isUp == true)
        #expect(report.chainVerifications.first?.reasons == [.unknownAuthority])
    }

    @Test("a name the certificate does not hold: name_mismatch, and the SNI in the location")
    func nameMismatch() async throws {
        defer { directory.remove() }
        let server = try OpenSSLServer(presented: pki.presented, in: directory)
        defer { server.stop() }
        let report = await collect(try source([server.port], serverName: "api.example.com", trust: [pki.root]))
        #expect(report.endpoints.first?.isUp == true)  // a mismatched name is read, then judged
        #expect(report.chainVerifications.first?.reasons == [.nameMismatch])
        #expect(report.chainVerifications.first?.location == "127.0.0.1:\(server.port)/api.example.com")
    }

    @Test("a target with its own settings: its name and bundle, the others the source's")
    func perTarget() async throws {
        defer { directory.remove() }
        let server = try OpenSSLServer(presented: pki.presented, in: directory)
        defer { server.stop() }
        let shared = EndpointTarget(host: "127.0.0.1", port: server.port)
        let own = EndpointTarget(host: "localhost", port: server.port)
        let source = TLSEndpointSource(
            descriptor: SourceDescriptor(name: "edge", kind: .endpoint),
            options: .init(
                targets: [shared, own], endpoint: EndpointOptions(serverName: "localhost", trustRoots: [pki.root.certificate]),
                perTarget: [own: EndpointOptions(serverName: "api.example.com", trustRoots: [pki.root.certificate])]
            )
        )
        let report = await collect(source)
        #expect(report.chainVerifications.map(\.location) == ["127.0.0.1:\(server.port)/localhost", "localhost:\(server.port)/api.example.com"])
        #expect(report.chainVerifications.map(\.reasons) == [[], [.nameMismatch]])
    }

    @Test("a self-signed leaf: self_signed_leaf")
    func selfSignedLeaf() async throws {
        defer { directory.remove() }
        let now = Date()
        let leaf = try PKIBuilder.selfSigned(
            PKIBuilder.name(commonName: "localhost"), notBefore: now - 60, notAfter: now + 3600, profile: .workload(dnsNames: ["localhost"])
        )
        let server = try OpenSSLServer(presented: [leaf], in: directory)
        defer { server.stop() }
        let report = await collect(try source([server.port], trust: [pki.root]))
        #expect(report.chainVerifications.first?.reasons == [.selfSignedLeaf])
        #expect(report.certificates.count == 1)
    }

    @Test("nothing listening: connect_refused, reported once per change")
    func refused() async throws {
        let port = try FreePort.find()
        let source = try source([port])
        let first = await collect(source)
        #expect(first.endpoints.first?.isUp == false)
        #expect(first.freshErrors.map(\.reason) == [.connectRefused])
        let second = await collect(source)
        #expect(second.freshErrors.isEmpty)  // the same failure again is not news
        #expect(second.locations.first?.isUp == false)
    }

    @Test("a name that does not resolve: dns")
    func unresolvable() async throws {
        let source = TLSEndpointSource(
            descriptor: SourceDescriptor(name: "edge", kind: .endpoint),
            options: .init(targets: [EndpointTarget(host: "no-such-host.invalid", port: 443)], endpoint: EndpointOptions(timeout: 5))
        )
        let report = await collect(source)
        #expect(report.freshErrors.map(\.reason) == [.dns])
        #expect(report.locations == [LocationStatus(location: "no-such-host.invalid:443", isUp: false)])
    }

    @Test("target parsing: host:port, [v6]:port; no port or a bare v6 literal is refused")
    func targets() {
        #expect(EndpointTarget(parsing: "mesh.example:443") == EndpointTarget(host: "mesh.example", port: 443))
        #expect(EndpointTarget(parsing: "[::1]:8443") == EndpointTarget(host: "::1", port: 8443))
        #expect(EndpointTarget(parsing: "[::1]:8443")?.description == "[::1]:8443")
        #expect(EndpointTarget(parsing: "mesh.example") == nil)
        #expect(EndpointTarget(parsing: "::1:443") == nil)
        #expect(EndpointTarget(parsing: "host:0") == nil)
        #expect(EndpointTarget(host: "10.0.0.1", port: 443).location(serverName: "api.mesh") == "10.0.0.1:443/api.mesh")
        #expect(EndpointTarget(host: "api.mesh", port: 443).location(serverName: "api.mesh") == "api.mesh:443")
        let a = EndpointTarget(host: "a.mesh", port: 443)
        let b = EndpointTarget(host: "b.mesh", port: 443)
        let source = TLSEndpointSource(descriptor: SourceDescriptor(name: "edge", kind: .endpoint), options: .init(targets: [a, b, a]))
        #expect(source.options.targets == [a, b])  // one series per identity
    }

    // MARK: Hostile peers

    @Test("a server that accepts and never speaks costs only its own result; the scrape deadline holds")
    func silent() async throws {
        let silent = try await InProcessPeer(.silent)
        let good = try await InProcessPeer(.tls(pki.presented))
        defer { Task { await silent.stop(); await good.stop() } }
        // A generous per-target timeout: the scrape deadline must still bound the probe.
        let source = try source([silent.port, good.port], timeout: 600)
        let report = await collect(source, deadline: .seconds(2))
        #expect(report.endpoints.map(\.isUp) == [false, true])
        let error = try #require(report.freshErrors.first)
        #expect(error.reason == .connectTimeout)
        #expect(error.message.contains("connected, but no TLS handshake"))
        #expect(report.certificates.count == 3)
    }

    @Test("a server that hangs up mid-handshake, and one that answers with garbage: tls_handshake")
    func brokenHandshakes() async throws {
        let closing = try await InProcessPeer(.closeMidHandshake)
        let garbage = try await InProcessPeer(.garbage)
        defer { Task { await closing.stop(); await garbage.stop() } }
        let report = await collect(try source([closing.port, garbage.port], timeout: 5))
        #expect(report.endpoints.map(\.isUp) == [false, false])
        #expect(report.freshErrors.map(\.reason) == [.tlsHandshake, .tlsHandshake])
        #expect(report.certificates.isEmpty)
    }

    @Test("a chain of 50 certificates is read whole")
    func longChain() async throws {
        let now = Date()
        var chain = [try PKIBuilder.selfSigned(PKIBuilder.name(commonName: "CA 0"), notBefore: now - 60, notAfter: now + 86_400)]
        for index in 1..<49 {
            chain.append(try PKIBuilder.issue(PKIBuilder.name(commonName: "CA \(index)"), by: chain.last!, notBefore: now - 60, notAfter: now + 86_400, profile: .ca()))
        }
        let leaf = try PKIBuilder.issue(PKIBuilder.name(commonName: "localhost"), by: chain.last!, notBefore: now - 60, notAfter: now + 3600, profile: .workload(dnsNames: ["localhost"]))
        let peer = try await InProcessPeer(.tls([leaf] + chain.reversed()))
        defer { Task { await peer.stop() } }
        let report = await collect(try source([peer.port], trust: [chain[0]]))
        #expect(report.endpoints.first?.isUp == true)
        #expect(report.certificates.count == 50)
        #expect(report.certificates.map(\.chainIndex) == Array(0..<50))
        #expect(report.chainVerifications.first?.verified == true)
    }

    @Test("many targets, a small concurrency bound: every one probed")
    func boundedConcurrency() async throws {
        let peers = try await (0..<6).asyncMap { _ in try await InProcessPeer(.tls(pki.presented)) }
        defer { Task { for peer in peers { await peer.stop() } } }
        let report = await collect(try source(peers.map(\.port), concurrency: 2))
        #expect(report.endpoints.count == 6)
        #expect(report.endpoints.allSatisfy { $0.isUp })
        #expect(report.endpoints.map(\.location) == peers.map { "127.0.0.1:\($0.port)/localhost" })
    }

    // MARK: STARTTLS

    @Test("SMTP STARTTLS: greeting, EHLO, STARTTLS, then the chain")
    func smtp() async throws {
        let peer = try await InProcessPeer(.smtp(pki.presented))
        defer { Task { await peer.stop() } }
        let report = await collect(try source([peer.port], trust: [pki.root], startTLS: .smtp))
        #expect(report.endpoints.first?.isUp == true, "\(report.freshErrors)")
        #expect(report.certificates.count == 3)
        #expect(report.chainVerifications.first?.verified == true)
    }

    @Test("PostgreSQL SSLRequest: S then TLS; N is a clear tls_handshake error")
    func postgres() async throws {
        let accepting = try await InProcessPeer(.postgres(pki.presented, accept: true))
        let refusing = try await InProcessPeer(.postgres(pki.presented, accept: false))
        defer { Task { await accepting.stop(); await refusing.stop() } }
        let report = await collect(try source([accepting.port, refusing.port], startTLS: .postgres))
        #expect(report.endpoints.map(\.isUp) == [true, false])
        #expect(report.certificates.count == 3)
        let error = try #require(report.freshErrors.first)
        #expect(error.reason == .tlsHandshake)
        #expect(error.message.contains("does not accept TLS"))
    }

    // MARK: Helpers

    /// A client certificate and key made by openssl itself, in the key form asked for.
    private func opensslClientIdentity(form: String) async throws -> (certificate: String, key: String) {
        let openssl = try #require(Programs.find("openssl"))
        let base = directory.path + "/client-\(form)"
        let algorithm = form == "rsa" ? ["-newkey", "rsa:2048"] : ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"]
        let made = try await Programs.run(
            openssl, ["req", "-x509", "-nodes", "-days", "1", "-subj", "/CN=meshcert-client"] + algorithm + ["-keyout", base + ".pkcs8", "-out", base + ".crt"]
        )
        try #require(made.status == 0, "\(made.stderr)")
        switch form {
        case "sec1":
            try #require(try await Programs.run(openssl, ["ec", "-in", base + ".pkcs8", "-out", base + ".key"]).status == 0)
            #expect(try String(contentsOfFile: base + ".key", encoding: .utf8).contains("BEGIN EC PRIVATE KEY"))
        case "rsa":
            try #require(try await Programs.run(openssl, ["rsa", "-in", base + ".pkcs8", "-traditional", "-out", base + ".key"]).status == 0)
            #expect(try String(contentsOfFile: base + ".key", encoding: .utf8).contains("BEGIN RSA PRIVATE KEY"))
        default:
            try FileManager.default.copyItem(atPath: base + ".pkcs8", toPath: base + ".key")
        }
        return (base + ".crt", base + ".key")
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
