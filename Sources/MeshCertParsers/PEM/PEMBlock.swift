/// One `-----BEGIN X-----` block of a PEM text, found but not decoded.
public struct PEMBlock: Sendable, Equatable {
    public var label: String
    /// The base64 body, between the BEGIN and END lines.
    public var body: Range<Int>
    /// 1-based line of the BEGIN line.
    public var line: Int
    /// The END line is missing (a truncated file).
    public var isTruncated: Bool
}
