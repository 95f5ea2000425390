import Foundation

/// Durations as operators write them: `90s`, `15m`, `4h`, `30d`, `2w`, `2y`, and sums like `1d12h`
/// (Prometheus' syntax; a year is 365 days).
public enum DurationText {
    /// The longest duration accepted: 1000 years. Anything longer is a typo, and bounding it keeps
    /// every later conversion (to `Duration`, to whole seconds or milliseconds) from trapping.
    public static let maximumSeconds: TimeInterval = 1000 * 365 * 86_400

    /// The duration in seconds, or nil when the text is not one or is longer than `maximumSeconds`.
    public static func parse(_ text: String) -> TimeInterval? {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return nil }
        var total: Double = 0
        var index = 0
        while index < bytes.count {
            var number: Double = 0
            var sawDigit = false
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                number = number * 10 + Double(bytes[index] - 48)
                sawDigit = true
                index += 1
            }
            guard sawDigit, index < bytes.count else { return nil }
            let unit: Double
            if bytes[index] == UInt8(ascii: "m"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "s") {
                unit = 0.001
                index += 2
            } else {
                switch bytes[index] {
                case UInt8(ascii: "s"): unit = 1
                case UInt8(ascii: "m"): unit = 60
                case UInt8(ascii: "h"): unit = 3600
                case UInt8(ascii: "d"): unit = 86_400
                case UInt8(ascii: "w"): unit = 7 * 86_400
                case UInt8(ascii: "y"): unit = 365 * 86_400
                default: return nil
                }
                index += 1
            }
            total += number * unit
            guard total.isFinite, total <= maximumSeconds else { return nil }
        }
        return total
    }

    /// The two largest units, e.g. `29d 23h`, `3h 59m`, `45s`; a minus sign once past.
    public static func format(_ seconds: TimeInterval) -> String {
        guard !seconds.isNaN else { return "NaN" }
        let sign = seconds < 0 ? "-" : ""
        // Clamped so a date from a hostile certificate cannot trap the conversion to Int.
        var rest = Int(min(abs(seconds), 1e15).rounded(.down))
        let units: [(String, Int)] = [("y", 365 * 86_400), ("d", 86_400), ("h", 3600), ("m", 60), ("s", 1)]
        var parts: [String] = []
        for (name, size) in units where rest >= size || (name == "s" && parts.isEmpty) {
            parts.append("\(rest / size)\(name)")
            rest %= size
            if parts.count == 2 { break }
        }
        if parts.count == 2, parts[1].hasPrefix("0") { parts.removeLast() }
        return sign + parts.joined(separator: " ")
    }
}
