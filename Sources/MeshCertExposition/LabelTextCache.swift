import MeshCertCore
import NIOCore
import Synchronization

/// What the exposition keeps from one scrape to the next:
/// - the escaped identity label text of each certificate series: a certificate whose labels did not
///   change is not escaped again;
/// - the certificate families that do not change with every scrape (the expiry state included: it
///   changes where a threshold is crossed), as text, in blocks of certificates: a block whose
///   certificates, rotation counts and states did not change is not written again;
/// - the chain families whole while the snapshot's revision holds.
/// Entries of certificates that are gone are dropped.
public final class LabelTextCache: Sendable {
    /// A class: handed to several families per certificate, a copy is one retain.
    final class Texts: Sendable {
        let summary: CertificateSummary
        let layer: HierarchyLayer
        let attributes: DumpAttributes
        let collectors: ExpositionCollectors
        /// `{source=…,layer=…}`, shared by every certificate family.
        let identity: [UInt8]

        init(
            summary: CertificateSummary, layer: HierarchyLayer, attributes: DumpAttributes, collectors: ExpositionCollectors,
            identity: [UInt8]
        ) {
            self.summary = summary
            self.layer = layer
            self.attributes = attributes
            self.collectors = collectors
            self.identity = identity
        }
    }

    /// The last scrape's certificates in order: most scrapes see the same ones in the same order,
    /// so the entry at the same position is tried before any hashing.
    private struct Previous {
        var identities: [CertificateIdentity] = []
        var texts: [Texts] = []
        /// The snapshot's `certificatesRevision` these texts were made for.
        var revision: UInt64?
        var collectors: ExpositionCollectors?
    }

    private let previous = Mutex(Previous())

    /// Families whose samples depend on the certificates alone, kept with the revision they were built for.
    enum StableGroup: Sendable {
        case chains
    }

    private struct StableFamilies {
        var revision: UInt64
        var collectors: ExpositionCollectors?
        var families: [MetricFamily]
    }

    private let stable = Mutex<[StableGroup: StableFamilies]>([:])

    /// What a kept certificate line depends on besides its texts.
    private struct BlockValue: Equatable {
        var rotations: Int
        var state: ExpiryState
    }

    /// Sample lines of the kept certificate families for a run of certificates, one text per family.
    private struct EncodedBlock {
        /// The certificates' texts: the same objects mean the same summaries, layers and labels.
        var texts: [Texts]
        var values: [BlockValue]
        var lines: [EncodedLines]
    }

    /// Blocks by the identity of their first certificate, with the switches they were written under.
    private let blocks = Mutex<(collectors: ExpositionCollectors?, byFirst: [CertificateIdentity: EncodedBlock])>((nil, [:]))

    /// Certificates per block, at least and at most (the last place of a block is not split); a block
    /// ends where a place whose name hashes to a multiple of `boundaryEvery` begins. Boundaries depend on the places, not on positions: a
    /// certificate added or removed changes its own block, not every block after it.
    static let blockMinimum = 32
    static let blockMaximum = 4096
    static let boundaryEvery = 256

    private let written = Atomic<Int>(0)
    /// Blocks written since start (kept ones not counted): how tests see that a kept block was kept.
    var blocksWritten: Int { written.load(ordering: .relaxed) }

    /// The `meshcert_source_up` and `meshcert_source_last_change_timestamp_seconds` lines of each
    /// source, with the places they were written for. A source that read nothing new hands back the
    /// same array, and comparing it with itself is one check.
    private struct PlaceLines {
        var kind: SourceKind
        var locations: [LocationStatus]
        var lines: [EncodedLines]
    }

    private let places = Mutex<[String: PlaceLines]>([:])

    /// When a scraper last asked for plain text.
    private let lastPlainScrape = Mutex<ContinuousClock.Instant?>(nil)
    /// How long plain text is kept beside the deflated form after a scraper asked for it.
    public static let plainKeptFor: Duration = .seconds(600)

    public init() {}

