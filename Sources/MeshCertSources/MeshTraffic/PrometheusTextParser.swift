import Foundation

/// One sample line of a Prometheus text exposition: `name{labels} value [timestamp]`.
public struct PrometheusSample: Sendable, Equatable {
    public var name: String
    public var labels: [String: String]
    public var value: Double

    public init(name: String, labels: [String: String] = [:], value: Double) {
        self.name = name
        self.labels = labels
        self.value = value
    }
}

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

/// The `# TYPE` of a family: the Prometheus text format's five plus OpenMetrics' additions.
public enum PrometheusMetricType: String, Sendable, CaseIterable {
    case counter, gauge, histogram, summary, untyped
    case unknown, gaugehistogram, stateset, info
}

/// What a payload held: its samples in payload order, the lines that could not be used, and each family's type.
public struct PrometheusTextPayload: Sendable, Equatable {
    public var samples: [PrometheusSample]
    public var issues: [PrometheusParseIssue]
    /// Family name, as written in `# TYPE`, to its type. A repeated family keeps its first type.
    public var types: [String: PrometheusMetricType]

    public init(
        samples: [PrometheusSample] = [],
        issues: [PrometheusParseIssue] = [],
        types: [String: PrometheusMetricType] = [:]
    ) {
        self.samples = samples
        self.issues = issues
        self.types = types
    }
}

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

// MARK: - Byte classes

private enum PrometheusByte {
    static let newline: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
    static let hash: UInt8 = 0x23
    static let quote: UInt8 = 0x22
    static let backslash: UInt8 = 0x5C
    static let openBrace: UInt8 = 0x7B
    static let closeBrace: UInt8 = 0x7D
    static let comma: UInt8 = 0x2C
    static let equals: UInt8 = 0x3D
    static let underscore: UInt8 = 0x5F
    static let colon: UInt8 = 0x3A
    static let plus: UInt8 = 0x2B
    static let minus: UInt8 = 0x2D
    static let dot: UInt8 = 0x2E
    static let zero: UInt8 = 0x30
    static let letterN: UInt8 = 0x6E

    @inline(__always) static func isBlank(_ b: UInt8) -> Bool { b == space || b == tab }
    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b &- zero < 10 }
    @inline(__always) static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) &- 0x61 < 26 }
    @inline(__always) static func isLabelNameStart(_ b: UInt8) -> Bool { isLetter(b) || b == underscore }
    @inline(__always) static func isLabelNameChar(_ b: UInt8) -> Bool { isLabelNameStart(b) || isDigit(b) }
    @inline(__always) static func isMetricNameStart(_ b: UInt8) -> Bool { isLabelNameStart(b) || b == colon }
    @inline(__always) static func isMetricNameChar(_ b: UInt8) -> Bool { isLabelNameChar(b) || b == colon }
}

// MARK: - Family filter

/// The kept family names as bytes, so a line is matched against them without building a String.
private struct PrometheusFamilyFilter {
    static let sampleSuffixes: [[UInt8]] = ["_total", "_bucket", "_count", "_sum", "_created", "_info", "_gcount", "_gsum"]
        .map { Array($0.utf8) }

    /// Which first bytes a kept sample name can start with; every other line is skipped on its first byte.
    private var firstBytes = [Bool](repeating: false, count: 256)
    private var sampleNames: [[UInt8]]
    private var familyNames: [[UInt8]]

    init(_ families: Set<String>) {
        sampleNames = families.map { Array($0.utf8) }.filter { !$0.isEmpty }
        var familyNames = sampleNames
        for name in sampleNames {
            for suffix in Self.sampleSuffixes where name.count > suffix.count && name.suffix(suffix.count) == suffix[...] {
                familyNames.append(Array(name.dropLast(suffix.count)))
            }
        }
        self.familyNames = familyNames
        for name in sampleNames { firstBytes[Int(name[0])] = true }
    }

    @inline(__always) func mayMatch(firstByte: UInt8) -> Bool { firstBytes[Int(firstByte)] }

    func matchesSample(_ start: UnsafePointer<UInt8>, count: Int) -> Bool {
        if Self.contains(sampleNames, start, count) { return true }
        for suffix in Self.sampleSuffixes where count > suffix.count {
            let baseCount = count - suffix.count
            let tail = suffix.withUnsafeBufferPointer { memcmp(start + baseCount, $0.baseAddress!, suffix.count) == 0 }
            if tail && Self.contains(sampleNames, start, baseCount) { return true }
        }
        return false
    }

