/// A line the parser could not use; the rest of the payload is still parsed.
public struct PrometheusParseIssue: Sendable, Equatable, CustomStringConvertible {
    /// Closed set of reasons; the raw values are fit to be label values of an errors-by-reason metric.
    public enum Reason: String, Sendable, CaseIterable, CustomStringConvertible {
        case invalidMetricName = "invalid_metric_name"
        case invalidLabelName = "invalid_label_name"
        case invalidLabelSyntax = "invalid_label_syntax"
        case unterminatedLabelValue = "unterminated_label_value"
        case unterminatedLabelSet = "unterminated_label_set"
        case duplicateLabelName = "duplicate_label_name"
        case invalidUTF8 = "invalid_utf8"
        case missingValue = "missing_value"
        case invalidValue = "invalid_value"
        case invalidTimestamp = "invalid_timestamp"
        case unexpectedContent = "unexpected_content"
        case malformedMetadata = "malformed_metadata"
        case unknownMetricType = "unknown_metric_type"
        case conflictingMetricType = "conflicting_metric_type"

        public var description: String {
            switch self {
            case .invalidMetricName: "metric name missing or has an invalid character"
            case .invalidLabelName: "label name missing or has an invalid character"
            case .invalidLabelSyntax: "label set is malformed (expected name=\"value\" separated by commas)"
            case .unterminatedLabelValue: "label value has no closing quote"
            case .unterminatedLabelSet: "label set has no closing brace"
            case .duplicateLabelName: "label name appears twice in one sample"
            case .invalidUTF8: "label value is not valid UTF-8"
            case .missingValue: "sample has no value"
            case .invalidValue: "sample value is not a number"
            case .invalidTimestamp: "timestamp is not a number"
            case .unexpectedContent: "unexpected content after the value and timestamp"
            case .malformedMetadata: "# HELP or # TYPE line without a valid metric name"
            case .unknownMetricType: "# TYPE names an unknown metric type"
            case .conflictingMetricType: "# TYPE repeats a family with a different type; the first is kept"
            }
        }
    }

    /// 1-based line number.
    public var line: Int
    /// 1-based byte column where the problem was found.
    public var column: Int
    public var reason: Reason

    public init(line: Int, column: Int, reason: Reason) {
        self.line = line
        self.column = column
        self.reason = reason
    }

    public var description: String { "line \(line), column \(column): \(reason.description)" }
}
