import Foundation
import MeshCertCore
import MeshCertTestSupport
import Testing

@testable import MeshCertSources

/// Trees built to blow a walk up: each is read in bounded work, and what was cut is said.
@Suite("File walks: bounded on hostile trees")
struct FileWalkBoundsTests {
    let pki: TestPKI
    let directory: TemporaryDirectory

    init() throws {
        pki = try TestPKI()
        directory = try TemporaryDirectory("walkbounds")
    }

    private func collect(_ paths: [String], limits: WalkLimits = WalkLimits()) async -> SourceReport {
        var options = FileSource.Options(paths: paths)
        options.walkLimits = limits
        let source = FileSource(descriptor: SourceDescriptor(name: "mount", kind: .file), options: options)
        return await source.collect(CollectionContext(now: Reference.now, deadline: .now + .seconds(10), parseCache: CertificateParseCache()))
    }

    @Test("symbolic links forming a DAG of 2^20 paths: each directory is read once")
    func symlinkDAG() async throws {
        defer { directory.remove() }
        // d0 holds the certificate; d(k+1) holds two links, a and b, both to d(k): 2^20 paths to d0 from d20.
        try directory.write("d0/cert.pem", pki.workload.pem)
        for level in 1...20 {
            try FileManager.default.createDirectory(atPath: directory.path + "/d\(level)", withIntermediateDirectories: true)
            try directory.symlink("d\(level)/a", to: directory.path + "/d\(level - 1)")
            try directory.symlink("d\(level)/b", to: directory.path + "/d\(level - 1)")
        }
        let report = await collect([directory.path + "/d20"])
        #expect(report.certificates.count == 1)
        #expect(report.freshErrors.isEmpty, "\(report.freshErrors)")
    }

    @Test("a glob of 40 `*` levels over a link loop ends at max_entries and says so")
    func globBomb() async throws {
        defer { directory.remove() }
        try directory.write("loop/cert.pem", pki.workload.pem)
        try directory.symlink("loop/x", to: directory.path + "/loop")
        try directory.symlink("loop/y", to: directory.path + "/loop")
        let pattern = directory.path + "/loop/" + Array(repeating: "*", count: 40).joined(separator: "/") + "/cert.pem"
        let report = await collect([pattern], limits: WalkLimits(maxEntries: 5_000))
        #expect(report.freshErrors.contains { $0.reason == .tooLarge && $0.message.contains("max_entries") })
    }

    @Test("a directory with more entries than max_entries is read up to the limit, and the cut is reported")
    func wideDirectory() async throws {
        defer { directory.remove() }
        for index in 0..<30 { try directory.write("wide/\(index).pem", pki.workload.pem) }
        let report = await collect([directory.path + "/wide"], limits: WalkLimits(maxEntries: 10))
        #expect(report.certificates.count == 10)
        #expect(report.freshErrors.contains { $0.reason == .tooLarge })
    }

    @Test("a file name that is not UTF-8 is read, and shown with \\x escapes")
    func nonUTF8Name() async throws {
        defer { directory.remove() }
        try FileManager.default.createDirectory(atPath: directory.path + "/odd", withIntermediateDirectories: true)
        var path = Array((directory.path + "/odd/caf").utf8)
        path += [0xE9]
        path += Array(".pem".utf8)
        let written = path.withUnsafeBufferPointer { buffer -> Bool in
            var cPath = Array(buffer.map { CChar(bitPattern: $0) })
            cPath.append(0)
            guard let file = fopen(cPath, "w") else { return false }
            let pem = Array(pki.workload.pem.utf8)
            fwrite(pem, 1, pem.count, file)
            fclose(file)
            return true
        }
        #expect(written)
        let report = await collect([directory.path + "/odd"])
        #expect(report.certificates.count == 1)
        #expect(report.certificates.first?.location == directory.path + "/odd/caf\\xe9.pem")
    }

    @Test("a newline in a file name cannot forge a log line")
    func logEscaping() {
        #expect(LogText.escaped("a.pem\nlevel=error msg=forged") == "a.pem\\nlevel=error msg=forged")
        #expect(LogText.escaped("plain/path.pem") == "plain/path.pem")
        #expect(LogText.escaped("bell\u{7}") == "bell\\u{7}")
    }
}