    func matchesFamily(_ start: UnsafePointer<UInt8>, count: Int) -> Bool {
        Self.contains(familyNames, start, count)
    }

    private static func contains(_ names: [[UInt8]], _ start: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        for name in names where name.count == count {
            if name.withUnsafeBufferPointer({ memcmp($0.baseAddress!, start, count) == 0 }) { return true }
        }
        return false
    }
}

// MARK: - String interning

/// A direct-mapped cache from raw input bytes to the decoded String: label names and values repeat across
/// thousands of series, and reusing the String saves the allocation and the UTF-8 validation.
private struct PrometheusStringCache {
    private struct Entry {
        var offset: Int
        var count: Int
        var string: String
    }

    private static let slotCount = 4096
    private var entries: [Entry?] = Array(repeating: nil, count: slotCount)

    @inline(__always) func lookup(
        base: UnsafePointer<UInt8>, offset: Int, count: Int
    ) -> (slot: Int, string: String?) {
        let slot = Self.hash(base + offset, count) & (Self.slotCount - 1)
        if let entry = entries[slot], entry.count == count,
           entry.offset == offset || memcmp(base + entry.offset, base + offset, count) == 0
        {
            return (slot, entry.string)
        }
        return (slot, nil)
    }

    @inline(__always) mutating func store(slot: Int, offset: Int, count: Int, string: String) {
        entries[slot] = Entry(offset: offset, count: count, string: string)
    }

    /// FNV-1a over at most the first and last 16 bytes and the length: cheap, and enough to spread names and values.
    @inline(__always) private static func hash(_ p: UnsafePointer<UInt8>, _ count: Int) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(truncatingIfNeeded: count)
        let head = min(count, 16)
        for i in 0..<head { h = (h ^ UInt64(p[i])) &* 0x100_0000_01b3 }
        if count > 16 {
            for i in max(16, count - 16)..<count { h = (h ^ UInt64(p[i])) &* 0x100_0000_01b3 }
        }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }
}

// MARK: - Parser

private struct PrometheusExpositionParser {
    let base: UnsafePointer<UInt8>
    let count: Int
    let filter: PrometheusFamilyFilter?

    var samples: [PrometheusSample] = []
    var issues: [PrometheusParseIssue] = []
    var types: [String: PrometheusMetricType] = [:]

    private var lineNumber = 0
    private var lineStart = 0
    private var cache = PrometheusStringCache()
    private var lastName: (offset: Int, count: Int, string: String)?
    private var lastLabelCount = 0
    private var unescapeBuffer: [UInt8] = []

    init(base: UnsafePointer<UInt8>, count: Int, filter: PrometheusFamilyFilter?) {
        self.base = base
        self.count = count
        self.filter = filter
    }

    mutating func run() {
        // A byte-order mark, as an editor may leave at the start of a saved file.
        var start = count >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF ? 3 : 0
        while start < count {
            lineNumber += 1
            let lineEnd: Int
            if let newline = memchr(base + start, Int32(PrometheusByte.newline), count - start) {
                lineEnd = UnsafeRawPointer(newline) - UnsafeRawPointer(base)
            } else {
                lineEnd = count
            }
            parseLine(start, lineEnd)
            start = lineEnd + 1
        }
    }

    @inline(__always) private func byte(_ i: Int) -> UInt8 { base[i] }

    @inline(__always) private func skipBlanks(_ start: Int, _ end: Int) -> Int {
        var p = start
        while p < end, PrometheusByte.isBlank(base[p]) { p += 1 }
        return p
    }

    @inline(__always) private func skipToken(_ start: Int, _ end: Int) -> Int {
        var p = start
        while p < end, !PrometheusByte.isBlank(base[p]) { p += 1 }
        return p
    }

    /// The end of the line without trailing blanks and the `\r` of a CRLF line end.
    @inline(__always) private func trimmedEnd(_ start: Int, _ end: Int) -> Int {
        var end = end
        while end > start, PrometheusByte.isBlank(base[end - 1]) || base[end - 1] == PrometheusByte.carriageReturn {
            end -= 1
        }
        return end
    }

    private mutating func report(_ reason: PrometheusParseIssue.Reason, at position: Int) {
        issues.append(PrometheusParseIssue(line: lineNumber, column: position - lineStart + 1, reason: reason))
    }

