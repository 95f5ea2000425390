/// Finds PEM blocks in a byte buffer without decoding them, so a private key block is passed over
/// as bytes and never becomes a key in memory.
struct PEMBlock {
    var label: String
    /// The base64 body, between the BEGIN and END lines.
    var body: Range<Int>
    /// 1-based line of the BEGIN line.
    var line: Int
    /// The END line is missing (a truncated file).
    var isTruncated: Bool
}

enum PEMScanner {
    private static let begin = Array("-----BEGIN ".utf8)
    private static let end = Array("-----END ".utf8)
    private static let dashes = Array("-----".utf8)

    static func looksLikePEM(_ bytes: [UInt8]) -> Bool {
        find(begin, in: bytes, from: 0) != nil
    }

    static func blocks(in bytes: [UInt8]) -> [PEMBlock] {
        var blocks: [PEMBlock] = []
        var cursor = 0
        var line = 1
        var lineCountedTo = 0
        func lineNumber(at position: Int) -> Int {
            for index in lineCountedTo..<position where bytes[index] == UInt8(ascii: "\n") { line += 1 }
            lineCountedTo = max(lineCountedTo, position)
            return line
        }
        while let start = find(begin, in: bytes, from: cursor) {
            let labelStart = start + begin.count
            guard let labelEnd = find(dashes, in: bytes, from: labelStart), !bytes[labelStart..<labelEnd].contains(UInt8(ascii: "\n")) else {
                cursor = labelStart
                continue
            }
            let label = String(decoding: bytes[labelStart..<labelEnd], as: UTF8.self)
            let beginLine = lineNumber(at: start)
            let bodyStart = labelEnd + dashes.count
            let endMarker = end + Array(label.utf8) + dashes
            // A following BEGIN before our END means this block was cut short.
            let nextBegin = find(begin, in: bytes, from: bodyStart) ?? bytes.count
            if let endStart = find(endMarker, in: bytes, from: bodyStart), endStart < nextBegin {
                blocks.append(PEMBlock(label: label, body: bodyStart..<endStart, line: beginLine, isTruncated: false))
                cursor = endStart + endMarker.count
            } else {
                blocks.append(PEMBlock(label: label, body: bodyStart..<nextBegin, line: beginLine, isTruncated: true))
                cursor = nextBegin
            }
        }
        return blocks
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        let last = haystack.count - needle.count
        var index = start
        while index <= last {
            if haystack[index] == first {
                var matched = true
                for offset in 1..<needle.count where haystack[index + offset] != needle[offset] {
                    matched = false
                    break
                }
                if matched { return index }
            }
            index += 1
        }
        return nil
    }
}
