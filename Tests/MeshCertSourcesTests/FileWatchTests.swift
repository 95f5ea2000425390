import Foundation
import MeshCertCore
import MeshCertTestSupport
import Testing

@testable import MeshCertSources

/// A tree whose directories are watched (inotify) is not walked while nothing in it changes, and every
/// kind of change still shows at the next collection.
@Suite("File source change watch", .enabled(if: DirectoryWatcher.shared != nil))
struct FileWatchTests {
    let pki: TestPKI
    let next: TestPKI
    let directory: TemporaryDirectory

    init() throws {
        pki = try TestPKI()
        next = try TestPKI()
        directory = try TemporaryDirectory("filewatch")
    }

    private func source(_ paths: [String]) -> FileSource {
        FileSource(descriptor: SourceDescriptor(name: "mount", kind: .file), options: .init(paths: paths))
    }

    private func collect(_ source: FileSource) async -> SourceReport {
        await source.collect(CollectionContext(now: Reference.now, deadline: .now + .seconds(10), parseCache: CertificateParseCache()))
    }

    private func fingerprints(_ report: SourceReport) -> [String] {
        report.certificates.map(\.summary.fingerprintSHA256)
    }

    /// Collects until the source no longer walks (the second walk settles it), so what follows is a
    /// change that only the watch can reveal.
    private func settle(_ files: FileSource) async -> SourceReport {
        _ = await collect(files)
        _ = await collect(files)
        let walks = files.walkCount
        let report = await collect(files)
        #expect(files.walkCount == walks, "a third collection over an unchanged tree walks it again")
        return report
    }

    /// Rewrites a file where it is (same inode), as an editor or `cp` over it does.
    private func overwrite(_ path: String, _ content: String) throws {
        let descriptor = open(path, O_WRONLY | O_TRUNC)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        let bytes = Array(content.utf8)
        #expect(write(descriptor, bytes, bytes.count) == bytes.count)
    }

    @Test("an unchanged tree is not walked again, and a file rewritten in place shows at the next collection")
    func rewriteInPlace() async throws {
        defer { directory.remove() }
        let path = try directory.write("d/a.pem", pki.workload.pem)
        try directory.write("d/sub/b.pem", pki.root.pem)
        let files = source([directory.path + "/d"])
        let quiet = await settle(files)
        #expect(fingerprints(quiet).contains(TestPKI.summary(pki.workload).fingerprintSHA256))

        try overwrite(path, next.workload.pem)
        let walks = files.walkCount
        let after = await collect(files)
        #expect(files.walkCount == walks + 1)
        #expect(fingerprints(after).contains(TestPKI.summary(next.workload).fingerprintSHA256))
        #expect(!fingerprints(after).contains(TestPKI.summary(pki.workload).fingerprintSHA256))
    }

    @Test("a file added in a subdirectory, and one removed, show at the next collection")
    func addAndRemove() async throws {
        defer { directory.remove() }
        let first = try directory.write("d/sub/a.pem", pki.workload.pem)
        let files = source([directory.path + "/d"])
        _ = await settle(files)

        try directory.write("d/sub/b.pem", pki.root.pem)
        #expect(await collect(files).certificates.count == 2)
        try FileManager.default.removeItem(atPath: first)
        #expect(fingerprints(await collect(files)) == [TestPKI.summary(pki.root).fingerprintSHA256])
    }

    @Test("a file named through a link into a directory outside the walk: its target rewritten shows")
    func linkTargetOutside() async throws {
        defer { directory.remove() }
        let target = try directory.write("elsewhere/cert.pem", pki.workload.pem)
        try directory.write("d/placeholder.txt", "not read")
        try directory.symlink("d/cert.pem", to: target)
        let files = source([directory.path + "/d"])
        _ = await settle(files)

        try overwrite(target, next.workload.pem)
        #expect(fingerprints(await collect(files)) == [TestPKI.summary(next.workload).fingerprintSHA256])
    }

