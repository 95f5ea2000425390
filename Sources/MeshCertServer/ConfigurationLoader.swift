import Foundation
import MeshCertCore
import MeshCertSources
import Yams

/// Reads the YAML configuration strictly: an unknown key or a bad value is an error, never ignored.
/// Each source's own keys are checked by its kind (`SourceKindRegistry`), the same code that checks
/// the command-line flags of that kind.
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

    static let topKeys: Set<String> = ["thresholds", "rotation", "hierarchy", "collection", "sources", "modules", "exposition"]

    public func parse(_ text: String) throws(ConfigurationError) -> ExporterConfiguration {
        guard let root = try ConfigurationYAML.compose(text, file: file) else { return ExporterConfiguration() }
        let top = try root.fields(allowed: Self.topKeys)
        var configuration = ExporterConfiguration()
        if let value = top["thresholds"] {
            for (layer, partial) in try Self.thresholds(value) {
                configuration.thresholds[layer] = partial.applied(to: configuration.thresholds[layer])
                if configuration.thresholds[layer].critical > configuration.thresholds[layer].warning {
                    throw value.error("critical must not be longer than warning once merged with the defaults").at(key: "\(value.key).\(layer.rawValue)")
                }
            }
        }
        if let value = top["rotation"] {
            let rotation = try value.fields(allowed: ["stall_ratio"])
            if let ratios = rotation["stall_ratio"] {
                for entry in try ratios.fields(allowed: Set(HierarchyLayer.allCases.map(\.rawValue))).entries {
                    guard let layer = HierarchyLayer(rawValue: entry.name) else { continue }
                    configuration.rotationPolicy[layer] = try entry.value.number(in: 1e-9...1, expected: "a ratio between 0 and 1, e.g. 0.9")
                }
            }
        }
        if let value = top["hierarchy"] {
            let hierarchy = try value.fields(allowed: ["issuing_memory"])
            if let memory = hierarchy["issuing_memory"] { configuration.issuingMemory = try memory.duration() }
        }
        if let value = top["collection"] {
            let collection = try value.fields(allowed: ["timeout"])
            if let timeout = collection["timeout"] { configuration.collectionTimeout = try Self.collectionTimeout(timeout) }
        }
        if let value = top["modules"] {
            for entry in try value.fields(allowed: nil).entries {
                let fields = try entry.value.fields(allowed: EndpointSourceKind.moduleKeys)
                configuration.modules[entry.name] = try EndpointSourceKind.moduleOptions(fields)
            }
        }
        if let value = top["exposition"] { configuration.collectors = try ExpositionSettings.collectors(value) }
        if let value = top["sources"] {
            guard case .list(let items) = value.shape else { throw value.error("expected a list of sources") }
            for item in items {
                try configuration.add(try Self.source(item), at: item)
            }
        }
        return configuration
    }

    /// One source: the common keys here, its own keys by its kind.
    static func source(_ value: ConfigValue) throws(ConfigurationError) -> SourceConfiguration {
        let fields = try value.fields(allowed: nil)
        let kindName = try fields["kind"]?.scalar()
        let definition = kindName.flatMap(SourceKindRegistry.definition(named:))
        // A key no kind knows is a typo: name the keys this source's kind takes. A key of another
        // kind gets its own message below ("only an endpoint source takes targets").
        let known = SourceKindRegistry.allKeys
        for entry in fields.entries where !known.contains(entry.name) {
            let expected = definition.map { SourceKindRegistry.commonKeys.union($0.keys) } ?? known
            throw entry.value.error("unknown key; expected one of \(expected.sorted().joined(separator: ", "))").at(line: entry.line)
        }
        guard let nameValue = fields["name"] else { throw value.error("needs a name") }
        let name = try nameValue.scalar()
        guard !name.isEmpty else { throw nameValue.error("must not be empty") }
        let kinds = SourceKindRegistry.names.joined(separator: ", ")
        guard let kindValue = fields["kind"], let kindName else { throw value.error("needs a kind (\(kinds))") }
        guard let definition else { throw kindValue.error("'\(kindName)' is not a source kind; expected \(kinds)") }

        var forcedLayer: HierarchyLayer?
        var layerRules: [LocationLayerRule] = []
        if let layerValue = fields["layer"] {
            if case .mapping = layerValue.shape {
                // Per location: {"/etc/istio/cacerts/ca-cert.pem": issuing, "*/root-*.pem": root}.
                for entry in try layerValue.fields(allowed: nil).entries {
                    layerRules.append(LocationLayerRule(pattern: entry.name, layer: try layer(entry.value)))
                }
            } else {
                forcedLayer = try layer(layerValue)
            }
        }
        let overrides = try fields["thresholds"].map { value throws(ConfigurationError) in try thresholds(value) } ?? [:]
        let settings = try definition.settings(kind: kindName, fields: fields)
        for entry in fields.entries where !SourceKindRegistry.commonKeys.contains(entry.name) && !definition.keys.contains(entry.name) {
            let owners = SourceKindRegistry.all.filter { $0.keys.contains(entry.name) }.flatMap(\.names)
            let who = owners.count == 1 ? "only \(owners[0] == "endpoint" ? "an" : "a") \(owners[0]) source takes" : "only \(owners.joined(separator: " and ")) sources take"
            throw entry.value.error("\(who) \(entry.name)")
        }
        var source = SourceConfiguration(name: name, forcedLayer: forcedLayer, thresholdOverrides: overrides, settings: settings)
        source.layerRules = layerRules
        return source
    }

    private static func layer(_ value: ConfigValue) throws(ConfigurationError) -> HierarchyLayer {
        let text = try value.scalar()
        guard let layer = HierarchyLayer(rawValue: text) else {
            throw value.error("'\(text)' is not a layer; expected workload, issuing, intermediate or root, or a mapping of locations to layers")
        }
        return layer
    }

    /// Per-layer thresholds; a source's own are checked as the global ones are.
    static func thresholds(_ value: ConfigValue) throws(ConfigurationError) -> [HierarchyLayer: PartialThresholds] {
        var result: [HierarchyLayer: PartialThresholds] = [:]
        for entry in try value.fields(allowed: Set(HierarchyLayer.allCases.map(\.rawValue))).entries {
            guard let layer = HierarchyLayer(rawValue: entry.name) else { continue }
            let fields = try entry.value.fields(allowed: ["warning", "critical"])
            var partial = PartialThresholds()
            if let warning = fields["warning"] { partial.warning = try warning.duration() }
            if let critical = fields["critical"] { partial.critical = try critical.duration() }
            if let warning = partial.warning, let critical = partial.critical, critical > warning {
                throw entry.value.error("critical (\(DurationText.format(critical))) must not be longer than warning (\(DurationText.format(warning)))")
            }
            result[layer] = partial
        }
        return result
    }

    /// The collection deadline when Prometheus sends none: at most 5 minutes, as a scrape is.
    static func collectionTimeout(_ value: ConfigValue) throws(ConfigurationError) -> TimeInterval {
        let seconds = try value.duration()
        guard seconds <= ScrapeTimeout.maximum else {
            throw value.error("'\(DurationText.format(seconds))' is longer than a scrape may take; expected at most \(DurationText.format(ScrapeTimeout.maximum))")
        }
        return seconds
    }
}

