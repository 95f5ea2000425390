/// One element of a DER buffer: its one-byte tag and where its header and contents are.
struct DERElement {
    var tag: UInt8
    /// The first byte of the header (the tag).
    var start: Int
    /// The first byte of the contents.
    var contentStart: Int
    /// One past the last byte of the contents.
    var end: Int

    var isEmpty: Bool { contentStart == end }
    var contentCount: Int { end - contentStart }
}

/// Walks DER elements by the rules swift-asn1's DER parser enforces (definite, minimal lengths; no
/// `[UNIVERSAL 0]`), and refuses what it would take the long way round: a multi-byte tag, or a length
/// over 2^32. Refusing is never wrong here: the caller then uses the full parser.
struct DERCursor {
    let bytes: [UInt8]
    private(set) var position: Int
    let end: Int

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.position = 0
        self.end = bytes.count
    }

    /// The contents of a constructed element.
    init(_ bytes: [UInt8], inside element: DERElement) {
        self.bytes = bytes
        self.position = element.contentStart
        self.end = element.end
    }

    var isAtEnd: Bool { position == end }

    /// The tag of the next element without reading it.
    var nextTag: UInt8? { position < end ? bytes[position] : nil }

    mutating func next() -> DERElement? {
        let start = position
        guard end - start >= 2 else { return nil }
        let tag = bytes[start]
        // Long-form tags, and [UNIVERSAL 0] which swift-asn1 rejects as end-of-contents.
        guard tag & 0x1f != 0x1f, tag & 0xdf != 0 else { return nil }
        let first = bytes[start + 1]
        var index = start + 2
        var length = 0
        if first < 0x80 {
            length = Int(first)
        } else {
            let octets = Int(first & 0x7f)
            // 0x80 is the indefinite form; more than four octets is no certificate.
            guard octets >= 1, octets <= 4, end - index >= octets else { return nil }
            for _ in 0..<octets {
                length = length << 8 | Int(bytes[index])
                index += 1
            }
            // DER: the fewest octets, and the short form below 128.
            guard length >= 0x80, length >> (8 * (octets - 1)) != 0 else { return nil }
        }
        guard end - index >= length else { return nil }
        position = index + length
        return DERElement(tag: tag, start: start, contentStart: index, end: index + length)
    }

    /// The next element if it has this tag.
    mutating func next(_ tag: UInt8) -> DERElement? {
        guard nextTag == tag else { return nil }
        return next()
    }
}