    private mutating func parseLine(_ start: Int, _ lineEnd: Int) {
        lineStart = start
        let p = skipBlanks(start, lineEnd)
        guard p < lineEnd else { return }
        let first = byte(p)
        if first == PrometheusByte.hash {
            parseComment(p + 1, trimmedEnd(p, lineEnd))
            return
        }
        if let filter, !filter.mayMatch(firstByte: first) { return }
        let end = trimmedEnd(p, lineEnd)
        guard end > p else { return }  // a blank CRLF line
        parseSample(p, end)
    }

    // MARK: Comments, HELP and TYPE

    private mutating func parseComment(_ start: Int, _ end: Int) {
        var p = skipBlanks(start, end)
        let keywordStart = p
        p = skipToken(p, end)
        let keyword = UnsafeBufferPointer(start: base + keywordStart, count: p - keywordStart)
        let isType = keyword.elementsEqual("TYPE".utf8)
        guard isType || keyword.elementsEqual("HELP".utf8) else { return }  // plain comment, `# EOF`, `# UNIT`
        p = skipBlanks(p, end)
        let nameStart = p
        while p < end, PrometheusByte.isMetricNameChar(byte(p)) { p += 1 }
        let nameCount = p - nameStart
        if let filter, nameCount > 0, !filter.matchesFamily(base + nameStart, count: nameCount) { return }
        let nameIsValid = nameCount > 0 && PrometheusByte.isMetricNameStart(byte(nameStart))
        guard nameIsValid, p == end || PrometheusByte.isBlank(byte(p)) else {
            if filter == nil { report(.malformedMetadata, at: nameStart) }
            return
        }
        guard isType else { return }
        p = skipBlanks(p, end)
        let typeStart = p
        p = skipToken(p, end)
        let typeBytes = UnsafeBufferPointer(start: base + typeStart, count: p - typeStart)
        p = skipBlanks(p, end)
        guard !typeBytes.isEmpty, p == end else {
            report(.malformedMetadata, at: p)
            return
        }
        // The Go client library reads the type case-insensitively; so do we.
        guard let type = PrometheusMetricType(rawValue: String(decoding: typeBytes, as: UTF8.self).lowercased()) else {
            report(.unknownMetricType, at: typeStart)
            return
        }
        let family = String(decoding: UnsafeBufferPointer(start: base + nameStart, count: nameCount), as: UTF8.self)
        if let existing = types[family] {
            if existing != type { report(.conflictingMetricType, at: typeStart) }
        } else {
            types[family] = type
        }
    }

    // MARK: Samples

    private mutating func parseSample(_ start: Int, _ end: Int) {
        var p = start
        guard PrometheusByte.isMetricNameStart(byte(p)) else {
            report(.invalidMetricName, at: p)
            return
        }
        p += 1
        while p < end, PrometheusByte.isMetricNameChar(byte(p)) { p += 1 }
        let nameStart = start
        let nameCount = p - start
        if let filter, !filter.matchesSample(base + nameStart, count: nameCount) { return }

        if p < end, !PrometheusByte.isBlank(byte(p)), byte(p) != PrometheusByte.openBrace {
            report(.invalidMetricName, at: p)
            return
        }
        p = skipBlanks(p, end)  // the Go parser allows blanks before `{`
        var labels: [String: String] = [:]
        if p < end, byte(p) == PrometheusByte.openBrace {
            guard let afterLabels = parseLabels(from: p + 1, end, into: &labels) else { return }
            p = afterLabels
        }

        p = skipBlanks(p, end)
        guard p < end else {
            report(.missingValue, at: p)
            return
        }
        let valueStart = p
        p = skipToken(p, end)
        guard let value = parseNumber(valueStart, p) else {
            report(.invalidValue, at: valueStart)
            return
        }
        p = skipBlanks(p, end)
        if p < end, byte(p) != PrometheusByte.hash {
            let timestampStart = p
            p = skipToken(p, end)
            guard parseNumber(timestampStart, p) != nil else {
                report(.invalidTimestamp, at: timestampStart)
                return
            }
            p = skipBlanks(p, end)
        }
        // What may follow is an OpenMetrics exemplar (` # {trace_id="…"} 1`), which the mesh sources don't need.
        if p < end, byte(p) != PrometheusByte.hash {
            report(.unexpectedContent, at: p)
            return
        }
        samples.append(PrometheusSample(name: metricName(nameStart, nameCount), labels: labels, value: value))
    }

