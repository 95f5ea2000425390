import MeshCertCore

/// `kind: secret`, `configmap` or `proxy_dump`, and `--dump`: what kubectl, istioctl, Envoy, ztunnel and
/// SPIRE print. One reader finds the format from the content; the kind names the source.
struct DumpSourceKind: SourceKindDefinition {
    let names = [SourceKind.secret, .configmap, .proxyDump].map(\.rawValue)
    let keys: Set<String> = ["paths", "max_file_size", "max_depth", "max_entries", "keys", "mesh_root_namespace"]

    func settings(kind: String, fields: ConfigFields) throws(ConfigurationError) -> any SourceSettings {
        guard let pathsValue = fields["paths"] else {
            throw fields.error("a \(kind) source needs paths (dump files from kubectl, istioctl or Envoy, directories or globs)")
        }
        let paths = try pathsValue.strings()
        guard !paths.isEmpty else { throw pathsValue.error("must name at least one path") }
        var options = DumpSource.Options(paths: paths)
        if let size = fields["max_file_size"] { options.maxFileSize = try size.byteSize() }
        options.walkLimits = try WalkLimits.from(fields)
        if let keysValue = fields["keys"] {
            options.keyPatterns = try keysValue.strings()
            guard !options.keyPatterns.isEmpty else { throw keysValue.error("must name at least one key pattern, e.g. '*.crt'") }
        }
        if let root = fields["mesh_root_namespace"] { options.meshRootNamespace = try root.scalar() }
        return DumpSettings(options: options, kind: SourceKind(rawValue: kind) ?? .secret)
    }

    func commandLineSource(_ flags: CommandLineFlags) throws(ConfigurationError) -> CommandLineSource? {
        guard !flags["dump"].isEmpty else { return nil }
        return CommandLineSource(name: "dumps", kind: SourceKind.secret.rawValue, fields: [("paths", .flag("dump", flags["dump"]))])
    }
}

/// A dump source's settings; `kind` is the source's own (`secret`, `configmap`, `proxy_dump`),
/// while each certificate also says which kind of object it came from.
public struct DumpSettings: SourceSettings {
    public var options: DumpSource.Options
    public var kind: SourceKind

    public init(options: DumpSource.Options, kind: SourceKind) {
        self.options = options
        self.kind = kind
    }

    public func makeSource(_ descriptor: SourceDescriptor) -> SourceInstance {
        SourceInstance(DumpSource(descriptor: descriptor, options: options))
    }
}

extension SourceSettings where Self == DumpSettings {
    /// `SourceConfiguration(name:, input: .dumps(…, kind: .secret))`.
    public static func dumps(_ options: DumpSource.Options, kind: SourceKind) -> DumpSettings { DumpSettings(options: options, kind: kind) }
}