    /// Says how a scrape was answered, after it was. After a gzip answer, kept lines drop their plain
    /// text unless a scraper asked for plain text within `plainKeptFor`: where only Prometheus scrapes,
    /// the exporter holds its kept text deflated (a twentieth of the size).
    public func settle(answeredPlain: Bool, at now: ContinuousClock.Instant = .now) {
        if answeredPlain {
            lastPlainScrape.withLock { $0 = now }
            return
        }
        guard !plainWanted(at: now) else { return }
        for lines in keptLines() { lines.dropPlain() }
    }

    /// A scraper asked for plain text within `plainKeptFor`. When none did, a gzip answer may drop each
    /// kept piece's plain text as soon as it has sent its deflated form, so that the first gzip answer
    /// does not hold both forms of everything at its end.
    public func plainWanted(at now: ContinuousClock.Instant = .now) -> Bool {
        guard let last = lastPlainScrape.withLock({ $0 }) else { return false }
        return now - last < Self.plainKeptFor
    }

    /// Every kept piece of text.
    func keptLines() -> [EncodedLines] {
        var all = blocks.withLock { $0.byFirst.values.flatMap(\.lines) }
        all += stable.withLock { $0.values.flatMap { $0.families.flatMap(\.encoded) } }
        all += places.withLock { $0.values.flatMap(\.lines) }
        return all
    }

    /// Each source's place lines, in `sources`' order: kept ones where the places are the same, else `make`'s.
    func placeLines(_ sources: [SourceHealth], make: (SourceHealth) -> [EncodedLines]) -> [[EncodedLines]] {
        let kept = places.withLock { places in
            defer { places = [:] }
            return places
        }
        var current: [String: PlaceLines] = [:]
        let lines = sources.map { source in
            let name = source.descriptor.name
            if let previous = kept[name], previous.kind == source.descriptor.kind, previous.locations == source.locations {
                current[name] = previous
                return previous.lines
            }
            let made = PlaceLines(kind: source.descriptor.kind, locations: source.locations, lines: make(source))
            current[name] = made
            return made.lines
        }
        places.withLock { $0 = current }
        return lines
    }

    /// The stable families' lines for `certificates` in `order`, block by block (one array per block,
    /// one text per family in it), reusing every block whose certificates are the same as when it was
    /// written; `encode` writes the others.
    func encodedBlocks(
        _ certificates: [JudgedCertificate], order: [Int], texts: [Texts], collectors: ExpositionCollectors,
        encode: @Sendable (Range<Int>) -> [[UInt8]]
    ) -> [[EncodedLines]] {
        var kept = blocks.withLock { blocks in
            defer { blocks = (nil, [:]) }
            return blocks
        }
        if kept.collectors != collectors { kept.byFirst = [:] }
        let ranges = Self.blockRanges(certificates, order: order)
        var found: [(first: CertificateIdentity, texts: [Texts], values: [BlockValue], block: EncodedBlock?)] = []
        found.reserveCapacity(ranges.count)
        var unwritten: [Int] = []
        for (index, positions) in ranges.enumerated() {
            let first = certificates[order[positions.lowerBound]].identity
            let blockTexts = positions.map { texts[order[$0]] }
            let values = positions.map { BlockValue(rotations: certificates[order[$0]].rotations, state: certificates[order[$0]].state) }
            if let previous = kept.byFirst[first], previous.values == values, previous.texts.count == blockTexts.count,
                zip(previous.texts, blockTexts).allSatisfy({ $0 === $1 })
            {
                found.append((first, blockTexts, values, previous))
            } else {
                found.append((first, blockTexts, values, nil))
                unwritten.append(index)
            }
        }
        let fresh = Self.write(unwritten.map { ranges[$0] }, encode: encode)
        written.add(unwritten.count, ordering: .relaxed)
        for (index, lines) in zip(unwritten, fresh) {
            found[index].block = EncodedBlock(texts: found[index].texts, values: found[index].values, lines: lines)
        }
        var current: [CertificateIdentity: EncodedBlock] = [:]
        current.reserveCapacity(found.count)
        var lines: [[EncodedLines]] = []
        lines.reserveCapacity(found.count)
        for (first, _, _, block) in found {
            current[first] = block!
            lines.append(block!.lines)
        }
        blocks.withLock { $0 = (collectors, current) }
        return lines
    }

