import Foundation
import MeshCertCore
import MeshCertParsers
import Synchronization

/// Certificates from mounted files: single files, directories (recursive), globs with `*`, `?`,
/// `[…]` and `**`. Kubernetes mounts, whose files are symlinks into a `..data` directory swapped
/// atomically, are read through the stable names, so a swap shows at the next collection.
/// A file is re-read only when its inode, size or times change.
public final class FileSource: CertificateSource {
    public struct Options: Sendable, Hashable {
        public var paths: [String]
        /// Larger files are refused unread (`too_large`).
        public var maxFileSize: Int
        /// How deep and how wide directory walks and globs may go.
        public var walkLimits = WalkLimits()

        public static let defaultMaxFileSize = 16 << 20

        public init(paths: [String], maxFileSize: Int = Options.defaultMaxFileSize) {
            self.paths = paths
            self.maxFileSize = maxFileSize
        }
    }

    private struct CachedRead: Sendable {
        var stamp: FileStamp
        var certificates: [CertificateSummary]
        var problems: [SourceError]
        /// An extension-less file that turned out to hold no certificate material.
        var ignored: Bool
    }

    private struct State {
        var reads: [String: CachedRead] = [:]
        var freshness = FreshErrorFilter()
        /// The walk behind `reads` and the report made from it, its fresh errors already handed out:
        /// when the next walk finds the same files with the same stamps, every read would be taken
        /// from `reads` again, so this report is the answer.
        var lastWalk: (files: [FileTreeWalker.FoundFile], problems: [SourceError], report: SourceReport)?
        /// Files actually opened and parsed since start (unchanged files are served from `reads`).
        var fileReads = 0
    }

    public let descriptor: SourceDescriptor
    public let options: Options
    private let state = Mutex(State())

    public init(descriptor: SourceDescriptor, options: Options) {
        self.descriptor = descriptor
        self.options = options
    }

    public var targets: [String] { options.paths }

    public func collect(_ context: CollectionContext) async -> SourceReport {
        var walker = FileTreeWalker(limits: options.walkLimits)
        for path in options.paths { walker.expand(path) }
        if let unchanged = state.withLock({ state in
            state.lastWalk.flatMap { $0.files == walker.files && $0.problems == walker.problems ? $0.report : nil }
        }) {
            return unchanged
        }

        var report = SourceReport()
        var problems: [SourceError] = walker.problems
        var reads: [String: CachedRead] = [:]
        var fileReads = 0
        let previous = state.withLock { $0.reads }
        let results = await readAll(walker.files, previous: previous, cache: context.parseCache)
        for (file, read) in zip(walker.files, results) {
            if read.stamp != previous[file.path]?.stamp { fileReads += 1 }
            reads[file.path] = read
            if read.ignored { continue }
            for (index, summary) in read.certificates.enumerated() {
                report.certificates.append(ObservedCertificate(location: file.path, chainIndex: index, summary: summary))
            }
            problems += read.problems
            if read.problems.isEmpty { report.locations.append(LocationStatus(location: file.path, isUp: true)) }
        }
        let failing = Set(problems.map(\.location))
        report.locations += failing.sorted().map { LocationStatus(location: $0, isUp: false) }
        report.showPaths()
        let fresh = state.withLock { state in
            state.reads = reads
            state.fileReads += fileReads
            state.lastWalk = (walker.files, walker.problems, report)
            return state.freshness.fresh(problems)
        }
        report.freshErrors = fresh.map { SourceError(location: PathText.shown($0.location), reason: $0.reason, message: $0.message) }
        return report
    }

    var fileReadCount: Int { state.withLock { $0.fileReads } }

    /// Reads (or takes from cache) every file, in order, spread over the cores: parsing thousands of
    /// sidecar bundles is CPU work.
    private func readAll(_ files: [FileTreeWalker.FoundFile], previous: [String: CachedRead], cache: CertificateParseCache) async -> [CachedRead] {
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, files.count / 64))
        guard workers > 1 else { return files.map { read($0, previous: previous[$0.path], cache: cache) } }
        let chunk = (files.count + workers - 1) / workers
        return await withTaskGroup(of: (Int, [CachedRead]).self) { group in
            for start in stride(from: 0, to: files.count, by: chunk) {
                let slice = Array(files[start..<min(start + chunk, files.count)])
                group.addTask { (start, slice.map { self.read($0, previous: previous[$0.path], cache: cache) }) }
            }
            var parts: [(Int, [CachedRead])] = []
            for await part in group { parts.append(part) }
            return parts.sorted { $0.0 < $1.0 }.flatMap(\.1)
        }
    }

    private func read(_ file: FileTreeWalker.FoundFile, previous: CachedRead?, cache: CertificateParseCache) -> CachedRead {
        let status: FileSystem.Status
        switch file.stamp.map({ FileSystem.Status(kind: .regular, stamp: $0) }).map(Result.success) ?? FileSystem.status(file.path) {
        case .success(let found): status = found
        case .failure(let failure):
            let stamp = FileStamp(device: 0, inode: 0, size: -1, modified: 0, changed: 0)
            return CachedRead(stamp: stamp, certificates: [], problems: [error(file.path, failure)], ignored: false)
        }
        if let previous, previous.stamp == status.stamp { return previous }
        if !file.sniff && status.stamp.size > Int64(options.maxFileSize) {
            let problem = SourceError(
                location: file.path, reason: .tooLarge,
                message: "is \(status.stamp.size) bytes, over the \(options.maxFileSize)-byte limit (max_file_size); not read"
            )
            return CachedRead(stamp: status.stamp, certificates: [], problems: [problem], ignored: false)
        }
        let bytes: [UInt8]
        switch FileSystem.read(file.path, limit: options.maxFileSize) {
        case .success(let read): bytes = read
        case .failure(let failure):
            return CachedRead(stamp: status.stamp, certificates: [], problems: file.sniff ? [] : [error(file.path, failure)], ignored: file.sniff)
        }
        if file.sniff && !(PEMScanner.looksLikePEM(bytes) || bytes.first == 0x30) {
            return CachedRead(stamp: status.stamp, certificates: [], problems: [], ignored: true)
        }
        let contents = CertificateBundleReader.read(bytes, cache: cache)
        if !file.explicit && contents.holdsOnlyOtherBlocks {
            // key.pem beside cert-chain.pem in a mount: not a certificate file, not an error.
            return CachedRead(stamp: status.stamp, certificates: [], problems: [], ignored: true)
        }
        let problems = contents.problems.map { SourceError(location: file.path, reason: $0.reason, message: $0.message) }
        return CachedRead(stamp: status.stamp, certificates: contents.certificates, problems: problems, ignored: false)
    }

    private func error(_ path: String, _ failure: FileSystem.Failure) -> SourceError {
        var message = failure.message
        if failure.reason == .notFound, FileSystem.isSymbolicLink(path), let target = FileSystem.linkTarget(path) {
            message = message == "is a symbolic link loop" ? message : "is a dangling symbolic link to \(target)"
        }
        return SourceError(location: path, reason: failure.reason, message: message)
    }
}
