import MeshCertCore

/// One kind of source, in one folder: the keys it takes, how its fields (from the YAML file or from
/// its command-line flags) become validated settings, and what those settings build.
/// The loader, the server and the executable hold no `switch` over kinds: they ask the registry.
public protocol SourceKindDefinition: Sendable {
    /// The `kind:` values it answers to (the dump kind answers to `secret`, `configmap` and `proxy_dump`).
    var names: [String] { get }
    /// The keys it takes besides the common `name`, `kind`, `layer` and `thresholds`.
    var keys: Set<String> { get }
    /// Checks one source's fields; every message names the file and line, or the flag.
    func settings(kind: String, fields: ConfigFields) throws(ConfigurationError) -> any SourceSettings
    /// Its command-line flags as the fields of one source (checked by `settings` like a YAML
    /// source), or nil when none of its flags was given.
    func commandLineSource(_ flags: CommandLineFlags) throws(ConfigurationError) -> CommandLineSource?
}

/// A source given on the command line: a name for it if none is taken, and its fields.
public struct CommandLineSource: Sendable {
    public var name: String
    public var kind: String
    public var fields: ConfigValue

    public init(name: String, kind: String, fields: [(String, ConfigValue)]) {
        self.name = name
        self.kind = kind
        self.fields = .mapping(fields, key: "")
    }
}

/// The values of the source flags as given (`file` → every `--file`), unparsed: each kind reads its own.
public struct CommandLineFlags: Sendable {
    public var values: [String: [String]]

    public init(_ values: [String: [String]] = [:]) {
        self.values = values.filter { !$0.value.isEmpty }
    }

    public subscript(name: String) -> [String] { values[name] ?? [] }

    /// The flag's value as a configuration value, or nil when not given; the last one wins.
    public func single(_ name: String) -> ConfigValue? {
        values[name]?.last.map { ConfigValue.flag(name, $0) }
    }

    /// Given flags among `names`, as `(configuration key, value)` pairs.
    public func fields(_ mapping: [(flag: String, key: String)]) -> [(String, ConfigValue)] {
        mapping.compactMap { pair in single(pair.flag).map { (pair.key, $0) } }
    }
}

/// What a kind's validated settings build: one source, asked by the coordinator for what it has.
public protocol SourceSettings: Sendable {
    var kind: SourceKind { get }
    func makeSource(_ descriptor: SourceDescriptor) -> SourceInstance
}

/// Every kind the exporter knows. A new kind is one folder and one line here.
public enum SourceKindRegistry {
    public static let all: [any SourceKindDefinition] = [
        FileSourceKind(),
        DumpSourceKind(),
        EndpointSourceKind(),
        MeshStatsSourceKind(),
        SPIFFEBundleSourceKind(),
    ]

    /// The kind answering to a `kind:` value.
    public static func definition(named name: String) -> (any SourceKindDefinition)? {
        all.first { $0.names.contains(name) }
    }

    public static var names: [String] { all.flatMap(\.names) }

    /// Keys every kind takes.
    public static let commonKeys: Set<String> = ["name", "kind", "layer", "thresholds"]

    /// Keys some kind takes: a key outside these is a typo, not a key of another kind.
    public static var allKeys: Set<String> { all.reduce(commonKeys) { $0.union($1.keys) } }
}