extension ExporterConfiguration {
    /// Adds a source, refusing a name already taken; `value` places the message.
    mutating func add(_ source: SourceConfiguration, at value: ConfigValue) throws(ConfigurationError) {
        guard !sources.contains(where: { $0.name == source.name }) else {
            let nameValue = (try? value.fields(allowed: nil))?["name"] ?? value
            throw nameValue.error("'\(source.name)' is used by another source; names must be unique")
        }
        // A source's own thresholds, merged with the global ones, keep critical within warning.
        for (layer, override) in source.thresholdOverrides {
            let merged = override.applied(to: thresholds[layer])
            if merged.critical > merged.warning {
                throw value.error("critical must not be longer than warning once merged with the global thresholds").at(key: "\(value.key).thresholds.\(layer.rawValue)")
            }
        }
        sources.append(source)
    }

    /// The configuration file (if any) with the command line's sources added, each checked by its
    /// kind exactly as a source in the file is. The one entry point of `serve`, `check` and `demo`.
    public static func assemble(configFile: String?, flags: CommandLineFlags) throws(ConfigurationError) -> ExporterConfiguration {
        var configuration = try configFile.map { path throws(ConfigurationError) in try ConfigurationLoader.load(path: path) } ?? ExporterConfiguration()
        for definition in SourceKindRegistry.all {
            guard let given = try definition.commandLineSource(flags) else { continue }
            let taken = Set(configuration.sources.map(\.name))
            let name = taken.contains(given.name) ? "cli-\(given.name)" : given.name
            let fields = try given.fields.fields(allowed: nil)
            let settings = try definition.settings(kind: given.kind, fields: fields)
            try configuration.add(SourceConfiguration(name: name, forcedLayer: nil, thresholdOverrides: [:], settings: settings), at: given.fields)
        }
        if configuration.modules[EndpointProber.defaultModule] == nil {
            configuration.modules[EndpointProber.defaultModule] = try EndpointSourceKind.defaultModule(flags)
        }
        return configuration
    }
}

extension ConfigurationError {
    func at(key: String) -> ConfigurationError {
        var copy = self
        copy.key = key
        return copy
    }

    func at(line: Int?) -> ConfigurationError {
        var copy = self
        copy.line = line ?? self.line
        return copy
    }
}

/// The YAML text of a configuration file as values with their lines.
enum ConfigurationYAML {
    static func compose(_ text: String, file: String) throws(ConfigurationError) -> ConfigValue? {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ConfigurationError(file: file, line: line(of: error), key: "", message: "is not valid YAML: \(problem(of: error))")
        } catch {
            throw ConfigurationError(file: file, line: nil, key: "", message: "is not valid YAML")
        }
        return root.map { ConfigValue(yaml: $0, file: file, key: "") }
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
        default: "the parser gave up"
        }
    }
}
