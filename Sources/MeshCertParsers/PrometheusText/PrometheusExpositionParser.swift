import Foundation

struct PrometheusExpositionParser {
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
