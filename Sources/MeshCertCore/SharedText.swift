import Synchronization

/// Text that many certificates hold alike, held once: the issuer name and key identifier of every
/// leaf a CA signed, the usual extended key usages. 50,000 leaves of 100 CAs held their issuer
/// 50,000 times. Kept by a parse cache, emptied when it sweeps: what was shared stays shared, and
/// what is parsed later shares anew.
public final class SharedText: Sendable {
    private struct Kept {
        var strings: Set<String> = []
        var bytes: Set<[UInt8]> = []
        var lists: Set<[String]> = []
    }

    private let kept = Mutex(Kept())

    public init() {}

    /// Strings of 15 UTF-8 bytes or fewer are held inline and are never shared storage.
    public func string(_ text: String) -> String {
        guard text.utf8.count > 15 else { return text }
        return kept.withLock { $0.strings.insert(text).memberAfterInsert }
    }

    public func bytes(_ bytes: [UInt8]?) -> [UInt8]? {
        guard let bytes, !bytes.isEmpty else { return bytes }
        return kept.withLock { $0.bytes.insert(bytes).memberAfterInsert }
    }

    public func list(_ list: [String]?) -> [String]? {
        guard let list, !list.isEmpty else { return list }
        return kept.withLock { $0.lists.insert(list).memberAfterInsert }
    }

    public func removeAll() {
        kept.withLock { $0 = Kept() }
    }
}
