public struct JSONTreeParser {
    public struct Failure: Error {
        public var message: String
        public var line: Int
    }

    private let bytes: [UInt8]
    /// Receives the elements of a top-level object's `items` array one by one, so a 20,000-secret
    /// List is never held as a tree: only the current item is.
    private let itemSink: ((JSONTree) -> Void)?
    private var index = 0
    private var line = 1
    private var depth = 0
    private static let maxDepth = 512

    /// The whole document; with `items`, a top-level `items` array is handed over element by element
    /// and comes back empty in the tree.
    public static func parse(_ bytes: [UInt8], items: ((JSONTree) -> Void)? = nil) throws(Failure) -> JSONTree {
        var parser = JSONTreeParser(bytes: bytes, itemSink: items)
        parser.skipWhitespace()
        let value = try parser.value()
        parser.skipWhitespace()
        guard parser.index == bytes.count else { throw parser.failure("unexpected data after the JSON value") }
        return value
    }

    private init(bytes: [UInt8], itemSink: ((JSONTree) -> Void)?) {
        self.bytes = bytes
        self.itemSink = itemSink
    }

    private func failure(_ message: String) -> Failure {
        Failure(message: message, line: line)
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x0a: line += 1
            case 0x20, 0x09, 0x0d: break
            default: return
            }
            index += 1
        }
    }

    private mutating func value() throws(Failure) -> JSONTree {
        guard index < bytes.count else { throw failure("unexpected end of the document") }
        let startLine = line
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string(), line: startLine)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null(line: startLine)
        case UInt8(ascii: "t"):
            try literal("true")
            return .scalar("true", line: startLine)
        case UInt8(ascii: "f"):
            try literal("false")
            return .scalar("false", line: startLine)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let start = index
            while index < bytes.count, "+-0123456789.eE".utf8.contains(bytes[index]) { index += 1 }
            return .scalar(String(decoding: bytes[start..<index], as: UTF8.self), line: startLine)
        default:
            throw failure("unexpected character '\(Self.describe(bytes[index]))'")
        }
    }

    private mutating func literal(_ word: StaticString) throws(Failure) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count,
            bytes[index..<(index + count)].elementsEqual(UnsafeBufferPointer(start: word.utf8Start, count: count))
        else { throw failure("unexpected character '\(Self.describe(bytes[index]))'") }
        index += count
    }

    private mutating func object() throws(Failure) -> JSONTree {
        let startLine = line
        try enter()
        index += 1
        var members: [(key: String, value: JSONTree)] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(members, line: startLine)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw failure("expected a quoted key") }
            let key = try string()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw failure("expected ':' after the key \"\(key)\"") }
            index += 1
            skipWhitespace()
            if depth == 1, key == "items", let itemSink, index < bytes.count, bytes[index] == UInt8(ascii: "[") {
                members.append((key, try array(streamingTo: itemSink)))
            } else {
                members.append((key, try value()))
            }
            skipWhitespace()
            guard index < bytes.count else { throw failure("unexpected end of the document inside an object") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "}") else { throw failure("expected ',' or '}' in an object") }
            index += 1
            depth -= 1
            return .object(members, line: startLine)
        }
    }

    private mutating func array(streamingTo sink: ((JSONTree) -> Void)? = nil) throws(Failure) -> JSONTree {
        let startLine = line
        try enter()
        index += 1
        var values: [JSONTree] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array(values, line: startLine)
        }
        while true {
            skipWhitespace()
            if let sink { sink(try value()) } else { values.append(try value()) }
            skipWhitespace()
            guard index < bytes.count else { throw failure("unexpected end of the document inside an array") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "]") else { throw failure("expected ',' or ']' in an array") }
            index += 1
            depth -= 1
            return .array(values, line: startLine)
        }
    }

    private mutating func enter() throws(Failure) {
        depth += 1
        if depth > Self.maxDepth { throw failure("nested deeper than \(Self.maxDepth) levels") }
    }

    private mutating func string() throws(Failure) -> String {
        index += 1  // opening quote
        let start = index
        // Fast path: no escapes (base64 bodies, names).
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                defer { index += 1 }
                return String(decoding: bytes[start..<index], as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte == 0x0a { throw failure("a string runs past the end of its line") }
            index += 1
        }
        var out = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { break }
                let escaped = bytes[index]
                index += 1
                switch escaped {
                case UInt8(ascii: "n"): out.append(0x0a)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0d)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0c)
                case UInt8(ascii: "u"):
                    out.append(contentsOf: try unicodeEscape().utf8)
                default: out.append(escaped)  // \" \\ \/
                }
            case 0x0a:
                throw failure("a string runs past the end of its line")
            default:
                out.append(byte)
                index += 1
            }
        }
        throw failure("a string has no closing quote")
    }

    /// The scalar of a `\uXXXX` escape (the `\u` already read), joining a surrogate pair. A lone or
    /// reversed surrogate becomes U+FFFD (no trap on `\ud800\u0041`); an escape after a high surrogate
    /// that is not a low one is left to be read as its own character.
    private mutating func unicodeEscape() throws(Failure) -> Unicode.Scalar {
        let high = try hex4()
        guard (0xd800..<0xdc00).contains(high) else { return Unicode.Scalar(high) ?? "\u{fffd}" }
        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else { return "\u{fffd}" }
        let afterHigh = index
        index += 2
        let low = try hex4()
        guard (0xdc00..<0xe000).contains(low) else {
            index = afterHigh
            return "\u{fffd}"
        }
        return Unicode.Scalar(0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00)) ?? "\u{fffd}"
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        guard index + 4 <= bytes.count else { throw failure("a \\u escape is cut short") }
        var value: UInt32 = 0
        for byte in bytes[index..<(index + 4)] {
            value <<= 4
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value |= UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value |= UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value |= UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw failure("a \\u escape has a non-hex digit")
            }
        }
        index += 4
        return value
    }

    private static func describe(_ byte: UInt8) -> String {
        (0x21..<0x7f).contains(byte) ? String(UnicodeScalar(byte)) : "\\u{\(String(byte, radix: 16))}"
    }
}