    @Test("a Kubernetes ..data swap after the tree settled shows at the next collection")
    func kubernetesSwapWhenSettled() async throws {
        defer { directory.remove() }
        try directory.write("mount/..2030_01_01_00_00_00.1/tls.crt", pki.workload.pem)
        try directory.symlink("mount/..data", to: "..2030_01_01_00_00_00.1")
        try directory.symlink("mount/tls.crt", to: "..data/tls.crt")
        let files = source([directory.path + "/mount"])
        _ = await settle(files)

        try directory.write("mount/..2030_01_02_00_00_00.2/tls.crt", next.workload.pem)
        try directory.symlink("mount/..data_tmp", to: "..2030_01_02_00_00_00.2")
        #expect(rename(directory.path + "/mount/..data_tmp", directory.path + "/mount/..data") == 0)
        try FileManager.default.removeItem(atPath: directory.path + "/mount/..2030_01_01_00_00_00.1")
        #expect(fingerprints(await collect(files)) == [TestPKI.summary(next.workload).fingerprintSHA256])

        // The watch follows the swap: the new directory's file rewritten in place shows too.
        try overwrite(directory.path + "/mount/..2030_01_02_00_00_00.2/tls.crt", pki.root.pem)
        #expect(fingerprints(await collect(files)) == [TestPKI.summary(pki.root).fingerprintSHA256])
    }

    @Test("a file only touched (its times changed, an inotify attribute event) is read again")
    func touched() async throws {
        defer { directory.remove() }
        let path = try directory.write("a.pem", pki.workload.pem)
        let files = source([path])
        _ = await settle(files)
        let reads = files.fileReadCount
        var times = [timespec(tv_sec: 1_900_000_000, tv_nsec: 0), timespec(tv_sec: 1_900_000_000, tv_nsec: 0)]
        #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
        _ = await collect(files)
        #expect(files.fileReadCount == reads + 1)
    }

    @Test("a glob whose last part is a name: the file appearing in a directory that lacked it shows")
    func globLiteralTail() async throws {
        defer { directory.remove() }
        try directory.write("d/a/tls.crt", pki.workload.pem)
        try FileManager.default.createDirectory(atPath: directory.path + "/d/b", withIntermediateDirectories: true)
        let files = source([directory.path + "/d/*/tls.crt"])
        _ = await settle(files)
        try directory.write("d/b/tls.crt", next.workload.pem)
        #expect(fingerprints(await collect(files)).contains(TestPKI.summary(next.workload).fingerprintSHA256))
    }

    @Test("a link along a named path swapped (ln -sfn v2 current), and a named directory link with a trailing slash swapped")
    func linkAlongPathSwapped() async throws {
        defer { directory.remove() }
        try directory.write("pki/v1/tls.crt", pki.workload.pem)
        try directory.write("pki/v2/tls.crt", next.workload.pem)
        try directory.symlink("pki/current", to: "v1")
        try directory.symlink("pki/certs", to: "v1")
        let named = source([directory.path + "/pki/current/tls.crt"])
        let slashed = source([directory.path + "/pki/certs/"])
        _ = await settle(named)
        _ = await settle(slashed)
        for link in ["current", "certs"] {
            try directory.symlink("pki/\(link).tmp", to: "v2")
            #expect(rename(directory.path + "/pki/\(link).tmp", directory.path + "/pki/\(link)") == 0)
        }
        #expect(fingerprints(await collect(named)) == [TestPKI.summary(next.workload).fingerprintSHA256])
        #expect(fingerprints(await collect(slashed)) == [TestPKI.summary(next.workload).fingerprintSHA256])
    }

    @Test("a file bind-mounted on its own, rewritten at its source, shows (its directory hears nothing)", .enabled(if: getuid() == 0))
    func bindMountedFile() async throws {
        defer { directory.remove() }
        let source = try directory.write("host/tls.crt", pki.workload.pem)
        let target = try directory.write("container/tls.crt", "")
        try directory.write("container/other.pem", pki.root.pem)
        let mount = try Programs.runBlocking("/bin/mount", ["--bind", source, target])
        try #require(mount.status == 0, "mount --bind: \(mount.stderr)")
        defer { _ = try? Programs.runBlocking("/bin/umount", [target]) }
        let files = self.source([directory.path + "/container"])
        #expect(fingerprints(await settle(files)).contains(TestPKI.summary(pki.workload).fingerprintSHA256))
        try overwrite(source, next.workload.pem)
        #expect(fingerprints(await collect(files)).contains(TestPKI.summary(next.workload).fingerprintSHA256))
    }

    @Test("a path that does not exist yet is looked for at every collection")
    func missingPathIsNotSettled() async throws {
        defer { directory.remove() }
        let files = source([directory.path + "/later.pem"])
        _ = await collect(files)
        _ = await collect(files)
        let walks = files.walkCount
        _ = await collect(files)
        #expect(files.walkCount == walks + 1)
        try directory.write("later.pem", pki.workload.pem)
        #expect(await collect(files).certificates.count == 1)
    }
}
