import Foundation

/// The kept family names as bytes, so a line is matched against them without building a String.
struct PrometheusFamilyFilter {
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
            let tail = suffix.withUnsafeBufferPointer { suffix in suffix.baseAddress.map { memcmp(start + baseCount, $0, suffix.count) == 0 } ?? false }
            if tail && Self.contains(sampleNames, start, baseCount) { return true }
        }
        return false
    }

    func matchesFamily(_ start: UnsafePointer<UInt8>, count: Int) -> Bool {
        Self.contains(familyNames, start, count)
    }

    private static func contains(_ names: [[UInt8]], _ start: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        for name in names where name.count == count {
            if name.withUnsafeBufferPointer({ $0.baseAddress.map { memcmp($0, start, count) == 0 } ?? (count == 0) }) { return true }
        }
        return false
    }
}
