import Foundation
import MeshCertCore
import Testing

/// Every committed fuzz seed and every input a fuzzer once crashed on (`Fuzz/Regressions/<harness>/`)
/// goes through the same calls as its harness in the ordinary test run, without sanitizers: a
/// crasher fixed stays fixed even where the fuzz build is not run.
@Suite("Fuzz seeds and regressions replayed")
struct FuzzCorpusReplayTests {
    private static let fuzzDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fuzz")

    private static func inputs(_ harness: String) -> [[UInt8]] {
        ["Corpus", "Regressions"].flatMap { kind -> [[UInt8]] in
            let directory = fuzzDirectory.appendingPathComponent(kind).appendingPathComponent(harness)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            return names.sorted().compactMap { FileManager.default.contents(atPath: directory.appendingPathComponent($0).path).map { Array($0) } }
        }
    }

    @Test("the seeds are there", arguments: ["FuzzPEMCertificates", "FuzzJSONTree", "FuzzYAMLDump", "FuzzPrometheusText", "FuzzDurationSize", "FuzzRequestText", "FuzzPKCS7", "FuzzCertificateFields"])
    func seeds(harness: String) {
        #expect(Self.inputs(harness).count >= 4)
    }

    @Test("PEM, base64, DER lengths and the certificate decoder")
    func pemCertificates() {
        for bytes in Self.inputs("FuzzPEMCertificates") {
            for block in PEMScanner.blocks(in: bytes) where !block.isTruncated {
                guard let der = Base64.decode(bytes[block.body]), let length = DERLength.firstElementLength(der[...]) else { continue }
                _ = try? CertificateDecoder.summarize(der: Array(der[0..<length]))
            }
            if let length = DERLength.firstElementLength(bytes[...]) { _ = try? CertificateDecoder.summarize(der: Array(bytes.prefix(length))) }
        }
    }

    @Test("PKCS#7 bundles, DER and PEM, and the decoder on what they hold")
    func pkcs7() {
        var read = 0
        for bytes in Self.inputs("FuzzPKCS7") {
            var bundles: [ArraySlice<UInt8>] = [bytes[...]]
            for block in PEMScanner.blocks(in: bytes) where !block.isTruncated && block.label == "PKCS7" {
                if let der = Base64.decode(bytes[block.body]) { bundles.append(der[...]) }
            }
            for bundle in bundles {
                for certificate in (try? PKCS7Certificates.certificates(in: bundle)) ?? [] where (try? CertificateDecoder.summarize(der: Array(certificate))) != nil {
                    read += 1
                }
            }
        }
        // chain.p7b, chain-pem.p7c (two each) and weak-keys.p7b (a DSA and an RSA-1024 certificate).
        #expect(read >= 6)
    }

    @Test("JSON tree, dumps, Prometheus text, durations and sizes")
    func textParsers() {
        for bytes in Self.inputs("FuzzJSONTree") { _ = try? JSONTreeParser.parse(bytes, items: { _ in }) }
        for bytes in Self.inputs("FuzzYAMLDump") {
            _ = DumpParser.read(bytes) { _ in }
            _ = DumpParser.readWholeYAML(bytes) { _ in }
        }
        for bytes in Self.inputs("FuzzPrometheusText") { _ = PrometheusTextParser.parse(bytes) }
        for bytes in Self.inputs("FuzzDurationSize") {
            let text = String(decoding: bytes, as: UTF8.self)
            _ = DurationText.parse(text).map { DurationText.format($0) }
            _ = ByteSizeText.parse(text)
        }
    }

    @Test("scrape-timeout header, /probe targets and patterns, listen addresses, redaction and log escaping")
    func requestText() {
        for bytes in Self.inputs("FuzzRequestText") {
            let text = String(decoding: bytes, as: UTF8.self)
            if let seconds = ScrapeTimeout.fromHeader(text) { _ = Duration.milliseconds(Int64(seconds * 1000)) }
            _ = EndpointTarget(parsing: text)?.location(serverName: text)
            let lines = text.split(separator: "\n", maxSplits: 1).map(String.init)
            if let pattern = TargetPattern(lines.first ?? ""), let probed = EndpointTarget(parsing: lines.last ?? "") { _ = pattern.matches(probed) }
            _ = ListenAddress(text)
            _ = RedactedURL.shown(text)
            _ = LogText.escaped(text)
        }
    }

    @Test("the DER field reader against the full parse")
    func certificateFields() {
        for der in Self.inputs("FuzzCertificateFields") {
            guard let fast = CertificateDecoder.fieldSummary(der: der, fingerprint: "") else { continue }
            let full = try? CertificateDecoder.fullSummary(der: der, fingerprint: "")
            #expect(full.map(fast.differences(from:)) == [])
        }
    }
}
