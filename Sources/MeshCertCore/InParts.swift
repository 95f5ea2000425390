import Foundation
import Synchronization

/// Independent work over many items, spread on every core: the items in contiguous parts, one part per
/// core, the parts' results joined in the items' order. Below `threshold` items it runs on the caller's
/// thread. Used where one collection or scrape has thousands of items that do not depend on one another:
/// `stat`s of a directory's names, blocks of exposition text, `check`'s JSON lines, pieces to deflate.
public enum InParts {
    public static func map<Item: Sendable, Output: Sendable>(
        _ items: ArraySlice<Item>, threshold: Int, _ transform: @Sendable (ArraySlice<Item>) -> [Output]
    ) -> [Output] {
        let parts = items.count >= threshold ? min(items.count, ProcessInfo.processInfo.activeProcessorCount) : 1
        guard parts > 1 else { return transform(items) }
        let size = (items.count + parts - 1) / parts
        let results = Mutex<[Int: [Output]]>([:])
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let start = items.startIndex + min(part * size, items.count)
            let end = items.startIndex + min((part + 1) * size, items.count)
            let done = transform(items[start..<end])
            results.withLock { $0[part] = done }
        }
        return results.withLock { results in
            var joined: [Output] = []
            joined.reserveCapacity((0..<parts).reduce(0) { $0 + (results[$1]?.count ?? 0) })
            for part in 0..<parts { joined += results[part] ?? [] }
            return joined
        }
    }

    public static func forEach<Item: Sendable>(_ items: ArraySlice<Item>, threshold: Int, _ body: @Sendable (Item) -> Void) {
        _ = map(items, threshold: threshold) { part -> [Bool] in
            part.forEach(body)
            return []
        }
    }
}
