import Yams

extension Yams.Node: DumpNode {
    public subscript(_ key: String) -> (any DumpNode)? {
        guard case .mapping(let mapping) = self else { return nil }
        for (name, value) in mapping where name.string == key {
            if case .scalar(let scalar) = value, scalar.style == .plain, ["null", "Null", "NULL", "~"].contains(scalar.string) {
                return nil
            }
            return value
        }
        return nil
    }

    public var text: String? {
        guard case .scalar(let scalar) = self else { return nil }
        return scalar.string
    }

    public var items: [any DumpNode]? {
        guard case .sequence(let sequence) = self else { return nil }
        return sequence.map { $0 }
    }

    public var entries: [(key: String, value: any DumpNode)]? {
        guard case .mapping(let mapping) = self else { return nil }
        return mapping.map { (key: $0.key.string ?? "", value: $0.value as any DumpNode) }
    }

    public var line: Int? { mark?.line }
}
