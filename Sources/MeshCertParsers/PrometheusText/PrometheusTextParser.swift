import Foundation

/// Parses the Prometheus text exposition format (0.0.4) and the OpenMetrics text a mesh proxy may serve.
///
/// Works on UTF-8 bytes; never throws and never traps on any input: a bad line becomes a
/// `PrometheusParseIssue` with its line number and the next line is parsed. `# EOF` is read as a comment and
/// the lines after it are still parsed, because pilot-agent's merged endpoint concatenates expositions.
/// Timestamps and OpenMetrics exemplars are checked and dropped: the consumers judge time by their own clock.
public enum PrometheusTextParser {
    /// Parses every line of the payload.
    public static func parse(_ bytes: some Collection<UInt8>) -> PrometheusTextPayload {
        parse(bytes, filter: nil)
    }

    /// Parses only the samples of the named families; other lines are skipped before any label parsing,
    /// so neither their samples nor their issues are reported.
    ///
    /// A sample is kept when its name is one of `families`, or one of them followed by `_bucket`, `_count`,
    /// `_sum`, `_total`, `_created`, `_info`, `_gcount` or `_gsum` (so a histogram family keeps its series,
    /// and an OpenMetrics counter family `foo` keeps `foo_total`). `types` holds only the matching families.
    public static func parse(
        _ bytes: some Collection<UInt8>, keepingFamilies families: Set<String>
    ) -> PrometheusTextPayload {
        parse(bytes, filter: PrometheusFamilyFilter(families))
    }

    private static func parse(_ bytes: some Collection<UInt8>, filter: PrometheusFamilyFilter?) -> PrometheusTextPayload {
        if let payload = bytes.withContiguousStorageIfAvailable({ parseBuffer($0, filter: filter) }) {
            return payload
        }
        let copy = Array(bytes)
        return copy.withUnsafeBufferPointer { parseBuffer($0, filter: filter) }
    }

    private static func parseBuffer(
        _ buffer: UnsafeBufferPointer<UInt8>, filter: PrometheusFamilyFilter?
    ) -> PrometheusTextPayload {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return PrometheusTextPayload() }
        var parser = PrometheusExpositionParser(base: base, count: buffer.count, filter: filter)
        parser.run()
        return PrometheusTextPayload(samples: parser.samples, issues: parser.issues, types: parser.types)
    }
}
