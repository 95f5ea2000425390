import Foundation
import MeshCertCore
import Yams

/// One value of the configuration, from the YAML file or from a command-line flag, with where it
/// came from: every kind validates both through the same code and the same messages.
public struct ConfigValue: Sendable {
    public enum Shape: Sendable {
        case scalar(String)
        case list([ConfigValue])
        /// Keys in the order written, each with the value's own origin.
        case mapping([ConfigEntry])
    }

    public var shape: Shape
    /// The file (empty for a flag) and line the value stands at.
    public var file: String
    public var line: Int?
    /// Its path (`sources[0].paths`) or its flag (`--file`), for messages.
    public var key: String

    public init(_ shape: Shape, file: String = "", line: Int? = nil, key: String) {
        self.shape = shape
        self.file = file
        self.line = line
        self.key = key
    }

    /// A flag's value: `--endpoint.timeout 5s`.
    public static func flag(_ name: String, _ value: String) -> ConfigValue {
        ConfigValue(.scalar(value), key: "--\(name)")
    }

    /// A repeatable flag's values: `--file a --file b`.
    public static func flag(_ name: String, _ values: [String]) -> ConfigValue {
        ConfigValue(.list(values.map { ConfigValue(.scalar($0), key: "--\(name)") }), key: "--\(name)")
    }

    /// A mapping built in code (the command line's source), keys in the order given.
    public static func mapping(_ entries: [(String, ConfigValue)], key: String) -> ConfigValue {
        ConfigValue(.mapping(entries.map { ConfigEntry(name: $0.0, line: nil, value: $0.1) }), key: key)
    }

    /// A YAML node, with every line kept for messages.
    public init(yaml node: Node, file: String, key: String) {
        let line = node.mark?.line
        switch node {
        case .scalar(let scalar):
            self.init(.scalar(scalar.string), file: file, line: line, key: key)
        case .sequence(let sequence):
            let items = sequence.enumerated().map { index, item in ConfigValue(yaml: item, file: file, key: "\(key)[\(index)]") }
            self.init(.list(items), file: file, line: line, key: key)
        case .mapping(let mapping):
            let entries = mapping.map { pair in
                let name = pair.key.string ?? ""
                let path = key.isEmpty ? name : "\(key).\(name)"
                return ConfigEntry(name: name, line: pair.key.mark?.line, value: ConfigValue(yaml: pair.value, file: file, key: path))
            }
            self.init(.mapping(entries), file: file, line: line, key: key)
        case .alias:
            // compose() resolves aliases; one left over is no value the configuration takes.
            self.init(.scalar(""), file: file, line: line, key: key)
        }
    }

    public func error(_ message: String) -> ConfigurationError {
        ConfigurationError(file: file, line: line, key: key, message: message)
    }

    // MARK: Typed access; each failure names this value's place.

    public func scalar() throws(ConfigurationError) -> String {
        guard case .scalar(let text) = shape else { throw error("expected a single value") }
        return text
    }

    /// One string, or a list of them.
    public func strings() throws(ConfigurationError) -> [String] {
        switch shape {
        case .scalar(let text): return [text]
        case .list(let items):
            var result: [String] = []
            for item in items { result.append(try item.scalar()) }
            return result
        case .mapping: throw error("expected a list of strings")
        }
    }

    /// The keys of a mapping; `allowed` nil takes any key (a map of names, such as `modules`).
    public func fields(allowed: Set<String>?) throws(ConfigurationError) -> ConfigFields {
        guard case .mapping(let entries) = shape else {
            throw ConfigurationError(file: file, line: line, key: key.isEmpty ? "(top level)" : key, message: "expected a mapping of keys to values")
        }
        var values: [String: ConfigValue] = [:]
        for entry in entries {
            if let allowed, !allowed.contains(entry.name) {
                throw entry.keyError("unknown key; expected one of \(allowed.sorted().joined(separator: ", "))")
            }
            values[entry.name] = entry.value
        }
        return ConfigFields(whole: self, entries: entries, values: values)
    }

    /// The longest duration taken anywhere: five times a root CA's 20 years.
    public static let maximumDuration: TimeInterval = 100 * 365 * 86_400

    /// A positive duration: 90s, 15m, 4h, 30d, 2y, 1d12h; at most `maximumDuration`.
    public func duration() throws(ConfigurationError) -> TimeInterval {
        let text = try scalar()
        guard let seconds = DurationText.parse(text), seconds > 0, seconds <= Self.maximumDuration else {
            throw error("'\(text)' is not a duration; expected e.g. 90s, 15m, 4h, 30d, 2y or 1d12h")
        }
        return seconds
    }

    /// A positive size in bytes: 1048576, 512KiB, 16MiB, 1GB.
    public func byteSize() throws(ConfigurationError) -> Int {
        let text = try scalar()
        guard let bytes = ByteSizeText.parse(text) else {
            throw error("'\(text)' is not a size; expected bytes or e.g. 512KiB, 16MiB (at most 1TiB)")
        }
        return bytes
    }

    /// A whole number within `range`; `expected` says what, e.g. "a positive whole number, e.g. 64".
    public func integer(in range: ClosedRange<Int>, expected: String) throws(ConfigurationError) -> Int {
        let text = try scalar()
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
            throw error("expected \(expected) (at most \(range.upperBound))")
        }
        return value
    }

    /// `true` or `false` (YAML's spellings; a flag without a value is given as `true`).
    public func boolean() throws(ConfigurationError) -> Bool {
        let text = try scalar()
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error("'\(text)' is not true or false")
        }
    }

    /// A finite number within `range`.
    public func number(in range: ClosedRange<Double>, expected: String) throws(ConfigurationError) -> Double {
        let text = try scalar()
        guard let value = Double(text.trimmingCharacters(in: .whitespaces)), value.isFinite, range.contains(value) else {
            throw error("expected \(expected)")
        }
        return value
    }
}

/// One key of a mapping: its name and line, and its value.
public struct ConfigEntry: Sendable {
    public var name: String
    public var line: Int?
    public var value: ConfigValue

    func keyError(_ message: String) -> ConfigurationError {
        ConfigurationError(file: value.file, line: line ?? value.line, key: value.key, message: message)
    }
}

/// The keys of one mapping, checked against what its owner takes.
public struct ConfigFields: Sendable {
    /// The mapping itself, for messages about it as a whole ("needs paths").
    public var whole: ConfigValue
    public var entries: [ConfigEntry]
    var values: [String: ConfigValue]

    public subscript(name: String) -> ConfigValue? { values[name] }

    public func error(_ message: String) -> ConfigurationError { whole.error(message) }

    /// The first of `names` that is present, for "only an endpoint source takes …" messages.
    public func first(of names: [String]) -> ConfigValue? {
        names.lazy.compactMap { values[$0] }.first
    }

    /// These fields with `other`'s keys laid over them (a target's own settings over its source's).
    public func merging(_ other: ConfigFields) -> ConfigFields {
        var merged = self
        for entry in other.entries {
            merged.entries.removeAll { $0.name == entry.name }
            merged.entries.append(entry)
            merged.values[entry.name] = entry.value
        }
        return merged
    }

    public func removing(_ name: String) -> ConfigFields {
        var rest = self
        rest.entries.removeAll { $0.name == name }
        rest.values[name] = nil
        return rest
    }
}
