/// A parsed JSON or YAML value, seen the same way by the extractors whichever the format.
public protocol DumpNode {
    subscript(_ key: String) -> (any DumpNode)? { get }
    var text: String? { get }
    var items: [any DumpNode]? { get }
    /// Mapping entries in document order.
    var entries: [(key: String, value: any DumpNode)]? { get }
    /// 1-based line in the document, where the format knows it (YAML).
    var line: Int? { get }
}

extension DumpNode {
    public func path(_ keys: String...) -> (any DumpNode)? {
        var node: (any DumpNode)? = self
        for key in keys { node = node?[key] }
        return node
    }
}
