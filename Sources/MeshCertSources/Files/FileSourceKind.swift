import MeshCertCore

/// `kind: file` and `--file`: mounted certificate files, directories and globs.
struct FileSourceKind: SourceKindDefinition {
    let names = ["file"]
    let keys: Set<String> = ["paths", "max_file_size", "max_depth", "max_entries", "trust_bundle", "ca_file"]

    func settings(kind: String, fields: ConfigFields) throws(ConfigurationError) -> any SourceSettings {
        if let misplaced = fields.first(of: ["keys", "mesh_root_namespace"]) {
            throw ConfigurationError(
                file: misplaced.file, line: misplaced.line, key: fields.whole.key,
                message: "keys and mesh_root_namespace are settings of secret, configmap and proxy_dump sources"
            )
        }
        guard let pathsValue = fields["paths"] else { throw fields.error("a file source needs paths (files, directories or globs)") }
        let paths = try pathsValue.strings()
        guard !paths.isEmpty else { throw pathsValue.error("must name at least one path") }
        var options = FileSource.Options(paths: paths)
        if let size = fields["max_file_size"] { options.maxFileSize = try size.byteSize() }
        options.walkLimits = try WalkLimits.from(fields)
        if let caFile = fields["ca_file"] { options.caFile = try caFile.scalar() }
        if let marked = fields["trust_bundle"] {
            // true: every file is a bundle of roots a user knows; a pattern or list of them: those files only.
            switch try marked.strings() {
            case ["true"]: options.trustBundlePatterns = ["*"]
            case ["false"]: options.trustBundlePatterns = []
            case let patterns: options.trustBundlePatterns = patterns
            }
        }
        return options
    }

    func commandLineSource(_ flags: CommandLineFlags) throws(ConfigurationError) -> CommandLineSource? {
        guard !flags["file"].isEmpty else { return nil }
        return CommandLineSource(name: "files", kind: "file", fields: [("paths", .flag("file", flags["file"]))])
    }
}

extension FileSource.Options: SourceSettings {
    public var kind: SourceKind { .file }

    public func makeSource(_ descriptor: SourceDescriptor) -> SourceInstance {
        SourceInstance(FileSource(descriptor: descriptor, options: self))
    }
}

extension SourceSettings where Self == FileSource.Options {
    /// `SourceConfiguration(name:, input: .files(…))`.
    public static func files(_ options: FileSource.Options) -> FileSource.Options { options }
}
