#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds PEM blocks in a byte buffer without decoding them, so a private key block is passed over
/// as bytes and never becomes a key in memory.
///
/// One pass: every search is bounded by the next `-----BEGIN ` (or the end of the line, for a label),
/// so a file of BEGIN lines without END costs the same as reading it once, not once per line.
public enum PEMScanner {
    private static let begin = Array("-----BEGIN ".utf8)
    private static let end = Array("-----END ".utf8)
    private static let dashes = Array("-----".utf8)

    public static func looksLikePEM(_ bytes: [UInt8]) -> Bool {
        var examined = 0
        return find(begin, in: bytes, from: 0, to: bytes.count, examined: &examined) != nil
    }

    public static func blocks(in bytes: [UInt8]) -> [PEMBlock] {
        scan(bytes).blocks
    }

    /// The blocks and the number of bytes the searches looked at: tests bound the latter by a small
    /// multiple of the input, which is what "linear" means here.
    static func scan(_ bytes: [UInt8]) -> (blocks: [PEMBlock], bytesExamined: Int) {
        var blocks: [PEMBlock] = []
        var examined = 0
        var line = 1
        var lineCountedTo = 0
        func lineNumber(at position: Int) -> Int {
            if lineCountedTo < position {
                bytes.withUnsafeBufferPointer { bytes in
                    for index in lineCountedTo..<position where bytes[index] == UInt8(ascii: "\n") { line += 1 }
                }
            }
            examined += position - lineCountedTo
            lineCountedTo = max(lineCountedTo, position)
            return line
        }
        var nextBegin = find(begin, in: bytes, from: 0, to: bytes.count, examined: &examined)
        while let start = nextBegin {
            let labelStart = start + begin.count
            let lineEnd = find([UInt8(ascii: "\n")], in: bytes, from: labelStart, to: bytes.count, examined: &examined) ?? bytes.count
            guard let labelEnd = find(dashes, in: bytes, from: labelStart, to: lineEnd, examined: &examined) else {
                nextBegin = find(begin, in: bytes, from: labelStart, to: bytes.count, examined: &examined)
                continue
            }
            let label = String(decoding: bytes[labelStart..<labelEnd], as: UTF8.self)
            let beginLine = lineNumber(at: start)
            let bodyStart = labelEnd + dashes.count
            // A following BEGIN before our END means this block was cut short; the END is looked for
            // only up to there.
            nextBegin = find(begin, in: bytes, from: bodyStart, to: bytes.count, examined: &examined)
            let blockLimit = nextBegin ?? bytes.count
            if let endStart = findEnd(of: Array(label.utf8), in: bytes, from: bodyStart, to: blockLimit, examined: &examined) {
                blocks.append(PEMBlock(label: label, body: bodyStart..<endStart, line: beginLine, isTruncated: false))
            } else {
                blocks.append(PEMBlock(label: label, body: bodyStart..<blockLimit, line: beginLine, isTruncated: true))
            }
        }
        return (blocks, examined)
    }

    /// The first `-----END <label>-----` inside `start..<limit`. Looks for the fixed `-----END ` and then
    /// compares the label: a label holds no `-----`, so no comparison runs past the next END and a long
    /// label cannot make the search quadratic.
    private static func findEnd(of label: [UInt8], in bytes: [UInt8], from start: Int, to limit: Int, examined: inout Int) -> Int? {
        var cursor = start
        while let candidate = find(end, in: bytes, from: cursor, to: limit, examined: &examined) {
            var position = candidate + end.count
            var matched = true
            for byte in label + dashes {
                guard position < limit, bytes[position] == byte else {
                    matched = false
                    break
                }
                position += 1
            }
            examined += position - candidate - end.count
            if matched { return candidate }
            cursor = candidate + 1
        }
        return nil
    }

    /// The first `needle` that lies wholly inside `start..<limit`.
    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int, to limit: Int, examined: inout Int) -> Int? {
        guard let first = needle.first, start >= 0, limit <= haystack.count, limit - start >= needle.count else { return nil }
        let last = limit - needle.count
        var index = start
        defer { examined += index - start }
        // memchr for the first byte (the C library's, many bytes at a time), then the rest compared.
        return haystack.withUnsafeBufferPointer { haystack in
            needle.withUnsafeBufferPointer { needle in
                let base = haystack.baseAddress!
                while index <= last {
                    guard let found = memchr(base + index, Int32(first), last - index + 1) else {
                        index = last + 1
                        return nil
                    }
                    index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    if needle.count == 1 || memcmp(base + index + 1, needle.baseAddress! + 1, needle.count - 1) == 0 { return index }
                    index += 1
                }
                return nil
            }
        }
    }
}
