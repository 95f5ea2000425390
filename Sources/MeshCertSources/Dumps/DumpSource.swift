import Foundation
import MeshCertCore
import MeshCertParsers
import Synchronization

/// Certificates and PeerAuthentications from files platform teams already have: `kubectl get
/// secrets,configmaps -A -o yaml|json`, `kubectl get peerauthentication -A -o yaml`,
/// `istioctl proxy-config secret -o json`, Envoy and ztunnel config dumps. The format is found from
/// the content. No cluster credentials needed; a dump is re-read only when the file changes.
public final class DumpSource: CertificateSource {
    public struct Options: Sendable, Hashable {
        /// Dump files, directories of them (`.json`, `.yaml`, `.yml`) or globs.
        public var paths: [String]
        public var maxFileSize: Int
        /// How deep and how wide directory walks and globs may go.
        public var walkLimits = WalkLimits()
        /// Secret and ConfigMap keys read as certificates (fnmatch patterns); private-key names never are.
        public var keyPatterns: [String]
        public var meshRootNamespace: String

        /// The file is held whole while its items are parsed one at a time: this bounds those bytes.
        /// 256 MiB takes a 50,000-secret `kubectl get secrets -A -o json` (180 MB; 420 MB peak RSS).
        public static let defaultMaxFileSize = 256 << 20
        /// Certificate files by their usual names, PKCS#7 bundles included.
        public static let defaultKeyPatterns = ["*.crt", "*.pem", "*.cer", "*.p7b", "*.p7c"]

        public init(
            paths: [String], maxFileSize: Int = Options.defaultMaxFileSize, keyPatterns: [String] = Options.defaultKeyPatterns,
            meshRootNamespace: String = "istio-system"
        ) {
            self.paths = paths
            self.maxFileSize = maxFileSize
            self.keyPatterns = keyPatterns
            self.meshRootNamespace = meshRootNamespace
        }
    }

    private struct CachedDump {
        var stamp: FileStamp?
        var report: SourceReport
    }

    private struct State {
        var dumps: [String: CachedDump] = [:]
        var freshness = FreshErrorFilter()
    }

    public let descriptor: SourceDescriptor
    public let options: Options
    private let state = Mutex(State())
    /// Per dump file: what its last read judged, so a rewritten dump checks only the chains that changed.
    private let pathMemos = Mutex<[String: ChainPathMemo]>([:])

    public init(descriptor: SourceDescriptor, options: Options) {
        self.descriptor = descriptor
        self.options = options
    }

    public var targets: [String] { options.paths }

    public func collect(_ context: CollectionContext) async -> SourceReport {
        var walker = FileTreeWalker(extensions: FileTreeWalker.documentExtensions, limits: options.walkLimits)
        for path in options.paths { walker.expand(path) }
        let previous = state.withLock { $0.dumps }
        var dumps: [String: CachedDump] = [:]
        var report = SourceReport()
        var problems = walker.problems
        var seenLocations: Set<String> = []
        for file in walker.files {
            let dump = read(file.path, previous: previous[file.path], cache: context.parseCache)
            dumps[file.path] = dump
            var part = dump.report
            // Two dumps naming the same secret (two clusters' backups in one source): keep both apart.
            let clashes = Set(part.locations.map(\.location)).intersection(seenLocations)
            if !clashes.isEmpty {
                let prefix = Self.dumpName(file.path) + ":"
                for index in part.certificates.indices where clashes.contains(part.certificates[index].location) {
                    part.certificates[index].location = prefix + part.certificates[index].location
                }
                for index in part.locations.indices where clashes.contains(part.locations[index].location) {
                    part.locations[index].location = prefix + part.locations[index].location
                }
                func renamed(_ location: String) -> String { clashes.contains(location) ? prefix + location : location }
                for index in part.bundles.indices {
                    part.bundles[index].location = renamed(part.bundles[index].location)
                    part.bundles[index].servesLocation = part.bundles[index].servesLocation.map(renamed)
                }
                for index in part.chainPaths.indices {
                    part.chainPaths[index].location = renamed(part.chainPaths[index].location)
                    part.chainPaths[index].bundleLocation = renamed(part.chainPaths[index].bundleLocation)
                }
            }
            seenLocations.formUnion(part.locations.map(\.location))
            report.certificates += part.certificates
            report.locations += part.locations
            report.policies += part.policies
            report.bundles += part.bundles
            report.chainPaths += part.chainPaths
            problems += part.freshErrors
        }
        let failing = Set(walker.problems.map(\.location))
        report.locations += failing.sorted().map { LocationStatus(location: $0, isUp: false) }
        report.freshErrors = state.withLock { state in
            state.dumps = dumps
            return state.freshness.fresh(problems)
        }
        report.showPaths()
        return report
    }

