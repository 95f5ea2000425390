import MeshCertCore

/// Writes the Prometheus text format (version 0.0.4): families sorted by name, samples sorted by
/// their escaped label text, label values escaped, no timestamps. Families without samples are left out.
public enum ExpositionEncoder {
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    public static func encode(_ families: [MetricFamily]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(families.reduce(0) { $0 + $1.samples.count } * 160 + 4096)
        for family in families.sorted(by: { $0.definition.name < $1.definition.name }) where !family.samples.isEmpty {
            let name = Array(family.definition.name.utf8)
            out.append(contentsOf: "# HELP ".utf8)
            out.append(contentsOf: name)
            out.append(0x20)
            appendEscaped(family.definition.help, quote: false, to: &out)
            out.append(contentsOf: "\n# TYPE ".utf8)
            out.append(contentsOf: name)
            out.append(0x20)
            out.append(contentsOf: family.definition.kind.rawValue.utf8)
            out.append(0x0a)

            var lines: [(labels: [UInt8], value: Double)] = family.samples.map { (labelText($0.labels), $0.value) }
            lines.sort { lhs, rhs in lhs.labels.lexicographicallyPrecedes(rhs.labels) }
            for line in lines {
                out.append(contentsOf: name)
                out.append(contentsOf: line.labels)
                out.append(0x20)
                appendValue(line.value, to: &out)
                out.append(0x0a)
            }
        }
        return out
    }

    static func labelText(_ labels: [LabelPair]) -> [UInt8] {
        guard !labels.isEmpty else { return [] }
        var text: [UInt8] = [UInt8(ascii: "{")]
        for (index, label) in labels.enumerated() {
            if index > 0 { text.append(UInt8(ascii: ",")) }
            text.append(contentsOf: label.name.utf8)
            text.append(contentsOf: "=\"".utf8)
            appendEscaped(label.value, quote: true, to: &text)
            text.append(UInt8(ascii: "\""))
        }
        text.append(UInt8(ascii: "}"))
        return text
    }

    /// `\` and newline always; `"` inside label values only (HELP text keeps its quotes).
    static func appendEscaped(_ text: String, quote: Bool, to out: inout [UInt8]) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\n"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\"") where quote: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            default: out.append(byte)
            }
        }
    }

    static func appendValue(_ value: Double, to out: inout [UInt8]) {
        if value.isNaN {
            out.append(contentsOf: "NaN".utf8)
        } else if value.isInfinite {
            out.append(contentsOf: (value > 0 ? "+Inf" : "-Inf").utf8)
        } else if value == value.rounded(), abs(value) < 1e15 {
            out.append(contentsOf: String(Int64(value)).utf8)
        } else {
            out.append(contentsOf: value.description.utf8)
        }
    }
}
