/// A small JSON reader over bytes for dumps: a tree the extractors walk, with the line of every
/// value, so an error names the line. Foundation's JSONSerialization on Linux hands back values
/// whose every `as?` cast re-bridges a dictionary: on a 36 MB dump that was a quarter of the time.
public indirect enum JSONTree: DumpNode, Sendable {
    case object([(key: String, value: JSONTree)], line: Int)
    case array([JSONTree], line: Int)
    case string(String, line: Int)
    case scalar(String, line: Int)  // numbers, true, false
    case null(line: Int)

    public subscript(_ key: String) -> (any DumpNode)? {
        guard case .object(let members, _) = self else { return nil }
        for member in members where member.key == key {
            if case .null = member.value { return nil }
            return member.value
        }
        return nil
    }

    public var text: String? {
        switch self {
        case .string(let text, _), .scalar(let text, _): text
        default: nil
        }
    }

    public var items: [any DumpNode]? {
        guard case .array(let values, _) = self else { return nil }
        return values
    }

    public var entries: [(key: String, value: any DumpNode)]? {
        guard case .object(let members, _) = self else { return nil }
        return members.map { (key: $0.key, value: $0.value as any DumpNode) }
    }

    public var line: Int? {
        switch self {
        case .object(_, let line), .array(_, let line), .string(_, let line), .scalar(_, let line), .null(let line): line
        }
    }
}
