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

    @Test("the seeds are there", arguments: ["FuzzPEMCertificates", "FuzzJSONTree", "FuzzYAMLDump", "FuzzPrometheusText", "FuzzDurationSize"])
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
}
