/// A configuration problem, naming the file, the line and the key (or the command-line flag), and
/// saying what was expected.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    /// The configuration file; empty for a command-line flag.
    public var file: String
    public var line: Int?
    /// The key's path (`sources[0].timeout`) or the flag (`--endpoint.timeout`).
    public var key: String
    public var message: String

    public init(file: String, line: Int?, key: String, message: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        if place.isEmpty { return key.isEmpty ? message : "\(key): \(message)" }
        return key.isEmpty ? "\(place): \(message)" : "\(place): \(key): \(message)"
    }
}
