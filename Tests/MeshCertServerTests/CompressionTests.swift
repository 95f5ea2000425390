import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import MeshCertCore
import MeshCertExposition
import MeshCertTestSupport
import NIOCore
import Testing

@testable import MeshCertServer

/// Collects what a response body writes, as Hummingbird's writer would send it.
private struct CollectingWriter: ResponseBodyWriter {
    let collected: Collected

    final class Collected: @unchecked Sendable {
        var bytes: [UInt8] = []
        var finished = false
    }

    mutating func write(_ buffer: ByteBuffer) async throws { collected.bytes += buffer.readableBytesView }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws { collected.finished = true }
}

@Suite("gzip for /metrics and /probe")
struct CompressionTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory("compression")
    }

    /// `gzip -dc` of the bytes: the decoder every scraper's HTTP library agrees with.
    private func gunzip(_ bytes: [UInt8]) async throws -> String {
        let path = try directory.write("body.gz", bytes)
        let result = try await Programs.run(try #require(Programs.find("gzip")), ["-dc", path])
        try #require(result.status == 0, "gzip: \(result.stderr)")
        return result.stdout
    }

    @Test(
        "Accept-Encoding is read with its q-values",
        arguments: [
            (nil, ContentCoding.identity), ("", .identity), ("gzip", .gzip), ("GZIP", .gzip), ("x-gzip", .gzip),
            ("gzip, deflate, br", .gzip), ("deflate, gzip;q=0.5", .gzip), ("gzip;q=0", .identity), ("gzip; q=0.0", .identity),
            ("gzip;q=0, *;q=1", .identity), ("*", .gzip), ("*;q=0", .identity), ("identity", .identity), ("deflate, br", .identity),
            ("br;q=1, gzip;q=0.001", .gzip),
        ] as [(String?, ContentCoding)]
    )
    func acceptEncoding(_ header: String?, _ expected: ContentCoding) {
        #expect(ContentCoding(acceptEncoding: header) == expected)
    }

    @Test("written piece by piece, fresh lines and kept deflated pieces in any order, the gzip stream decompresses to exactly the text given")
    func streamRoundTrip() async throws {
        defer { directory.remove() }
        var text: [UInt8] = []
        for index in 0..<20_000 {
            text += Array(#"meshcert_cert_not_after_timestamp_seconds{source="mesh",location="/etc/certs/\#(index).pem",chain_index="0"} \#(1_900_000_000 + index)"#.utf8)
            text.append(0x0a)
        }
        let pieces = stride(from: 0, to: text.count, by: 65_536).map { Array(text[$0..<min($0 + 65_536, text.count)]) }
        // Kept pieces are deflated once and reused: the second answer sends the same kept bytes again.
        let kept = pieces.map(EncodedLines.init)
        for pattern in [[false], [true], [false, true, true], [true, false, false, true]] {
            for _ in 0..<2 {
                let collected = CollectingWriter.Collected()
                var writer: any ResponseBodyWriter = CollectingWriter(collected: collected)
                var stream = ExpositionStream(coding: .gzip)
                for (index, piece) in pieces.enumerated() {
                    if pattern[index % pattern.count] {
                        try await stream.write(kept[index], to: &writer)
                    } else {
                        try await stream.write(piece, to: &writer)
                    }
                }
                try await stream.finish(&writer)
                #expect(collected.finished)
                #expect(collected.bytes.count < text.count / 5)
                #expect(try await gunzip(collected.bytes) == String(decoding: text, as: UTF8.self), "pattern \(pattern)")
            }
        }
        // Where no scraper wants plain text, each kept piece gives it up once its deflated form is sent;
        // a plain answer after that inflates it, byte for byte the same.
        let collectedDropping = CollectingWriter.Collected()
        var droppingWriter: any ResponseBodyWriter = CollectingWriter(collected: collectedDropping)
        var dropping = ExpositionStream(coding: .gzip, dropPlainWhenSent: true)
        for lines in kept { try await dropping.write(lines, to: &droppingWriter) }
        try await dropping.finish(&droppingWriter)
        #expect(try await gunzip(collectedDropping.bytes) == String(decoding: text, as: UTF8.self))
        #expect(kept.allSatisfy { !$0.holdsPlain })
        #expect(kept.flatMap { Array($0.plain.readableBytesView) } == text)

        // Nothing written at all is still a gzip member (of nothing).
        let collected = CollectingWriter.Collected()
        var writer: any ResponseBodyWriter = CollectingWriter(collected: collected)
        var stream = ExpositionStream(coding: .gzip)
        try await stream.finish(&writer)
        #expect(try await gunzip(collected.bytes) == "")
    }

    @Test("plain text for a scraper that does not ask for gzip, gzip for one that does; both say Vary")
    func routes() async throws {
        defer { directory.remove() }
        let pki = try TestPKI(now: Date())
        try directory.write("certs/cert-chain.pem", pki.workload.pem + pki.issuing.pem + pki.intermediate.pem)
        try directory.write("certs/we\"ird\\name.pem", pki.root.pem)
        let configuration = ExporterConfiguration(sources: [SourceConfiguration(name: "mesh", input: .files(.init(paths: [directory.path + "/certs"])))])
        let app = buildApplication(configuration: configuration, listen: ListenAddress(host: "127.0.0.1", port: 0), logger: Logger(label: "test"))
        let (plain, compressed) = try await app.test(.live) { client in
            let plain = try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.headers[.contentEncoding] == nil)
                #expect(response.headers[.vary] == "Accept-Encoding")
                #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
                return String(buffer: response.body)
            }
            var refused = HTTPFields()
            refused[.acceptEncoding] = "gzip;q=0, identity"
            try await client.execute(uri: "/metrics", method: .get, headers: refused) { response in
                #expect(response.headers[.contentEncoding] == nil)
                #expect(String(buffer: response.body).hasPrefix("# HELP "))
            }
            var accepts = HTTPFields()
            accepts[.acceptEncoding] = "gzip"
            let compressed = try await client.execute(uri: "/metrics", method: .get, headers: accepts) { response in
                #expect(response.headers[.contentEncoding] == "gzip")
                #expect(response.headers[.vary] == "Accept-Encoding")
                return Array(response.body.readableBytesView)
            }
            // Again: now every kept piece is sent in the deflated form the first gzip answer left.
            let again = try await client.execute(uri: "/metrics", method: .get, headers: accepts) { Array($0.body.readableBytesView) }
            return (plain, [compressed, again])
        }
        #expect(plain.hasPrefix("# HELP "))
        let text = try await gunzip(compressed[0])
        #expect(try await gunzip(compressed[1]).split(separator: "\n").filter { !$0.hasPrefix("meshcert_collection_duration_seconds{") }
            == text.split(separator: "\n").filter { !$0.hasPrefix("meshcert_collection_duration_seconds{") })
        // Two scrapes differ only in how long the collection took.
        func stable(_ text: String) -> [Substring] { text.split(separator: "\n").filter { !$0.hasPrefix("meshcert_collection_duration_seconds{") } }
        #expect(stable(text) == stable(plain))
        let promtool = try #require(Programs.find("promtool"), "promtool is installed by .ci/run (Debian package prometheus)")
        let result = try await Programs.run(promtool, ["check", "metrics"], stdin: text)
        #expect(result.status == 0 && result.stdout.isEmpty && result.stderr.isEmpty, "promtool: \(result.stdout) \(result.stderr)")
    }

    @Test("/probe answers gzip when asked, plain text otherwise")
    func probe() async throws {
        defer { directory.remove() }
        let app = buildApplication(configuration: ExporterConfiguration(), listen: ListenAddress(host: "127.0.0.1", port: 0), logger: Logger(label: "test"))
        try await app.test(.router) { client in
            // Port 1 on loopback refuses: the answer is still a complete exposition, saying so.
            try await client.execute(uri: "/probe?target=127.0.0.1:1", method: .get) { response in
                #expect(response.headers[.contentEncoding] == nil)
                #expect(String(buffer: response.body).contains("meshcert_endpoint_up"))
            }
            var accepts = HTTPFields()
            accepts[.acceptEncoding] = "gzip, deflate"
            let compressed = try await client.execute(uri: "/probe?target=127.0.0.1:1", method: .get, headers: accepts) { response in
                #expect(response.headers[.contentEncoding] == "gzip")
                return Array(response.body.readableBytesView)
            }
            #expect(try await gunzip(compressed).contains(#"meshcert_endpoint_up{source="default",location="127.0.0.1:1"} 0"#))
        }
    }
}
