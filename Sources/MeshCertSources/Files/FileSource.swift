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
        /// Files that are trust bundles besides the well-known names (`trust_bundle:`; `*` for all).
        public var trustBundlePatterns: [String] = []
        /// A bundle every chain this source reads is judged against (`ca_file`), besides the bundle beside it.
        public var caFile: String?

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
        /// The certificate a mesh layout names as the issuing CA (`MeshLayout`).
        var issuingIndex: Int? = nil
    }

    /// The last collection's reads, in the order of its walk's files. A walk over the same directories
    /// finds its files in the same order, so a file's earlier read is found at its own position, and by
    /// path (a map made for that collection only) where files came or went. Held as an array, 50,000
    /// reads took 4 MB, where a map by path took 12.6 MB.
    private struct PreviousReads: Sendable {
        /// The last walk's files (as kept in `lastWalk`) and their reads, in the same order.
        let files: [FileTreeWalker.FoundFile]
        let reads: [CachedRead]
        let byPath: [String: Int]?

        init(files: [FileTreeWalker.FoundFile], reads: [CachedRead], for walked: [FileTreeWalker.FoundFile]) {
            self.files = files
            self.reads = reads
            let aligned = files.count == walked.count && zip(files, walked).allSatisfy { $0.path == $1.path }
            byPath = aligned ? nil : Dictionary(zip(files.map(\.path), files.indices), uniquingKeysWith: { first, _ in first })
        }

        func read(_ path: String, at index: Int) -> CachedRead? {
            if index < files.count, files[index].path == path { return reads[index] }
            return byPath?[path].map { reads[$0] }
        }
    }

    private struct State {
        /// The reads of `lastWalk`'s files, in their order.
        var reads: [CachedRead] = []
        /// Chains judged against the bundle beside them, by the fingerprints of both: re-judged only when either changes.
        var paths: [[String]: ChainPath.Outcome] = [:]
        var freshness = FreshErrorFilter()
        /// The walk behind `reads` and the report made from it, its fresh errors already handed out:
        /// when the next walk finds the same files with the same stamps, every read would be taken
        /// from `reads` again, so this report is the answer.
        var lastWalk: (files: [FileTreeWalker.FoundFile], problems: [SourceError], report: SourceReport)?
        /// Files actually opened and parsed since start (unchanged files are served from `reads`).
        var fileReads = 0
        /// Walks since start: a collection that finds nothing changed under its watch walks none.
        var walks = 0
        /// The last walk found no problem, every directory it depends on was already watched, and it
        /// began at `walkedAt`: until a watched directory changes, another walk would find the same.
        var settled = false
        var walkedAt = ContinuousClock.now

        mutating func noteWalk(settled: Bool, startedAt start: ContinuousClock.Instant) {
            walks += 1
            self.settled = settled
            walkedAt = start
        }

        /// The last walk's report, when nothing can have changed since and it is recent.
        func quietReport(now: ContinuousClock.Instant) -> SourceReport? {
            settled && now - walkedAt < FileSource.fullWalkInterval ? lastWalk?.report : nil
        }
    }

    /// How often a tree is walked although no change was reported: inotify does not see a change made
    /// by another machine on a network file system, or through a link into a directory not watched.
    static let fullWalkInterval = Duration.seconds(60)

    public let descriptor: SourceDescriptor
    public let options: Options
    private let state = Mutex(State())
    /// This source's directories in the process's inotify watch; nil where there is none.
    private let watchOwner = DirectoryWatcher.shared?.register()

    public init(descriptor: SourceDescriptor, options: Options) {
        self.descriptor = descriptor
        self.options = options
    }

    deinit {
        if let watchOwner { DirectoryWatcher.shared?.unregister(watchOwner) }
    }

    public var targets: [String] { options.paths }

    public func collect(_ context: CollectionContext) async -> SourceReport {
        // Nothing under the last walk changed (inotify says so), and it was recent: walking again, a stat
        // of every file, would find the same files with the same stamps.
        let start = ContinuousClock.now
        if let watcher = DirectoryWatcher.shared, let watchOwner, !watcher.takeChanged(watchOwner),
            let quiet = state.withLock({ $0.quietReport(now: start) })
        {
            return quiet
        }
        var walker = FileTreeWalker(limits: options.walkLimits, recordsWatch: watchOwner != nil)
        // The ca_file is read like any named file: re-read when it changes, its problems said, its roots watched.
        for path in options.paths + [options.caFile].compactMap({ $0 }) { walker.expand(path) }
        let settled = watch(walker)
        if let unchanged = state.withLock({ state in
            state.lastWalk.flatMap { $0.files == walker.files && $0.problems == walker.problems ? $0.report : nil }.map { report in
                state.noteWalk(settled: settled, startedAt: start)
                return report
            }
        }) {
            return unchanged
        }

        var report = SourceReport()
        var problems: [SourceError] = walker.problems
        var fileReads = 0
        let previous = state.withLock { state in
            PreviousReads(files: state.lastWalk?.files ?? [], reads: state.reads, for: walker.files)
        }
        let results = await readAll(walker.files, previous: previous, cache: context.parseCache)
        report.certificates.reserveCapacity(results.reduce(0) { $0 + ($1.ignored ? 0 : $1.certificates.count) })
        report.locations.reserveCapacity(results.count)
        for (index, (file, read)) in zip(walker.files, results).enumerated() {
            if read.stamp != previous.read(file.path, at: index)?.stamp { fileReads += 1 }
            if read.ignored { continue }
            for (index, summary) in read.certificates.enumerated() {
                report.certificates.append(
                    ObservedCertificate(location: file.path, chainIndex: index, summary: summary, signsWorkloads: index == read.issuingIndex)
                )
            }
            problems += read.problems
            if read.problems.isEmpty { report.locations.append(LocationStatus(location: file.path, isUp: true)) }
        }
        // A glob or directory that found files, none of them holding a certificate (only keys, say), is as
        // wrong as a named file without one: said, not a silent zero.
        for group in walker.groups where group.files.count > 0 && results[group.files].allSatisfy({ $0.certificates.isEmpty && $0.problems.isEmpty }) {
            let count = group.files.count
            problems.append(
                SourceError(
                    location: group.pattern, reason: .noCertificates,
                    message: "\(FileTreeWalker.hasGlobMeta(group.pattern) ? "matches" : "holds") \(count) file\(count == 1 ? "" : "s"), none with a certificate"
                )
            )
        }
        judgeBundles(&report, context: context)
        let failing = Set(problems.map(\.location))
        report.locations += failing.sorted().map { LocationStatus(location: $0, isUp: false) }
        report.showPaths()
        let fresh = state.withLock { state in
            state.reads = results
            state.fileReads += fileReads
            state.lastWalk = (walker.files.compacted(), walker.problems, report)
            state.noteWalk(settled: settled, startedAt: start)
            return state.freshness.fresh(problems)
        }
        report.freshErrors = fresh.map { SourceError(location: PathText.shown($0.location), reason: $0.reason, message: $0.message) }
        return report
    }

    var fileReadCount: Int { state.withLock { $0.fileReads } }
    var walkCount: Int { state.withLock { $0.walks } }

    /// Watches what this walk depended on. A directory new to the watch may have changed between its
    /// walk and now, so the source is settled only by a walk that added none.
    private func watch(_ walker: FileTreeWalker) -> Bool {
        // A walk with a problem (a missing path, a dangling link) is made again at every collection anyway.
        guard let watcher = DirectoryWatcher.shared, let watchOwner, walker.problems.isEmpty else { return false }
        let directories = walker.directories.union(walker.links.compactMap(FileSystem.linkTargetDirectory))
        let (complete, added) = watcher.watch(watchOwner, directories: directories)
        return complete && added == 0
    }

    /// Bundles are files with a bundle's name (`ca.crt`, `root-cert.pem`, `bundle.N.pem`, …) or marked
    /// `trust_bundle`; a chain file beside its bundle (`tls.crt` and `ca.crt`, `cert-chain.pem` and
    /// `root-cert.pem`, `svid.N.pem` and `bundle.N.pem`) is judged against it.
    private func judgeBundles(_ report: inout SourceReport, context: CollectionContext) {
        // Only the paths that are a bundle or are judged against one are grouped (and sorted): a file's
        // certificates come one after another in the report, and grouping all 50,000 paths in a map of
        // arrays was most of this (0.16 s of a cold scrape).
        var byPath: [String: [CertificateSummary]] = [:]
        var bundlePaths: Set<String> = []
        var judgedPaths: [String: String?] = [:]
        let certificates = report.certificates
        var start = certificates.startIndex
        while start < certificates.endIndex {
            let path = certificates[start].location
            var end = start + 1
            while end < certificates.endIndex && certificates[end].location == path { end += 1 }
            defer { start = end }
            let name = String(PathText.lastComponent(path))
            let bundle = TrustBundleNames.isBundleFile(name) || isMarked(path)
            let beside = TrustBundleNames.bundleFile(verifying: name).map { PathText.sibling(of: path, named: $0) }
            let judged = beside != nil || options.caFile != nil && !bundle
            guard bundle || judged else { continue }
            if bundle { bundlePaths.insert(path) }
            if judged { judgedPaths[path] = beside }
            byPath[path, default: []] += certificates[start..<end].map(\.summary)
        }
        for path in bundlePaths.sorted() {
            var bundle = ObservedBundle(location: path, certificates: byPath[path] ?? [])
            bundle.judgesIssuers = !TrustBundleNames.isOwnChainBundle(path) || isMarked(path)
            report.bundles.append(bundle)
        }
        let configured = options.caFile.flatMap { file in byPath[file].map { (file, $0) } }
        var outcomes: [[String]: ChainPath.Outcome] = [:]
        let previous = state.withLock { $0.paths }
        for (path, beside) in judgedPaths.sorted(by: { $0.key < $1.key }) {
            let chain = byPath[path] ?? []
            let bundlePath: String
            let anchors: [CertificateSummary]
            if let beside, let found = byPath[beside] {
                (bundlePath, anchors) = (beside, found)
            } else if let (caFile, roots) = configured, !bundlePaths.contains(path) {
                (bundlePath, anchors) = (caFile, roots)
            } else {
                continue
            }
            let key = chain.map(\.fingerprintSHA256) + ["|"] + anchors.map(\.fingerprintSHA256)
            guard let outcome = previous[key] ?? build(chainFile: path, bundleFile: bundlePath, cache: context.parseCache) else { continue }
            outcomes[key] = outcome
            report.chainPaths.append(ChainPath(location: path, bundleLocation: bundlePath, outcome: outcome))
        }
        state.withLock { $0.paths = outcomes }
    }

    /// Named a trust bundle in the configuration: the `ca_file`, or a `trust_bundle` pattern.
    private func isMarked(_ path: String) -> Bool {
        path == options.caFile || options.trustBundlePatterns.contains { fnmatch($0, path, 0) == 0 }
    }

    private func build(chainFile: String, bundleFile: String, cache: CertificateParseCache) -> ChainPath.Outcome? {
        guard case .success(let chainBytes) = FileSystem.read(chainFile, limit: options.maxFileSize),
            case .success(let bundleBytes) = FileSystem.read(bundleFile, limit: options.maxFileSize)
        else { return nil }
        let bundle = ChainPathBuilder.certificates(bundleBytes)
        return ChainPathBuilder.path(chain: ChainPathBuilder.certificates(chainBytes), bundles: [(bundleFile, bundle)], cache: cache)?.outcome
    }

    /// Reads (or takes from cache) every file, in order, spread over the cores: parsing thousands of
    /// sidecar bundles is CPU work.
    private func readAll(_ files: [FileTreeWalker.FoundFile], previous: PreviousReads, cache: CertificateParseCache) async -> [CachedRead] {
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, files.count / 64))
        guard workers > 1 else { return files.indices.map { read(files[$0], previous: previous.read(files[$0].path, at: $0), cache: cache) } }
        let chunk = (files.count + workers - 1) / workers
        return await withTaskGroup(of: (Int, [CachedRead]).self) { group in
            for start in stride(from: 0, to: files.count, by: chunk) {
                let slice = files[start..<min(start + chunk, files.count)]
                group.addTask { (start, slice.indices.map { self.read(slice[$0], previous: previous.read(slice[$0].path, at: $0), cache: cache) }) }
            }
            var parts: [(Int, [CachedRead])] = []
            for await part in group { parts.append(part) }
            var reads: [CachedRead] = []
            reads.reserveCapacity(files.count)
            for part in parts.sorted(by: { $0.0 < $1.0 }) { reads += part.1 }
            return reads
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
        let issuingIndex = MeshLayout.issuingIndex(file: file.path) { FileManager.default.fileExists(atPath: PathText.sibling(of: file.path, named: $0)) }
        return CachedRead(stamp: status.stamp, certificates: contents.certificates, problems: problems, ignored: false, issuingIndex: issuingIndex)
    }

    private func error(_ path: String, _ failure: FileSystem.Failure) -> SourceError {
        var message = failure.message
        if failure.reason == .notFound, FileSystem.isSymbolicLink(path), let target = FileSystem.linkTarget(path) {
            message = message == "is a symbolic link loop" ? message : "is a dangling symbolic link to \(target)"
        }
        return SourceError(location: path, reason: failure.reason, message: message)
    }
}