    private mutating func metricName(_ offset: Int, _ count: Int) -> String {
        if let last = lastName, last.count == count, memcmp(base + last.offset, base + offset, count) == 0 {
            return last.string
        }
        let name = String(decoding: UnsafeBufferPointer(start: base + offset, count: count), as: UTF8.self)
        lastName = (offset, count, name)
        return name
    }

    /// Parses `name="value", …}` starting after `{`; returns the position after `}`, or nil after reporting an issue.
    private mutating func parseLabels(from start: Int, _ end: Int, into labels: inout [String: String]) -> Int? {
        var p = start
        labels.reserveCapacity(min(lastLabelCount, 64))
        while true {
            p = skipBlanks(p, end)
            guard p < end else {
                report(.unterminatedLabelSet, at: p)
                return nil
            }
            if byte(p) == PrometheusByte.closeBrace { break }

            let nameStart = p
            guard PrometheusByte.isLabelNameStart(byte(p)) else {
                report(.invalidLabelName, at: p)
                return nil
            }
            p += 1
            while p < end, PrometheusByte.isLabelNameChar(byte(p)) { p += 1 }
            let nameCount = p - nameStart
            if p < end, !PrometheusByte.isBlank(byte(p)), byte(p) != PrometheusByte.equals {
                report(.invalidLabelName, at: p)
                return nil
            }
            p = skipBlanks(p, end)
            guard p < end, byte(p) == PrometheusByte.equals else {
                report(.invalidLabelSyntax, at: p)
                return nil
            }
            p += 1
            p = skipBlanks(p, end)
            guard p < end, byte(p) == PrometheusByte.quote else {
                report(.invalidLabelSyntax, at: p)
                return nil
            }
            let valueStart = p + 1
            guard let (valueEnd, hasEscape) = findClosingQuote(from: valueStart, end) else {
                report(.unterminatedLabelValue, at: p)
                return nil
            }
            guard let value = labelValue(valueStart, valueEnd, hasEscape: hasEscape) else {
                report(.invalidUTF8, at: valueStart)
                return nil
            }
            let name = internedASCII(nameStart, nameCount)
            if labels.updateValue(value, forKey: name) != nil {
                report(.duplicateLabelName, at: nameStart)
                return nil
            }
            p = valueEnd + 1

            p = skipBlanks(p, end)
            guard p < end else {
                report(.unterminatedLabelSet, at: p)
                return nil
            }
            if byte(p) == PrometheusByte.comma {
                p += 1
            } else if byte(p) != PrometheusByte.closeBrace {
                report(.invalidLabelSyntax, at: p)
                return nil
            }
        }
        lastLabelCount = labels.count
        return p + 1
    }

    /// The position of the quote closing a label value, and whether a backslash escape came before it.
    private func findClosingQuote(from start: Int, _ end: Int) -> (Int, Bool)? {
        guard start < end else { return nil }
        guard let rawQuote = memchr(base + start, Int32(PrometheusByte.quote), end - start) else { return nil }
        let quote = UnsafeRawPointer(rawQuote) - UnsafeRawPointer(base)
        if memchr(base + start, Int32(PrometheusByte.backslash), quote - start) == nil { return (quote, false) }
        var p = start
        while p < end {
            let b = byte(p)
            if b == PrometheusByte.backslash {
                p += 2
            } else if b == PrometheusByte.quote {
                return (p, true)
            } else {
                p += 1
            }
        }
        return nil
    }

    private mutating func labelValue(_ start: Int, _ end: Int, hasEscape: Bool) -> String? {
        let count = end - start
        if count == 0 { return "" }
        let (slot, cached) = cache.lookup(base: base, offset: start, count: count)
        if let cached { return cached }
        let decoded: String?
        if hasEscape {
            unescapeBuffer.removeAll(keepingCapacity: true)
            var p = start
            while p < end {
                let b = byte(p)
                if b == PrometheusByte.backslash, p + 1 < end {
                    let next = byte(p + 1)
                    switch next {
                    case PrometheusByte.backslash, PrometheusByte.quote: unescapeBuffer.append(next)
                    case PrometheusByte.letterN: unescapeBuffer.append(PrometheusByte.newline)
                    default: unescapeBuffer.append(b); unescapeBuffer.append(next)  // unknown escape kept as written
                    }
                    p += 2
                } else {
                    unescapeBuffer.append(b)
                    p += 1
                }
            }
            decoded = unescapeBuffer.withUnsafeBufferPointer(Self.validatedString)
        } else {
            decoded = Self.validatedString(UnsafeBufferPointer(start: base + start, count: count))
        }
        guard let decoded else { return nil }
        cache.store(slot: slot, offset: start, count: count, string: decoded)
        return decoded
    }

