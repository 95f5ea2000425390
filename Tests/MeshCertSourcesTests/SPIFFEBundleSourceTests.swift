import Foundation
import MeshCertCore
import MeshCertFixtures
import MeshCertTestSupport
import Testing

@testable import MeshCertSources

/// A SPIFFE federation endpoint: `openssl s_server -WWW` serving a bundle document over HTTPS.
@Suite("SPIFFE bundle source")
struct SPIFFEBundleSourceTests {
    let live: LivePKI
    let directory: TemporaryDirectory

    init() throws {
        live = try LivePKI()
        directory = try TemporaryDirectory("spiffe")
    }

    private func document(_ roots: [IssuedCertificate], sequence: Int) -> String {
        let keys = roots.map { #"{"use": "x509-svid", "kty": "EC", "x5c": ["\#(Data($0.derBytes).base64EncodedString())"]}"# }
        return #"{"keys": [\#(keys.joined(separator: ", "))], "spiffe_sequence": \#(sequence), "spiffe_refresh_hint": 300}"#
    }

    private func source(_ url: String, caFile: String?, interval: TimeInterval = 60) -> SPIFFEBundleSource {
        var options = SPIFFEBundleSource.Options(urls: [url])
        options.trustDomain = "example.org"
        options.interval = interval
        if let caFile {
            var tls = HTTPTLSSettings()
            tls.caFile = caFile
            options.credentials.tls = tls
        }
        return SPIFFEBundleSource(descriptor: SourceDescriptor(name: "federation", kind: .spiffeBundle), options: options)
    }

    private func collect(_ source: SPIFFEBundleSource, now: Date = Date()) async -> SourceReport {
        await source.collect(CollectionContext(now: now, deadline: .now + .seconds(20), parseCache: CertificateParseCache()))
    }

    @Test("a federation endpoint's bundle over https: its roots, trust domain and sequence; refetched after the interval")
    func federation() async throws {
        defer { directory.remove() }
        let other = try LivePKI(rootName: "Other Root")
        let served = directory.path + "/www"
        try FileManager.default.createDirectory(atPath: served, withIntermediateDirectories: true)
        try document([live.root, other.root], sequence: 3).write(toFile: served + "/bundle.json", atomically: true, encoding: .utf8)
        let server = try OpenSSLServer(presented: live.presented, in: directory, arguments: ["-WWW"], servingFrom: served)
        defer { server.stop() }
        let ca = try directory.write("ca.pem", live.root.pem)
        let url = "https://localhost:\(server.port)/bundle.json"
        let bundles = source(url, caFile: ca)

        let now = Date()
        let first = await collect(bundles, now: now)
        #expect(first.freshErrors.isEmpty, "\(first.freshErrors)")
        let bundle = try #require(first.bundles.first)
        #expect(bundle.location == url && bundle.trustDomain == "example.org" && bundle.sequence == 3)
        #expect(bundle.certificates.map(\.subjectCN) == ["Live Root CA", "Other Root"])
        #expect(first.certificates.allSatisfy { $0.location == url })
        #expect(first.locations == [LocationStatus(location: url, isUp: true)])

        // A new sequence on the server: not fetched before the interval, fetched after it.
        try document([live.root], sequence: 4).write(toFile: served + "/bundle.json", atomically: true, encoding: .utf8)
        #expect(await collect(bundles, now: now + 30).bundles.first?.sequence == 3)
        #expect(await collect(bundles, now: now + 61).bundles.first?.sequence == 4)
    }

    @Test("an endpoint whose certificate does not chain to the configured CA is down, with a TLS reason, and serves nothing")
    func untrustedEndpoint() async throws {
        defer { directory.remove() }
        let served = directory.path + "/www"
        try FileManager.default.createDirectory(atPath: served, withIntermediateDirectories: true)
        try document([live.root], sequence: 1).write(toFile: served + "/bundle.json", atomically: true, encoding: .utf8)
        let server = try OpenSSLServer(presented: live.presented, in: directory, arguments: ["-WWW"], servingFrom: served)
        defer { server.stop() }
        let stranger = try LivePKI(rootName: "Stranger Root")
        let report = await collect(source("https://localhost:\(server.port)/bundle.json", caFile: try directory.write("ca.pem", stranger.root.pem)))
        #expect(report.bundles.isEmpty && report.certificates.isEmpty)
        #expect(report.locations.map(\.isUp) == [false])
        #expect(report.freshErrors.map(\.reason) == [.tlsHandshake])
    }
}
