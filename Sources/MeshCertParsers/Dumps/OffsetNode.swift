import Yams

/// A Yams node from a piece of a larger document: its lines counted from the start of the whole file.
struct OffsetNode: DumpNode {
    let node: Yams.Node
    let offset: Int

    subscript(_ key: String) -> (any DumpNode)? {
        ((node as any DumpNode)[key] as? Yams.Node).map { OffsetNode(node: $0, offset: offset) }
    }

    var text: String? { node.text }

    var items: [any DumpNode]? {
        guard case .sequence(let sequence) = node else { return nil }
        return sequence.map { OffsetNode(node: $0, offset: offset) }
    }

    var entries: [(key: String, value: any DumpNode)]? {
        guard case .mapping(let mapping) = node else { return nil }
        return mapping.map { (key: $0.key.string ?? "", value: OffsetNode(node: $0.value, offset: offset) as any DumpNode) }
    }

    var line: Int? { node.line.map { $0 + offset } }
}
