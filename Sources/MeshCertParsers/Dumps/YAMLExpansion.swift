import Yams

/// Counts the nodes of a composed YAML document as the extractors would walk them, aliases
/// expanded, without expanding them: Yams shares an anchored node with its aliases, so each anchored
/// node's size is counted once and reused. Work is linear in the document, whatever it expands to.
struct YAMLExpansion {
    /// Nodes with aliases expanded, saturating just above the limit it was asked about.
    private(set) var expandedNodes = 0
    /// Nodes written in the document (each anchored node once).
    private(set) var writtenNodes = 0
    private var sizes: [String: Int] = [:]
    private let cap: Int

    /// Whether walking `node` would visit more than `writtenNodes + extraLimit` nodes.
    static func exceeds(_ node: Node, extraLimit: Int) -> Bool {
        var expansion = YAMLExpansion(cap: Int.max / 4)
        expansion.expandedNodes = expansion.size(of: node)
        return expansion.expandedNodes - expansion.writtenNodes > extraLimit
    }

    private init(cap: Int) {
        self.cap = cap
    }

    private mutating func size(of node: Node) -> Int {
        // An anchored node and every alias of it have the same anchor and start mark.
        let key = node.anchor.map { "\($0.rawValue)@\(node.mark?.line ?? 0):\(node.mark?.column ?? 0)" }
        if let key, let known = sizes[key] { return known }
        writtenNodes += 1
        var total = 1
        switch node {
        case .scalar: break
        case .alias: break
        case .sequence(let sequence):
            for child in sequence { total = min(cap, total + size(of: child)) }
        case .mapping(let mapping):
            for (name, value) in mapping { total = min(cap, total + size(of: name) + size(of: value)) }
        }
        if let key { sizes[key] = total }
        return total
    }
}
