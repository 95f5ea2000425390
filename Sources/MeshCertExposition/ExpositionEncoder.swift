import Foundation
import MeshCertCore

/// Writes the Prometheus text format (version 0.0.4): families sorted by name, samples sorted by
/// their escaped label text, label values escaped, no timestamps. Families without samples are left out.
public enum ExpositionEncoder {
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    public static func encode(_ families: [MetricFamily]) -> [UInt8] {
        var out: [UInt8] = []
        for family in ordered(families) { encode(family, into: &out) }
        return out
    }

    /// The families in output order, empty ones left out: for writing one family at a time,
    /// so a scrape never holds the whole 50 MB answer twice.
    public static func ordered(_ families: [MetricFamily]) -> [MetricFamily] {
        families.filter { !$0.isEmpty }.sorted { $0.definition.name < $1.definition.name }
    }

    public static func encode(_ family: MetricFamily, into out: inout [UInt8]) {
        for piece in pieces(family) { append(piece, of: family.definition, to: &out) }
    }

    /// Part of one family's answer: the header goes before the first.
    public struct Piece: Sendable {
        public enum Content: Sendable {
            /// Samples to encode now.
            case samples(ArraySlice<MetricSample>)
            /// Sample lines encoded before, to be written as they are.
            case encoded(EncodedLines)
        }

        public var header: Bool
        public var content: Content
    }

    /// A family in pieces of at most `size` samples (or one encoded block each), header first: what
    /// a streaming writer sends.
    public static func pieces(_ family: MetricFamily, size: Int = 4096) -> [Piece] {
        let samples = sortedByLabels(family)
        var pieces = stride(from: 0, to: samples.count, by: size).map { start in
            Piece(header: start == 0, content: .samples(samples[start..<min(start + size, samples.count)]))
        }
        for block in family.encoded { pieces.append(Piece(header: pieces.isEmpty, content: .encoded(block))) }
        return pieces
    }

    /// The piece's text: its header when it is the first, then its sample lines.
    public static func append(_ piece: Piece, of definition: MetricDefinition, to out: inout [UInt8]) {
        if piece.header { appendHeader(definition, to: &out) }
        switch piece.content {
        case .samples(let samples): appendSamples(definition, samples, to: &out)
        case .encoded(let lines): out.append(contentsOf: lines.plain.readableBytesView)
        }
    }

    public static func appendHeader(_ definition: MetricDefinition, to out: inout [UInt8]) {
        out.append(contentsOf: "# HELP ".utf8)
        out.append(contentsOf: definition.name.utf8)
        out.append(0x20)
        appendEscaped(definition.help, quote: false, to: &out)
        out.append(contentsOf: "\n# TYPE ".utf8)
        out.append(contentsOf: definition.name.utf8)
        out.append(0x20)
        out.append(contentsOf: definition.kind.rawValue.utf8)
        out.append(0x0a)
    }

    /// One sample line: `name` is the family's name as bytes, `labelText` the escaped `{…}`.
    static func appendSample(name: [UInt8], labelText: [UInt8], value: Double, to out: inout [UInt8]) {
        out.append(contentsOf: name)
        labelText.withUnsafeBufferPointer { out.append(contentsOf: $0) }
        out.append(0x20)
        appendValue(value, to: &out)
        out.append(0x0a)
    }

    public static func appendSamples(_ definition: MetricDefinition, _ samples: ArraySlice<MetricSample>, to out: inout [UInt8]) {
        let name = Array(definition.name.utf8)
        out.reserveCapacity(out.count + samples.reduce(0) { $0 + $1.labelText.count } + samples.count * (name.count + 24))
        // Through the buffer: a copy of each sample would retain and release its label text.
        samples.withUnsafeBufferPointer { samples in
            for index in samples.indices {
                out.append(contentsOf: name)
                samples[index].labelText.withUnsafeBufferPointer { out.append(contentsOf: $0) }
                out.append(0x20)
                appendValue(samples[index].value, to: &out)
                out.append(0x0a)
            }
        }
    }

    /// The family with its samples in output order, marked so that it is not checked again: for
    /// families kept from one scrape to the next.
    static func sortedFamily(_ family: MetricFamily) -> MetricFamily {
        var sorted = family
        sorted.samples = sortedByLabels(family.samples)
        sorted.samplesSorted = true
        return sorted
    }

    static func sortedByLabels(_ family: MetricFamily) -> [MetricSample] {
        family.samplesSorted ? family.samples : sortedByLabels(family.samples)
    }

    /// Families built from certificates already in identity order come out sorted: check in one pass
    /// and only sort when they are not.
    static func sortedByLabels(_ samples: [MetricSample]) -> [MetricSample] {
        var sorted = true
        for index in samples.indices.dropFirst() where !precedes(samples[index - 1].labelText, samples[index].labelText) {
            sorted = false
            break
        }
        return sorted ? samples : samples.sorted { precedes($0.labelText, $1.labelText) }
    }

    static func precedes(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        lhs.withUnsafeBufferPointer { left in
            rhs.withUnsafeBufferPointer { right in
                let common = min(left.count, right.count)
                let order = common == 0 ? 0 : memcmp(left.baseAddress!, right.baseAddress!, common)
                return order != 0 ? order < 0 : left.count < right.count
            }
        }
    }

    public static func labelText(_ labels: [LabelPair]) -> [UInt8] {
        guard !labels.isEmpty else { return [] }
        // Room for the text as it is (escapes are rare) made once: kept per certificate, a text grown by
        // doubling held up to twice its bytes.
        var text: [UInt8] = []
        text.reserveCapacity(labels.reduce(2) { $0 + $1.name.utf8.count + $1.value.utf8.count + 4 })
        text.append(UInt8(ascii: "{"))
        appendLabels(labels, to: &text)
        text.append(UInt8(ascii: "}"))
        return text
    }

    /// `a="b",c="d"` without braces, for building one label text from several parts.
    static func appendLabels(_ labels: [LabelPair], to text: inout [UInt8]) {
        for (index, label) in labels.enumerated() {
            if index > 0 { text.append(UInt8(ascii: ",")) }
            text.append(contentsOf: label.name.utf8)
            text.append(contentsOf: [UInt8(ascii: "="), UInt8(ascii: "\"")])
            appendEscaped(label.value, quote: true, to: &text)
            text.append(UInt8(ascii: "\""))
        }
    }

    /// `\` and newline always; `"` inside label values only (HELP text keeps its quotes).
    static func appendEscaped(_ text: String, quote: Bool, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            var clean = true
            for byte in bytes where byte == UInt8(ascii: "\\") || byte == 0x0a || (quote && byte == UInt8(ascii: "\"")) {
                clean = false
                break
            }
            if clean {
                out.append(contentsOf: bytes)
                return
            }
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                case 0x0a: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                case UInt8(ascii: "\"") where quote: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
                default: out.append(byte)
                }
            }
        }
    }

    static func appendValue(_ value: Double, to out: inout [UInt8]) {
        if value.isNaN {
            out.append(contentsOf: "NaN".utf8)
        } else if value.isInfinite {
            out.append(contentsOf: (value > 0 ? "+Inf" : "-Inf").utf8)
        } else if value == value.rounded(), abs(value) < 1e15 {
            appendInteger(Int64(value), to: &out)
        } else {
            out.append(contentsOf: value.description.utf8)
        }
    }

    static func appendInteger(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[19 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            out.append(contentsOf: buffer[(20 - count)...])
        }
    }
}
