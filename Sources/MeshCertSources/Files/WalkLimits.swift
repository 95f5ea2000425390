/// How far a walk of directories and globs goes. A tree past either bound is read up to it and the cut
/// is reported (`too_large`), so a hostile tree (symbolic links forming a DAG with a million paths, a
/// glob of 40 `*` over a link loop) costs a bounded read.
public struct WalkLimits: Sendable, Hashable {
    /// Directory levels below a named directory, and `**` levels (`max_depth`).
    public var maxDepth: Int
    /// Directory entries looked at, and paths a glob may expand to, per collection (`max_entries`).
    public var maxEntries: Int

    public static let defaultMaxDepth = 32
    public static let defaultMaxEntries = 100_000

    public init(maxDepth: Int = WalkLimits.defaultMaxDepth, maxEntries: Int = WalkLimits.defaultMaxEntries) {
        self.maxDepth = maxDepth
        self.maxEntries = maxEntries
    }

    /// `max_depth` and `max_entries`, where a file or dump source sets them.
    static func from(_ fields: ConfigFields) throws(ConfigurationError) -> WalkLimits {
        var limits = WalkLimits()
        if let depth = fields["max_depth"] { limits.maxDepth = try depth.integer(in: 1...256, expected: "a number of directory levels, e.g. 32") }
        if let entries = fields["max_entries"] {
            limits.maxEntries = try entries.integer(in: 1...100_000_000, expected: "a number of directory entries, e.g. 100000")
        }
        return limits
    }
}
