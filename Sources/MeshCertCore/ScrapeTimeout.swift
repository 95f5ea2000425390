import Foundation

/// How long one collection may take. Every number here comes from outside (a request header, the
/// configuration) and is brought into a bounded range before it becomes a deadline: no value traps.
public enum ScrapeTimeout {
    /// The shortest collection: a deadline under this could not read a single file on a loaded machine.
    public static let minimum: TimeInterval = 0.5
    /// The longest: Prometheus itself allows no scrape longer than its interval, and 5 minutes is far past any.
    public static let maximum: TimeInterval = 300
    /// What Prometheus needs to read the answer once it is written, as blackbox_exporter leaves it.
    public static let answerAllowance: TimeInterval = 0.5

    /// `X-Prometheus-Scrape-Timeout-Seconds`: a finite positive number of seconds (decimal, as
    /// Prometheus writes it), less the answer allowance; nil for anything else, so the configured
    /// timeout applies.
    public static func fromHeader(_ text: String) -> TimeInterval? {
        guard text.utf8.count <= 32, text.utf8.allSatisfy({ $0 == UInt8(ascii: ".") || ($0 >= 48 && $0 <= 57) || $0 == 32 }) else { return nil }
        guard let seconds = Double(text.trimmingCharacters(in: .whitespaces)), seconds.isFinite, seconds > 0 else { return nil }
        return clamped(seconds - answerAllowance)
    }

    /// Any timeout, into `minimum...maximum`.
    public static func clamped(_ seconds: TimeInterval) -> TimeInterval {
        guard !seconds.isNaN else { return maximum }
        return min(max(seconds, minimum), maximum)
    }
}
