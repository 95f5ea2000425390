import Foundation

/// A direct-mapped cache from raw input bytes to the decoded String: label names and values repeat across
/// thousands of series, and reusing the String saves the allocation and the UTF-8 validation.
struct PrometheusStringCache {
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