    /// Writes blocks, on every core when there are many: a first scrape of 100,000 certificates writes
    /// about 800, and each block is text of its own.
    private static func write(_ ranges: [Range<Int>], encode: @Sendable (Range<Int>) -> [[UInt8]]) -> [[EncodedLines]] {
        InParts.map(ranges[...], threshold: 4) { ranges in ranges.map { encode($0).map(EncodedLines.init) } }
    }

    /// Positions in `order` cut into blocks, at boundaries set by the places themselves.
    static func blockRanges(_ certificates: [JudgedCertificate], order: [Int]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        for position in order.indices.dropFirst() {
            let size = position - start
            guard size >= blockMinimum else { continue }
            let location = certificates[order[position]].identity.location
            let newPlace = location != certificates[order[position - 1]].identity.location
            // Cut only where a place begins: a place's certificates change together.
            if newPlace && (size >= blockMaximum || location.hashValue & (boundaryEvery - 1) == 0) {
                ranges.append(start..<position)
                start = position
            }
        }
        if start < order.count { ranges.append(start..<order.count) }
        return ranges
    }

    /// The group's families for this revision: the kept ones, or `make`'s, kept for next time.
    func families(
        _ group: StableGroup, revision: UInt64?, collectors: ExpositionCollectors?, make: () -> [MetricFamily]
    ) -> [MetricFamily] {
        if let revision, let kept = stable.withLock({ $0[group] }), kept.revision == revision, kept.collectors == collectors {
            return kept.families
        }
        // Kept as text: while the revision holds, a scrape hands these buffers over without writing a line.
        let families = make().map { family in
            guard !family.samples.isEmpty else { return family }
            var lines: [UInt8] = []
            ExpositionEncoder.appendSamples(family.definition, ExpositionEncoder.sortedByLabels(family)[...], to: &lines)
            return MetricFamily(family.definition, encoded: family.encoded + [EncodedLines(lines)])
        }
        stable.withLock { $0[group] = revision.map { StableFamilies(revision: $0, collectors: collectors, families: families) } }
        return families
    }

    /// The label texts for these certificates, in their order, reusing what is unchanged. The same
    /// `revision` as last time means the same certificates with the same labels: nothing is compared.
    func texts(
        for certificates: [JudgedCertificate], revision: UInt64?, collectors: ExpositionCollectors, make: (JudgedCertificate) -> Texts
    ) -> [Texts] {
        let previous = self.previous.withLock { previous in
            defer { previous = Previous() }
            return previous
        }
        if let revision, previous.revision == revision, previous.collectors == collectors, previous.texts.count == certificates.count {
            self.previous.withLock { $0 = previous }
            return previous.texts
        }
        var byIdentity: [CertificateIdentity: Texts]?
        var current = Previous(revision: revision, collectors: collectors)
        current.identities.reserveCapacity(certificates.count)
        current.texts.reserveCapacity(certificates.count)
        for (index, certificate) in certificates.enumerated() {
            var cached: Texts?
            if index < previous.identities.count, previous.identities[index] == certificate.identity {
                cached = previous.texts[index]
            } else {
                if byIdentity == nil {
                    byIdentity = Dictionary(zip(previous.identities, previous.texts), uniquingKeysWith: { first, _ in first })
                }
                cached = byIdentity?[certificate.identity]
            }
            let texts: Texts
            if let cached, cached.summary === certificate.summary, cached.layer == certificate.layer, cached.collectors == collectors,
                cached.attributes == certificate.attributes
            {
                texts = cached
            } else {
                texts = make(certificate)
            }
            current.identities.append(certificate.identity)
            current.texts.append(texts)
        }
        self.previous.withLock { $0 = current }
        return current.texts
    }
}
