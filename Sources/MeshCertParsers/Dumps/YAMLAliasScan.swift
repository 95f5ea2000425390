/// A look at YAML text for aliases (`*name`) before Yams composes it, in one pass over the bytes.
///
/// It over-approximates: a `*` where a node may start counts as an alias even inside a quoted or
/// block scalar. A false "has aliases" costs only a whole-document read and an expansion count; a
/// false "alias as key" refuses a document no Kubernetes tool writes.
struct YAMLAliasScan {
    /// Some node may be an alias: items cannot be composed one by one (an alias may name an anchor
    /// in another item), and the expansion must be counted.
    var hasAliases = false
    /// An alias used as a mapping key (`*a: x`, `? *a`, `[*a]: x`): Yams hashes every key whole while
    /// composing, so such a key would expand before any bound could be checked.
    var hasAliasKey = false

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        var previous: UInt8 = 0x0a  // the last byte that is not a space or tab, on this line
        var sawExplicitKey = false
        var sawFlowKey = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0x0a:
                previous = 0x0a
                index += 1
                continue
            case 0x20, 0x09:
                index += 1
                continue
            case UInt8(ascii: "*") where Self.nodeMayStart(after: previous):
                var end = index + 1
                while end < bytes.count, Self.isAnchorCharacter(bytes[end]) { end += 1 }
                if end > index + 1 {
                    hasAliases = true
                    var next = end
                    while next < bytes.count, bytes[next] == 0x20 || bytes[next] == 0x09 { next += 1 }
                    if next < bytes.count, bytes[next] == UInt8(ascii: ":") { hasAliasKey = true }
                    if previous == UInt8(ascii: "?") { hasAliasKey = true }
                }
                previous = UInt8(ascii: "*")
                index = end
                continue
            case UInt8(ascii: ":") where previous == UInt8(ascii: "]") || previous == UInt8(ascii: "}"):
                sawFlowKey = true
            case UInt8(ascii: "?") where Self.nodeMayStart(after: previous):
                sawExplicitKey = true
            default: break
            }
            previous = byte
            index += 1
        }
        // A complex key (`? …` on its own lines, or a flow collection as key) may hold an alias anywhere.
        if hasAliases && (sawExplicitKey || sawFlowKey) { hasAliasKey = true }
    }

    private static func nodeMayStart(after byte: UInt8) -> Bool {
        switch byte {
        case 0x0a, UInt8(ascii: "-"), UInt8(ascii: ":"), UInt8(ascii: "?"), UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: ","): true
        default: false
        }
    }

    /// libyaml's anchor names: letters, digits, `-` and `_`.
    private static func isAnchorCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "-"), UInt8(ascii: "_"):
            true
        default: false
        }
    }
}
