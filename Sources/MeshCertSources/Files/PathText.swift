import MeshCertCore

/// File names are bytes; Swift strings are Unicode. A name that is not valid UTF-8 keeps each stray
/// byte as a private-use scalar (U+10FF00 + byte), so it can be opened again exactly, and is shown
/// with `\xNN` escapes in labels and logs.
enum PathText {
    private static let base: UInt32 = 0x10FF00

    /// The name after the last `/` (the whole path when there is none). Foundation's `lastPathComponent`
    /// did this at a tenth of the speed, and the file source asks it of every file on every change.
    static func lastComponent(_ path: String) -> Substring {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return path[...] }
        return path[path.utf8.index(after: slash)...]
    }

    /// The file called `name` in the directory of `path`: `name` alone when `path` names no directory.
    static func sibling(of path: String, named name: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return name }
        return String(path[...slash]) + name
    }

    /// A name or path from the kernel's bytes, lossless.
    static func decode(_ bytes: [UInt8]) -> String {
        if let valid = String(validating: bytes, as: UTF8.self), !valid.unicodeScalars.contains(where: isByteScalar) { return valid }
        var scalars = String.UnicodeScalarView()
        var remaining = bytes[...]
        while let first = remaining.first {
            var decoder = UTF8()
            var iterator = remaining.makeIterator()
            if case .scalarValue(let scalar) = decoder.decode(&iterator) {
                scalars.append(scalar)
                remaining = remaining.dropFirst(UTF8.width(scalar))
            } else {
                // A byte that starts no valid sequence is kept as itself.
                if let scalar = Unicode.Scalar(base + UInt32(first)) { scalars.append(scalar) }
                remaining = remaining.dropFirst()
            }
        }
        return String(scalars)
    }

    /// Calls `body` with the path as the kernel must see it (stray bytes restored).
    static func withCString<Result>(_ path: String, _ body: (UnsafePointer<CChar>) -> Result) -> Result {
        guard path.unicodeScalars.contains(where: isByteScalar) else { return path.withCString(body) }
        var bytes: [CChar] = []
        for scalar in path.unicodeScalars {
            if isByteScalar(scalar) {
                bytes.append(CChar(bitPattern: UInt8(truncatingIfNeeded: scalar.value - base)))
            } else {
                bytes.append(contentsOf: String(scalar).utf8.map { CChar(bitPattern: $0) })
            }
        }
        bytes.append(0)
        return bytes.withUnsafeBufferPointer { buffer in buffer.baseAddress.map(body) ?? path.withCString(body) }
    }

    /// The path as it may be shown: stray bytes as `\xNN`.
    static func shown(_ path: String) -> String {
        // Stray bytes are scalars U+10FF80…U+10FFFF, whose UTF-8 begins with 0xF4: most paths have none.
        guard path.utf8.contains(0xF4), path.unicodeScalars.contains(where: isByteScalar) else { return path }
        var result = ""
        for scalar in path.unicodeScalars {
            if isByteScalar(scalar) {
                let byte = scalar.value - base
                result += "\\x" + (byte < 16 ? "0" : "") + String(byte, radix: 16)
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func isByteScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= base + 0x80 && scalar.value <= base + 0xFF
    }
}

extension SourceReport {
    /// Every location of a file-reading source as it may be shown (stray name bytes as `\xNN`).
    mutating func showPaths() {
        for index in certificates.indices { certificates[index].location = PathText.shown(certificates[index].location) }
        for index in locations.indices { locations[index].location = PathText.shown(locations[index].location) }
        for index in freshErrors.indices { freshErrors[index].location = PathText.shown(freshErrors[index].location) }
    }
}
