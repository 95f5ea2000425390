import MeshCertExposition
import MeshCertSources

/// The YAML `exposition` key: which switchable families and info labels are written.
///
/// ```yaml
/// exposition:
///   collectors:
///     cert_expires_in: true     # on, though off by default
///     info_dns_names: false
/// ```
/// A name not set keeps its default; command-line flags (`--collector.NAME`) win over the file.
enum ExpositionSettings {
    static let keys: Set<String> = ["collectors"]

    static func collectors(_ value: ConfigValue) throws(ConfigurationError) -> ExpositionCollectors {
        var collectors = ExpositionCollectors.defaults
        guard let switches = try value.fields(allowed: keys)["collectors"] else { return collectors }
        for entry in try switches.fields(allowed: nil).entries {
            guard let collector = ExpositionCollector(rawValue: entry.name) else {
                let names = ExpositionCollector.allCases.map(\.rawValue).joined(separator: ", ")
                throw ConfigurationError(file: entry.value.file, line: entry.line, key: entry.value.key, message: "unknown collector; expected one of \(names)")
            }
            let text = try entry.value.scalar()
            guard let enabled = Bool(text.lowercased()) else { throw entry.value.error("expected true or false") }
            collectors.set(collector, enabled)
        }
        return collectors
    }
}
