import Foundation
import MeshCertCore

/// One entry of a `/probe` module's `allowed_targets`: a host name or glob (`*.svc.cluster.local`),
/// an IP address, or a CIDR block (`10.0.0.0/8`, `fd00::/8`), each with an optional `:port` (any
/// port when absent or `*`). IPv6 with a port goes in brackets: `[fd00::/8]:443`.
/// Names match names and blocks match IP literals: a name is not resolved to be checked, so allow
/// names only in zones whose DNS you control.
public struct TargetPattern: Sendable, Hashable, CustomStringConvertible {
    enum Host: Sendable, Hashable {
        case name(String)
        case block(IPBlock)
    }

    let host: Host
    let port: Int?
    public let description: String

    public init?(_ text: String) {
        let text = text.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty, text.utf8.count <= 300, !text.contains(where: { $0.isWhitespace }) else { return nil }
        var hostText = Substring(text)
        var portText: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            hostText = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { return nil }
                portText = rest.dropFirst()
            }
        } else if text.filter({ $0 == ":" }).count == 1, let colon = text.firstIndex(of: ":") {
            hostText = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        if let portText, portText != "*" {
            guard let port = Int(portText), (1...65535).contains(port) else { return nil }
            self.port = port
        } else {
            self.port = nil
        }
        if let block = IPBlock(String(hostText)) {
            host = .block(block)
        } else {
            let name = hostText.lowercased()
            guard !name.isEmpty, !name.contains("/"), !name.contains(":"),
                name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "*" || $0 == "_" })
            else { return nil }
            host = .name(name)
        }
        description = text
    }

    public func matches(_ target: EndpointTarget) -> Bool {
        if let port, port != target.port { return false }
        switch host {
        case .name(let pattern):
            guard !target.isIPLiteral else { return false }
            return fnmatch(pattern, target.host.lowercased(), 0) == 0
        case .block(let block):
            return block.contains(target.host)
        }
    }
}

/// An IPv4 or IPv6 address block; a bare address is a block of one.
struct IPBlock: Sendable, Hashable {
    let network: [UInt8]
    let prefix: Int

    init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = Self.bytes(String(parts[0])) else { return nil }
        let bits = address.count * 8
        if parts.count == 2 {
            guard let prefix = Int(parts[1]), (0...bits).contains(prefix) else { return nil }
            self.prefix = prefix
        } else {
            self.prefix = bits
        }
        network = address
    }

    func contains(_ host: String) -> Bool {
        guard let address = Self.bytes(host), address.count == network.count else { return false }
        var remaining = prefix
        for index in network.indices where remaining > 0 {
            let take = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - take))
            if address[index] & mask != network[index] & mask { return false }
            remaining -= take
        }
        return true
    }

    static func bytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }
}