    /// Reads and extracts one dump, or returns the cached result when the file is unchanged.
    /// The cached report's `freshErrors` holds all of the dump's problems; freshness is judged later.
    private func read(_ path: String, previous: CachedDump?, cache: CertificateParseCache) -> CachedDump {
        let stamp = try? FileSystem.status(path).get().stamp
        if let stamp, let previous, previous.stamp == stamp { return previous }
        func failed(_ reason: SourceErrorReason, _ message: String) -> CachedDump {
            CachedDump(
                stamp: stamp,
                report: SourceReport(
                    locations: [LocationStatus(location: path, isUp: false)],
                    freshErrors: [SourceError(location: path, reason: reason, message: message)]
                )
            )
        }
        let bytes: [UInt8]
        switch FileSystem.read(path, limit: options.maxFileSize) {
        case .success(let read): bytes = read
        case .failure(let failure):
            let message = failure.reason == .tooLarge ? failure.message + " (max_file_size); not read" : failure.message
            return failed(failure.reason, message)
        }
        var report: SourceReport
        let memo = pathMemos.withLock { memos in
            if let known = memos[path] { return known }
            let made = ChainPathMemo()
            memos[path] = made
            return made
        }
        defer { memo.endRead() }
        switch Self.extract(bytes, name: Self.dumpName(path), place: path, options: options, sourceKind: descriptor.kind, cache: cache, memo: memo) {
        case .success(let extracted): report = extracted
        case .failure(let failure): return failed(failure.reason, failure.message)
        }
        // The dump file itself: read, and when it was last written (a dump job that stopped shows its age).
        report.locations.append(
            LocationStatus(location: path, isUp: true, lastChange: stamp.map { Date(timeIntervalSince1970: Double($0.modified) / 1e9) })
        )
        return CachedDump(stamp: stamp, report: report)
    }

    /// One document's certificates, bundles, policies and problems: a dump file's, or a SPIFFE bundle fetched
    /// over HTTPS. `name` prefixes proxy-dump locations; `place` is named in messages.
    static func extract(
        _ bytes: [UInt8], name: String, place path: String, options: Options, sourceKind: SourceKind, cache: CertificateParseCache,
        spiffeLocation: String? = nil, memo: ChainPathMemo? = nil
    ) -> Result<SourceReport, SourceError> {
        func failed(_ reason: SourceErrorReason, _ message: String) -> Result<SourceReport, SourceError> {
            .failure(SourceError(location: path, reason: reason, message: message))
        }
        var extractor = DumpExtractor(
            options: .init(keyPatterns: options.keyPatterns, meshRootNamespace: options.meshRootNamespace), dumpName: name,
            spiffeLocation: spiffeLocation
        )
        var report = SourceReport()
        var entryKinds: [String: SourceKind] = [:]
        let parsed = ChainPathBuilder.ParsedCache()
        // Each item's certificates are read as soon as the item is parsed, and its decoded bytes dropped.
        let failure = DumpParser.read(bytes) { node in
            extractor.visit(node)
            Self.judgeBundles(extractor.contents.entries, cache: cache, parsed: parsed, memo: memo, into: &report)
            for entry in extractor.contents.entries where !entry.bundleOnly {
                guard entryKinds.updateValue(entry.kind, forKey: entry.location) == nil else {
                    // One object listed twice (two dumps concatenated): one series, and the dump is named as odd.
                    extractor.note([SourceError(location: entry.location, reason: .duplicate, message: "is listed more than once; the first is read")])
                    continue
                }
                let bundle = CertificateBundleReader.read(entry.bytes, cache: cache)
                for (index, summary) in bundle.certificates.enumerated() {
                    report.certificates.append(
                        ObservedCertificate(
                            location: entry.location, chainIndex: index, summary: summary, attributes: entry.attributes, kind: entry.kind,
                            signsWorkloads: index == entry.issuingIndex
                        )
                    )
                }
                extractor.note(bundle.problems.map { SourceError(location: entry.location, reason: $0.reason, message: $0.message) })
            }
            extractor.clearEntries()
        }
        if let failure { return failed(.badDocument, failure.message) }
        let contents = extractor.contents
        if contents.objectsRead == 0 {
            return failed(.noCertificates, "holds no Secret, ConfigMap, PeerAuthentication, proxy secret dump or SPIFFE bundle")
        }
        report.policies = contents.policies
        var problems = contents.problems
        problems = problems.map { problem in
            var named = problem
            named.message += " (in \(path))"
            return named
        }
        // A duplicate is worth a count and a log line, not a location that is down: its first copy was read.
        let failing = Set(problems.filter { $0.reason != .duplicate }.map(\.location))
        report.locations = Set(entryKinds.keys).union(failing).sorted().map {
            LocationStatus(location: $0, isUp: !failing.contains($0), kind: entryKinds[$0].flatMap { $0 == sourceKind ? nil : $0 })
        }
        report.freshErrors = problems
        return .success(report)
    }

