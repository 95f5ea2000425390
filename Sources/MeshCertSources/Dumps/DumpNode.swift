import Foundation
import Yams

/// A parsed JSON or YAML value, seen the same way by the extractors whichever the format.
protocol DumpNode {
    subscript(_ key: String) -> (any DumpNode)? { get }
    var text: String? { get }
    var items: [any DumpNode]? { get }
    /// Mapping entries in document order.
    var entries: [(key: String, value: any DumpNode)]? { get }
    /// 1-based line in the document, where the format knows it (YAML).
    var line: Int? { get }
}

extension DumpNode {
    func path(_ keys: String...) -> (any DumpNode)? {
        var node: (any DumpNode)? = self
        for key in keys { node = node?[key] }
        return node
    }
}

extension Yams.Node: DumpNode {
    subscript(_ key: String) -> (any DumpNode)? {
        guard case .mapping(let mapping) = self else { return nil }
        for (name, value) in mapping where name.string == key {
            if case .scalar(let scalar) = value, scalar.style == .plain, ["null", "Null", "NULL", "~"].contains(scalar.string) {
                return nil
            }
            return value
        }
        return nil
    }

    var text: String? {
        guard case .scalar(let scalar) = self else { return nil }
        return scalar.string
    }

    var items: [any DumpNode]? {
        guard case .sequence(let sequence) = self else { return nil }
        return sequence.map { $0 }
    }

    var entries: [(key: String, value: any DumpNode)]? {
        guard case .mapping(let mapping) = self else { return nil }
        return mapping.map { (key: $0.key.string ?? "", value: $0.value as any DumpNode) }
    }

    var line: Int? { mark?.line }
}

/// Parses a dump's bytes as JSON (when it starts with `{` or `[`) or as one or more YAML documents.
enum DumpParser {
    struct Failure: Error {
        var message: String
    }

    static func documents(_ bytes: [UInt8]) -> Result<[any DumpNode], Failure> {
        var start = 0
        if bytes.starts(with: [0xef, 0xbb, 0xbf]) { start = 3 }
        while start < bytes.count, [0x20, 0x09, 0x0a, 0x0d].contains(bytes[start]) { start += 1 }
        guard start < bytes.count else { return .failure(Failure(message: "is empty")) }
        if bytes[start] == UInt8(ascii: "{") || bytes[start] == UInt8(ascii: "[") {
            do {
                return .success([try JSONTreeParser.parse(bytes)])
            } catch {
                return .failure(Failure(message: "is not valid JSON: \(error.message) at line \(error.line)"))
            }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return .failure(Failure(message: "is neither JSON nor YAML (not UTF-8 text)"))
        }
        do {
            var documents: [any DumpNode] = []
            var sequence = try Yams.compose_all(yaml: text)
            while let document = sequence.next() { documents.append(document) }
            // The sequence ends quietly at a syntax error and keeps it aside.
            if let error = sequence.error { throw error }
            return .success(documents)
        } catch let error as YamlError {
            return .failure(Failure(message: "is not valid YAML: \(yamlProblem(error))"))
        } catch {
            return .failure(Failure(message: "is not valid YAML: \(error)"))
        }
    }

    static func yamlProblem(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            "\(problem) at line \(mark.line)"
        default:
            "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
        }
    }
}
