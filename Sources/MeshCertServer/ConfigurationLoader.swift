import Foundation
import MeshCertCore
import MeshCertSources
import Yams

/// A configuration problem, naming the file, the line and the key, and saying what was expected.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var line: Int?
    public var key: String
    public var message: String

    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        return key.isEmpty ? "\(place): \(message)" : "\(place): \(key): \(message)"
    }
}

/// Reads the YAML configuration strictly: an unknown key or a bad value is an error, never ignored.
public struct ConfigurationLoader {
    let file: String

    public static func load(path: String) throws(ConfigurationError) -> ExporterConfiguration {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigurationError(file: path, line: nil, key: "", message: "cannot be read: \(error.localizedDescription)")
        }
        return try ConfigurationLoader(file: path).parse(text)
    }

    public init(file: String) {
        self.file = file
    }

    public func parse(_ text: String) throws(ConfigurationError) -> ExporterConfiguration {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ConfigurationError(file: file, line: Self.line(of: error), key: "", message: "is not valid YAML: \(Self.problem(of: error))")
        } catch {
            throw ConfigurationError(file: file, line: nil, key: "", message: "is not valid YAML: \(error)")
        }
        guard let root else { return ExporterConfiguration() }
        let top = try mapping(root, key: "", allowed: ["thresholds", "rotation", "collection", "sources", "modules", "exposition"])
        var configuration = ExporterConfiguration()
        if let node = top["thresholds"] {
            for (layer, partial) in try thresholds(node, key: "thresholds") {
                configuration.thresholds[layer] = partial.applied(to: configuration.thresholds[layer])
                try checkOrder(configuration.thresholds[layer], node: node, key: "thresholds.\(layer.rawValue)")
            }
        }
        if let node = top["rotation"] {
            let rotation = try mapping(node, key: "rotation", allowed: ["stall_ratio"])
            if let ratios = rotation["stall_ratio"] {
                let byLayer = try mapping(ratios, key: "rotation.stall_ratio", allowed: Set(HierarchyLayer.allCases.map(\.rawValue)))
                for (name, value) in byLayer {
                    let key = "rotation.stall_ratio.\(name)"
                    guard let ratio = Double(try scalar(value, key: key)), ratio > 0, ratio <= 1 else {
                        throw error(value, key, "expected a ratio between 0 and 1, e.g. 0.9")
                    }
                    configuration.rotationPolicy[HierarchyLayer(rawValue: name)!] = ratio
                }
            }
        }
        if let node = top["collection"] {
            let collection = try mapping(node, key: "collection", allowed: ["timeout"])
            if let timeout = collection["timeout"] {
                configuration.collectionTimeout = try duration(timeout, key: "collection.timeout")
            }
        }
        if let node = top["exposition"] { configuration.collectors = try ExpositionSettings.collectors(node, file: file) }
        if let node = top["modules"] {
            let modules = try mapping(node, key: "modules", allowed: nil)
            for (name, value) in modules {
                let fields = try mapping(value, key: "modules.\(name)", allowed: Self.endpointKeys)
                configuration.modules[name] = try endpointOptions(fields, node: value, key: "modules.\(name)")
            }
        }
        if let node = top["sources"] {
            guard case .sequence(let list) = node else { throw error(node, "sources", "expected a list of sources") }
            var names: Set<String> = []
            for (index, item) in list.enumerated() {
                let source = try self.source(item, key: "sources[\(index)]")
                guard names.insert(source.name).inserted else {
                    throw error(item, "sources[\(index)].name", "'\(source.name)' is used by another source; names must be unique")
                }
                configuration.sources.append(source)
            }
        }
        return configuration
    }

    private func source(_ node: Node, key: String) throws(ConfigurationError) -> SourceConfiguration {
        let fields = try mapping(node, key: key, allowed: nil)
        // A key no kind knows is a typo: name the keys this source's kind takes. A key of another kind
        // gets its own message further down ("only an endpoint source takes targets").
        if case .mapping(let pairs) = node {
            let kindKeys = Self.sourceKeys[fields["kind"]?.string ?? ""] ?? Self.sourceKeys.values.reduce(Set<String>()) { $0.union($1) }
            let known = Self.sourceKeys.values.reduce(Set<String>()) { $0.union($1) }
            for (keyNode, _) in pairs where !known.contains(keyNode.string ?? "") {
                throw error(keyNode, "\(key).\(keyNode.string ?? "")", "unknown key; expected one of \(kindKeys.sorted().joined(separator: ", "))")
            }
        }
        guard let nameNode = fields["name"] else { throw error(node, key, "needs a name") }
        let name = try scalar(nameNode, key: "\(key).name")
        guard !name.isEmpty else { throw error(nameNode, "\(key).name", "must not be empty") }
        guard let kindNode = fields["kind"] else { throw error(node, key, "needs a kind (file, endpoint, secret, configmap, proxy_dump or mesh_stats)") }
        let kind = try scalar(kindNode, key: "\(key).kind")

        var forcedLayer: HierarchyLayer?
        if let layerNode = fields["layer"] {
            let text = try scalar(layerNode, key: "\(key).layer")
            guard let layer = HierarchyLayer(rawValue: text) else {
                throw error(layerNode, "\(key).layer", "'\(text)' is not a layer; expected workload, issuing, intermediate or root")
            }
            forcedLayer = layer
        }
        let overrides = try fields["thresholds"].map { node throws(ConfigurationError) in try thresholds(node, key: "\(key).thresholds") } ?? [:]

        // timeout is shared by endpoint and mesh_stats sources; every other key belongs to one kind.
        let endpointOnly = ["targets", "concurrency"] + Self.endpointKeys.subtracting(["timeout"]).sorted()
        if kind != "endpoint", let misplaced = endpointOnly.first(where: { fields[$0] != nil }) {
            throw error(fields[misplaced]!, "\(key).\(misplaced)", "only an endpoint source takes \(misplaced)")
        }
        if kind == "endpoint", let misplaced = ["paths", "max_file_size", "keys", "mesh_root_namespace"].first(where: { fields[$0] != nil }) {
            throw error(fields[misplaced]!, "\(key).\(misplaced)", "an endpoint source does not take \(misplaced); it probes targets")
        }
        let meshOnly = Self.meshStatsKeys.subtracting(["timeout"]).sorted()
        if kind != "mesh_stats", let misplaced = meshOnly.first(where: { fields[$0] != nil }) {
            throw error(fields[misplaced]!, "\(key).\(misplaced)", "only a mesh_stats source takes \(misplaced)")
        }
        if kind == "file" || kind == "secret" || kind == "configmap" || kind == "proxy_dump", let timeout = fields["timeout"] {
            throw error(timeout, "\(key).timeout", "only endpoint and mesh_stats sources take timeout")
        }
        switch kind {
        case "mesh_stats":
            var options = MeshStatsSource.Options()
            if let urls = fields["urls"] { options.urls = try strings(urls, key: "\(key).urls") }
            if let files = fields["files"] { options.files = try strings(files, key: "\(key).files") }
            if let url = fields["prometheus_url"] { options.prometheusURL = try scalar(url, key: "\(key).prometheus_url") }
            if let interval = fields["interval"] { options.interval = try duration(interval, key: "\(key).interval") }
            if let window = fields["window"] { options.window = try duration(window, key: "\(key).window") }
            if let timeout = fields["timeout"] { options.timeout = try duration(timeout, key: "\(key).timeout") }
            if let minimum = fields["min_events"] {
                guard let value = Double(try scalar(minimum, key: "\(key).min_events")), value >= 0 else {
                    throw error(minimum, "\(key).min_events", "expected a number of events, e.g. 10")
                }
                options.minimumEvents = value
            }
            for url in options.urls + (options.prometheusURL.map { [$0] } ?? []) where URL(string: url)?.host == nil {
                throw error(node, key, "'\(url)' is not an http(s) URL")
            }
            guard !(options.urls.isEmpty && options.files.isEmpty && options.prometheusURL == nil) else {
                throw error(node, key, "a mesh_stats source needs urls, files or prometheus_url")
            }
            return SourceConfiguration(name: name, forcedLayer: forcedLayer, thresholdOverrides: overrides, input: .meshStats(options))
        case "endpoint":
            guard let targetsNode = fields["targets"] else { throw error(node, key, "an endpoint source needs targets (host:port)") }
            // Each item is host:port, or a mapping {target: host:port, …} that overrides the source's settings.
            let items: [Node]
            switch targetsNode {
            case .sequence(let list): items = Array(list)
            case .scalar: items = [targetsNode]
            default: throw error(targetsNode, "\(key).targets", "expected a list of host:port")
            }
            guard !items.isEmpty else { throw error(targetsNode, "\(key).targets", "must name at least one host:port") }
            let shared = try endpointOptions(fields, node: node, key: key)
            var targets: [EndpointTarget] = []
            var perTarget: [EndpointTarget: EndpointOptions] = [:]
            for (index, item) in items.enumerated() {
                let itemKey = "\(key).targets[\(index)]"
                var targetNode = item
                var own: [String: Node] = [:]
                if case .mapping = item {
                    own = try mapping(item, key: itemKey, allowed: Self.endpointKeys.union(["target"]))
                    guard let node = own.removeValue(forKey: "target") else { throw error(item, itemKey, "needs target: host:port") }
                    targetNode = node
                }
                let text = try scalar(targetNode, key: itemKey)
                guard let target = EndpointTarget(parsing: text) else {
                    throw error(targetNode, itemKey, "'\(text)' is not host:port (IPv6 in brackets: [::1]:443)")
                }
                targets.append(target)
                if !own.isEmpty {
                    perTarget[target] = try endpointOptions(fields.merging(own) { _, target in target }, node: item, key: itemKey)
                }
            }
            var options = TLSEndpointSource.Options(
                targets: targets, endpoint: shared, perTarget: perTarget
            )
            if let concurrencyNode = fields["concurrency"] {
                guard let value = Int(try scalar(concurrencyNode, key: "\(key).concurrency")), value > 0 else {
                    throw error(concurrencyNode, "\(key).concurrency", "expected a positive whole number of probes at once, e.g. 64")
                }
                options.concurrency = value
            }
            return SourceConfiguration(name: name, forcedLayer: forcedLayer, thresholdOverrides: overrides, input: .endpoints(options))
        case "secret", "configmap", "proxy_dump":
            guard let pathsNode = fields["paths"] else {
                throw error(node, key, "a \(kind) source needs paths (dump files from kubectl, istioctl or Envoy, directories or globs)")
            }
            let paths = try strings(pathsNode, key: "\(key).paths")
            guard !paths.isEmpty else { throw error(pathsNode, "\(key).paths", "must name at least one path") }
            var options = DumpSource.Options(paths: paths)
            if let sizeNode = fields["max_file_size"] { options.maxFileSize = try byteSize(sizeNode, key: "\(key).max_file_size") }
            if let keysNode = fields["keys"] {
                options.keyPatterns = try strings(keysNode, key: "\(key).keys")
                guard !options.keyPatterns.isEmpty else { throw error(keysNode, "\(key).keys", "must name at least one key pattern, e.g. '*.crt'") }
            }
            if let rootNode = fields["mesh_root_namespace"] { options.meshRootNamespace = try scalar(rootNode, key: "\(key).mesh_root_namespace") }
            return SourceConfiguration(
                name: name, forcedLayer: forcedLayer, thresholdOverrides: overrides, input: .dumps(options, kind: SourceKind(rawValue: kind)!)
            )
        case "file":
            if let misplaced = fields["keys"] ?? fields["mesh_root_namespace"] {
                throw error(misplaced, key, "keys and mesh_root_namespace are settings of secret, configmap and proxy_dump sources")
            }
            guard let pathsNode = fields["paths"] else { throw error(node, key, "a file source needs paths (files, directories or globs)") }
            let paths = try strings(pathsNode, key: "\(key).paths")
            guard !paths.isEmpty else { throw error(pathsNode, "\(key).paths", "must name at least one path") }
            var options = FileSource.Options(paths: paths)
            if let sizeNode = fields["max_file_size"] {
                options.maxFileSize = try byteSize(sizeNode, key: "\(key).max_file_size")
            }
            return SourceConfiguration(name: name, forcedLayer: forcedLayer, thresholdOverrides: overrides, input: .files(options))
        default:
            throw error(kindNode, "\(key).kind", "'\(kind)' is not a source kind; expected file, endpoint, secret, configmap, proxy_dump or mesh_stats")
        }
    }

    static let endpointKeys: Set<String> = ["server_name", "client_cert", "client_key", "ca_file", "timeout", "starttls"]
    static let meshStatsKeys: Set<String> = ["urls", "files", "prometheus_url", "interval", "window", "min_events", "timeout"]
    private static let commonKeys: Set<String> = ["name", "kind", "layer", "thresholds"]
    /// The keys each source kind takes.
    static let sourceKeys: [String: Set<String>] = [
        "file": commonKeys.union(["paths", "max_file_size"]),
        "secret": commonKeys.union(["paths", "max_file_size", "keys", "mesh_root_namespace"]),
        "configmap": commonKeys.union(["paths", "max_file_size", "keys", "mesh_root_namespace"]),
        "proxy_dump": commonKeys.union(["paths", "max_file_size", "keys", "mesh_root_namespace"]),
        "endpoint": commonKeys.union(["targets", "concurrency"]).union(endpointKeys),
        "mesh_stats": commonKeys.union(meshStatsKeys),
    ]

    /// The probe settings of an endpoint source or a `/probe` module; files are read here, so a missing
    /// or unusable key file stops the start with its name, not the first scrape.
    private func endpointOptions(_ fields: [String: Node], node: Node, key: String) throws(ConfigurationError) -> EndpointOptions {
        var options = EndpointOptions()
        if let nameNode = fields["server_name"] {
            let name = try scalar(nameNode, key: "\(key).server_name")
            guard !name.isEmpty, !name.contains(where: { $0.isWhitespace || $0 == "/" || $0 == ":" }) || IPLiteral.isLiteral(name) else {
                throw error(nameNode, "\(key).server_name", "'\(name)' is not a host name")
            }
            options.serverName = name
        }
        switch (fields["client_cert"], fields["client_key"]) {
        case (nil, nil): break
        case (let certNode?, let keyNode?):
            let certificateFile = try scalar(certNode, key: "\(key).client_cert")
            let keyFile = try scalar(keyNode, key: "\(key).client_key")
            do {
                options.clientIdentity = try ClientIdentity.load(certificateFile: certificateFile, keyFile: keyFile)
            } catch {
                let culprit = error.file == keyFile ? (keyNode, "client_key") : (certNode, "client_cert")
                throw self.error(culprit.0, "\(key).\(culprit.1)", error.description)
            }
        case (let certNode?, nil): throw error(certNode, "\(key).client_cert", "needs client_key beside it")
        case (nil, let keyNode?): throw error(keyNode, "\(key).client_key", "needs client_cert beside it")
        }
        if let caNode = fields["ca_file"] {
            let file = try scalar(caNode, key: "\(key).ca_file")
            do {
                options.trustRoots = try EndpointOptions.loadTrustRoots(file: file)
                options.trustFile = file
            } catch {
                throw self.error(caNode, "\(key).ca_file", error.description)
            }
        }
        if let timeoutNode = fields["timeout"] {
            options.timeout = try duration(timeoutNode, key: "\(key).timeout")
        }
        if let startNode = fields["starttls"] {
            let text = try scalar(startNode, key: "\(key).starttls")
            guard let proto = StartTLSProtocol(rawValue: text) else {
                throw error(startNode, "\(key).starttls", "'\(text)' is not supported; expected smtp or postgres")
            }
            options.startTLS = proto
        }
        return options
    }

    private func thresholds(_ node: Node, key: String) throws(ConfigurationError) -> [HierarchyLayer: PartialThresholds] {
        let layers = try mapping(node, key: key, allowed: Set(HierarchyLayer.allCases.map(\.rawValue)))
        var result: [HierarchyLayer: PartialThresholds] = [:]
        for (name, value) in layers {
            let layerKey = "\(key).\(name)"
            let fields = try mapping(value, key: layerKey, allowed: ["warning", "critical"])
            var partial = PartialThresholds()
            if let warning = fields["warning"] { partial.warning = try duration(warning, key: "\(layerKey).warning") }
            if let critical = fields["critical"] { partial.critical = try duration(critical, key: "\(layerKey).critical") }
            if let warning = partial.warning, let critical = partial.critical, critical > warning {
                throw error(value, layerKey, "critical (\(DurationText.format(critical))) must not be longer than warning (\(DurationText.format(warning)))")
            }
            result[HierarchyLayer(rawValue: name)!] = partial
        }
        return result
    }

    private func checkOrder(_ thresholds: ExpiryThresholds, node: Node, key: String) throws(ConfigurationError) {
        if thresholds.critical > thresholds.warning {
            throw error(node, key, "critical must not be longer than warning once merged with the defaults")
        }
    }

    // MARK: Node access with positions

    /// `allowed` nil: any key (a map of names, such as `modules`).
    private func mapping(_ node: Node, key: String, allowed: Set<String>?) throws(ConfigurationError) -> [String: Node] {
        guard case .mapping(let pairs) = node else {
            throw error(node, key.isEmpty ? "(top level)" : key, "expected a mapping of keys to values")
        }
        var result: [String: Node] = [:]
        for (keyNode, value) in pairs {
            let name = keyNode.string ?? ""
            let path = key.isEmpty ? name : "\(key).\(name)"
            if let allowed, !allowed.contains(name) {
                throw error(keyNode, path, "unknown key; expected one of \(allowed.sorted().joined(separator: ", "))")
            }
            result[name] = value
        }
        return result
    }

    private func scalar(_ node: Node, key: String) throws(ConfigurationError) -> String {
        guard case .scalar(let scalar) = node else { throw error(node, key, "expected a single value") }
        return scalar.string
    }

    private func strings(_ node: Node, key: String) throws(ConfigurationError) -> [String] {
        switch node {
        case .scalar(let scalar): return [scalar.string]
        case .sequence(let list):
            var result: [String] = []
            for (index, item) in list.enumerated() { result.append(try scalar(item, key: "\(key)[\(index)]")) }
            return result
        default: throw error(node, key, "expected a list of strings")
        }
    }

    private func duration(_ node: Node, key: String) throws(ConfigurationError) -> TimeInterval {
        let text = try scalar(node, key: key)
        guard let seconds = DurationText.parse(text), seconds > 0 else {
            throw error(node, key, "'\(text)' is not a duration; expected e.g. 90s, 15m, 4h, 30d, 2y or 1d12h")
        }
        return seconds
    }

    private func byteSize(_ node: Node, key: String) throws(ConfigurationError) -> Int {
        let text = try scalar(node, key: key)
        let units: [(String, Int)] = [("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("KB", 1000), ("MB", 1_000_000), ("GB", 1_000_000_000), ("B", 1)]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            if let number = Int(text.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)), number > 0 { return number * factor }
        }
        if let number = Int(text), number > 0 { return number }
        throw error(node, key, "'\(text)' is not a size; expected bytes or e.g. 512KiB, 16MiB")
    }

    private func error(_ node: Node, _ key: String, _ message: String) -> ConfigurationError {
        ConfigurationError(file: file, line: node.mark?.line, key: key, message: message)
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        default: nil
        }
    }

    private static func problem(of error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): problem
        default: String(describing: error)
        }
    }
}