    /// One object's trust bundles, and its chains judged against them (a proxy's `default` against its
    /// `ROOTCA`, a secret's `tls.crt` against its `ca.crt`). Only these entries are parsed a second time.
    private static func judgeBundles(
        _ entries: [DumpEntry], cache: CertificateParseCache, parsed: ChainPathBuilder.ParsedCache, memo: ChainPathMemo?,
        into report: inout SourceReport
    ) {
        guard entries.contains(where: { $0.bundle != nil }) else { return }
        var bundles: [String: [ChainPathBuilder.Parsed]] = [:]
        var bundleBytes: [String: [UInt8]] = [:]
        for entry in entries {
            guard let role = entry.bundle else { continue }
            let certificates = ChainPathBuilder.certificates(entry.bytes, cache: parsed)
            bundles[entry.location] = certificates
            bundleBytes[entry.location] = entry.bytes
            var bundle = ObservedBundle(
                location: entry.location, kind: entry.kind, certificates: certificates.compactMap { try? cache.summary(der: $0.der).get() },
                trustDomain: role.trustDomain, servesLocation: role.servesLocation, sequence: role.sequence, refreshHint: role.refreshHint
            )
            bundle.judgesIssuers = !TrustBundleNames.isOwnChainBundle(entry.location)
            report.bundles.append(bundle)
        }
        for entry in entries where !entry.verifiedBy.isEmpty {
            let candidates = entry.verifiedBy.compactMap { location in bundles[location].map { (location, $0) } }
            func build() -> ChainPath? {
                ChainPathBuilder.path(chain: ChainPathBuilder.certificates(entry.bytes, cache: parsed), bundles: candidates, cache: cache)
            }
            var path: ChainPath
            if let memo {
                // The bundle a path ends at is its first candidate unless it names another one.
                var bundleLocation = candidates.first?.0 ?? ""
                let key = ChainPathMemo.key(chain: entry.bytes, bundles: candidates.compactMap { bundleBytes[$0.0] })
                guard let outcome = memo.outcome(key, otherwise: { build().map { built in bundleLocation = built.bundleLocation; return built.outcome } })
                else { continue }
                path = ChainPath(location: entry.location, bundleLocation: bundleLocation, outcome: outcome)
            } else {
                guard let built = build() else { continue }
                path = built
            }
            path.location = entry.location
            report.chainPaths.append(path)
        }
    }

    /// `/backups/istio-proxy-abc.json` → `istio-proxy-abc`: the `<dump>` part of a proxy dump's location.
    static func dumpName(_ path: String) -> String {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = file.lastIndex(of: "."), dot != file.startIndex else { return file }
        return String(file[..<dot])
    }
}