    /// `String(validating:as:)` would do, but needs macOS 15; the package supports macOS 14.
    private static func validatedString(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        if !bytes.allSatisfy({ $0 < 0x80 }) {
            var iterator = bytes.makeIterator()
            var utf8Parser = Unicode.UTF8.ForwardParser()
            scalars: while true {
                switch utf8Parser.parseScalar(from: &iterator) {
                case .valid: continue
                case .emptyInput: break scalars
                case .error: return nil
                }
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private mutating func internedASCII(_ start: Int, _ count: Int) -> String {
        let (slot, cached) = cache.lookup(base: base, offset: start, count: count)
        if let cached { return cached }
        let string = String(decoding: UnsafeBufferPointer(start: base + start, count: count), as: UTF8.self)
        cache.store(slot: slot, offset: start, count: count, string: string)
        return string
    }

    // MARK: Numbers

    private static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// Decimal numbers with at most 19 digits and a small exponent are computed exactly (Clinger's fast path);
    /// everything else (`+Inf`, `NaN`, long mantissas, hex) goes through the standard library.
    private func parseNumber(_ start: Int, _ end: Int) -> Double? {
        guard start < end else { return nil }
        var p = start
        var negative = false
        if byte(p) == PrometheusByte.minus || byte(p) == PrometheusByte.plus {
            negative = byte(p) == PrometheusByte.minus
            p += 1
        }
        var mantissa: UInt64 = 0
        var digitCount = 0
        var exponent = 0
        var sawDigit = false
        while p < end, PrometheusByte.isDigit(byte(p)) {
            guard digitCount < 19 else { return slowNumber(start, end) }
            mantissa = mantissa &* 10 &+ UInt64(byte(p) &- PrometheusByte.zero)
            if mantissa != 0 { digitCount += 1 }
            sawDigit = true
            p += 1
        }
        if p < end, byte(p) == PrometheusByte.dot {
            p += 1
            while p < end, PrometheusByte.isDigit(byte(p)) {
                guard digitCount < 19 else { return slowNumber(start, end) }
                mantissa = mantissa &* 10 &+ UInt64(byte(p) &- PrometheusByte.zero)
                if mantissa != 0 { digitCount += 1 }
                exponent -= 1
                sawDigit = true
                p += 1
            }
        }
        guard sawDigit else { return slowNumber(start, end) }
        if p < end, byte(p) | 0x20 == 0x65 {  // e or E
            p += 1
            var exponentNegative = false
            if p < end, byte(p) == PrometheusByte.minus || byte(p) == PrometheusByte.plus {
                exponentNegative = byte(p) == PrometheusByte.minus
                p += 1
            }
            guard p < end else { return nil }
            var written = 0
            while p < end, PrometheusByte.isDigit(byte(p)) {
                if written < 100_000 { written = written * 10 + Int(byte(p) &- PrometheusByte.zero) }
                p += 1
            }
            guard p == end, PrometheusByte.isDigit(byte(end - 1)) else { return nil }
            exponent += exponentNegative ? -written : written
        }
        guard p == end else { return slowNumber(start, end) }
        if mantissa == 0 { return negative ? -0.0 : 0.0 }
        guard mantissa <= 1 << 53, exponent >= -22, exponent <= 22 else { return slowNumber(start, end) }
        var value = Double(mantissa)
        value = exponent < 0 ? value / Self.powersOfTen[-exponent] : value * Self.powersOfTen[exponent]
        return negative ? -value : value
    }

    private func slowNumber(_ start: Int, _ end: Int) -> Double? {
        // Numbers are short; longer tokens are not numbers and would only cost a large String.
        guard end - start <= 512 else { return nil }
        let text = String(decoding: UnsafeBufferPointer(start: base + start, count: end - start), as: UTF8.self)
        return Double(text)
    }
}
