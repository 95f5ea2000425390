import ArgumentParser
import Foundation
import MeshCertFixtures
import MeshCertCore
import MeshCertSources

/// Tools for the benchmarks and the end-to-end tests: fixtures built in code, and a parse timer.
/// Kept out of the product: `meshcert-exporter` ships none of this.
@main
struct MeshCertBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "meshcert-bench",
        abstract: "Fixtures and timers for meshcert-exporter's benchmarks and end-to-end tests.",
        subcommands: [GenerateFixtures.self, ParseStats.self, DecodeStats.self]
    )
}

extension DumpBenchmarkFixtures.Format: ExpressibleByArgument {}

struct GenerateFixtures: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate-fixtures",
        abstract: "Write benchmark fixtures: COUNT PEM files, each a workload certificate and its issuing CA.",
    )

    @Option(help: "How many files (or secrets, with --dump).") var count: Int = 10_000
    @Option(help: "Workload certificates per issuing CA.") var perCA: Int = 100
    @Option(help: "Write one kubectl dump (json or yaml) of COUNT secrets instead of files.") var dump: DumpBenchmarkFixtures.Format?
    @Flag(help: "Write the alerting end-to-end fixtures (a certificate in each state) instead.") var alerting = false
    @Flag(help: "Write a CA root rotation instead: one directory per step (two proxies' secret dumps each), one PKI for all.")
    var rotation = false
    @Argument(help: "Directory (or, with --dump, file) to write.") var path: String

    func run() throws {
        if rotation {
            let fixtures = try RotationFixtures()
            for step in RotationFixtures.Step.allCases {
                try fixtures.write(step, to: URL(fileURLWithPath: path).appendingPathComponent(step.rawValue))
            }
            print("wrote \(RotationFixtures.Step.allCases.count) rotation steps to \(path)")
        } else if alerting {
            try AlertingFixtures.write(to: URL(fileURLWithPath: path))
            print("wrote the alerting fixtures to \(path)")
        } else if let dump {
            try DumpBenchmarkFixtures.write(count: count, perCA: perCA, format: dump, to: URL(fileURLWithPath: path))
            print("wrote \(count) secrets to \(path)")
        } else {
            let written = try BenchmarkFixtures.write(count: count, perCA: perCA, to: URL(fileURLWithPath: path))
            print("wrote \(written) files to \(path)")
        }
    }
}

struct ParseStats: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse-stats",
        abstract: "Benchmark: parse a saved stats payload (all families, then only the mesh traffic ones) and print time and rate.",
    )

    @Argument(help: "Prometheus text file.") var file: String

    func run() throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
        let megabytes = Double(bytes.count) / 1e6
        let clock = ContinuousClock()
        var full = PrometheusTextPayload(samples: [], issues: [], types: [:])
        let fullTime = clock.measure { full = PrometheusTextParser.parse(bytes) }
        var traffic: [TrafficSample] = []
        let trafficTime = clock.measure { traffic = MeshStatsReading.samples(bytes) }
        func seconds(_ duration: Duration) -> Double { Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18 }
        print(String(format: "payload: %.1f MB", megabytes))
        print(String(format: "full parse: %.3f s, %.0f MB/s, %d samples, %d bad lines", seconds(fullTime), megabytes / seconds(fullTime), full.samples.count, full.issues.count))
        print(String(format: "mesh traffic only: %.3f s, %.0f MB/s, %d destination-side samples", seconds(trafficTime), megabytes / seconds(trafficTime), traffic.count))
    }
}

struct DecodeStats: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode-stats",
        abstract: "Benchmark: decode every PEM certificate under a directory by the field reader and by the full parse; print times and fallbacks.",
    )

    @Argument(help: "Directory of PEM files.") var directory: String

    func run() throws {
        var ders: [[UInt8]] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: directory).sorted() {
            guard let data = FileManager.default.contents(atPath: directory + "/" + name) else { continue }
            let bytes = [UInt8](data)
            for block in PEMScanner.blocks(in: bytes) where block.label == "CERTIFICATE" && !block.isTruncated {
                if let der = Base64.decode(bytes[block.body]) { ders.append(der) }
            }
            if !PEMScanner.looksLikePEM(bytes), bytes.first == 0x30 { ders.append(bytes) }
        }
        let clock = ContinuousClock()
        var fellBack: [Int] = []
        let fieldTime = clock.measure {
            for (index, der) in ders.enumerated() where CertificateDecoder.fieldSummary(der: der, fingerprint: "") == nil { fellBack.append(index) }
        }
        var failed = 0
        let fullTime = clock.measure {
            for der in ders where (try? CertificateDecoder.fullSummary(der: der, fingerprint: "")) == nil { failed += 1 }
        }
        func seconds(_ duration: Duration) -> Double { Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18 }
        print("certificates: \(ders.count); left to the full parse by the field reader: \(fellBack.count) \(fellBack.prefix(10)); refused by the full parse: \(failed)")
        print(String(format: "field reader: %.3f s (%.0f certificates/s); full parse: %.3f s (%.0f certificates/s)",
            seconds(fieldTime), Double(ders.count) / seconds(fieldTime), seconds(fullTime), Double(ders.count) / seconds(fullTime)))
    }
}
