/// One `host:port` to probe. IPv6 literals are written in brackets: `[::1]:8443`.
public struct EndpointTarget: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `host:port` or `[v6]:port`; nil when there is no valid port or no host.
    public init?(parsing text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (1...65535).contains(port) else {
            return nil
        }
        var host = String(text[..<colon])
        if host.hasPrefix("[") {
            guard host.hasSuffix("]") else { return nil }
            host = String(host.dropFirst().dropLast())
        } else if host.contains(":") {
            return nil  // an IPv6 literal needs brackets
        }
        guard !host.isEmpty, !host.contains(where: { $0.isWhitespace || $0 == "/" }) else { return nil }
        self.host = host
        self.port = port
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    public var isIPLiteral: Bool { IPLiteral.isLiteral(host) }

    /// The `location` label: `host:port`, plus `/sni` when the name sent differs from the host.
    public func location(serverName: String?) -> String {
        guard let serverName, serverName != host else { return description }
        return "\(description)/\(serverName)"
    }
}
