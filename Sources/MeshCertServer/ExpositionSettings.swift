import MeshCertExposition
import Yams

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

    static func collectors(_ node: Node, file: String) throws(ConfigurationError) -> ExpositionCollectors {
        func error(_ node: Node, _ key: String, _ message: String) -> ConfigurationError {
            ConfigurationError(file: file, line: node.mark?.line, key: key, message: message)
        }
        guard case .mapping(let top) = node else { throw error(node, "exposition", "expected a mapping of keys to values") }
        var collectors = ExpositionCollectors.defaults
        for (keyNode, value) in top {
            let key = "exposition.\(keyNode.string ?? "")"
            guard keyNode.string == "collectors" else {
                throw error(keyNode, key, "unknown key; expected one of \(keys.sorted().joined(separator: ", "))")
            }
            guard case .mapping(let switches) = value else {
                throw error(value, key, "expected a mapping of collector names to true or false")
            }
            for (nameNode, setting) in switches {
                let name = nameNode.string ?? ""
                guard let collector = ExpositionCollector(rawValue: name) else {
                    let names = ExpositionCollector.allCases.map(\.rawValue).joined(separator: ", ")
                    throw error(nameNode, "\(key).\(name)", "unknown collector; expected one of \(names)")
                }
                guard case .scalar(let scalar) = setting, let enabled = Bool(scalar.string.lowercased()) else {
                    throw error(setting, "\(key).\(name)", "expected true or false")
                }
                collectors.set(collector, enabled)
            }
        }
        return collectors
    }
}
