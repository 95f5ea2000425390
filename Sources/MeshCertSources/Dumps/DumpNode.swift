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
    struct Failure: Error, Equatable {
        var message: String

        static let notAList = Failure(message: "")
    }

    /// Hands every document (and, for a JSON List, every item as soon as it is parsed) to `each`.
    /// Returns what was wrong with the document, if anything; what was handed over before stays.
    static func read(_ bytes: [UInt8], each: (any DumpNode) -> Void) -> Failure? {
        var start = 0
        if bytes.starts(with: [0xef, 0xbb, 0xbf]) { start = 3 }
        while start < bytes.count, [0x20, 0x09, 0x0a, 0x0d].contains(bytes[start]) { start += 1 }
        guard start < bytes.count else { return Failure(message: "is empty") }
        if bytes[start] == UInt8(ascii: "{") || bytes[start] == UInt8(ascii: "[") {
            return withoutActuallyEscaping(each) { (each) -> Failure? in
                do {
                    each(try JSONTreeParser.parse(bytes, items: { each($0) }))
                    return nil
                } catch let error as JSONTreeParser.Failure {
                    return Failure(message: "is not valid JSON: \(error.message) at line \(error.line)")
                } catch {
                    return Failure(message: "is not valid JSON: \(error)")
                }
            }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return Failure(message: "is neither JSON nor YAML (not UTF-8 text)")
        }
        if let failure = KubectlYAMLList.read(text, each: each) { return failure == .notAList ? readYAML(text, each: each) : failure }
        return nil
    }

    /// Whole YAML documents, composed by Yams.
    static func readYAML(_ text: String, lineOffset: Int = 0, each: (any DumpNode) -> Void) -> Failure? {
        do {
            // Every value is read as text: the basic resolver spares a regular expression per scalar.
            var sequence = try Yams.compose_all(yaml: text, .basic)
            while let document = sequence.next() { each(lineOffset == 0 ? document : OffsetNode(node: document, offset: lineOffset)) }
            // The sequence ends quietly at a syntax error and keeps it aside.
            if let error = sequence.error { throw error }
            return nil
        } catch let error as YamlError {
            return Failure(message: "is not valid YAML: \(yamlProblem(error, lineOffset: lineOffset))")
        } catch {
            return Failure(message: "is not valid YAML: \(error)")
        }
    }

    static func yamlProblem(_ error: YamlError, lineOffset: Int = 0) -> String {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            "\(problem) at line \(mark.line + lineOffset)"
        default:
            "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
        }
    }
}

/// A Yams node from a piece of a larger document: its lines counted from the start of the whole file.
struct OffsetNode: DumpNode {
    let node: Yams.Node
    let offset: Int

    subscript(_ key: String) -> (any DumpNode)? {
        ((node as any DumpNode)[key] as? Yams.Node).map { OffsetNode(node: $0, offset: offset) }
    }

    var text: String? { node.text }

    var items: [any DumpNode]? { node.items?.map { OffsetNode(node: $0 as! Yams.Node, offset: offset) } }

    var entries: [(key: String, value: any DumpNode)]? {
        node.entries?.map { (key: $0.key, value: OffsetNode(node: $0.value as! Yams.Node, offset: offset) as any DumpNode) }
    }

    var line: Int? { node.line.map { $0 + offset } }
}

/// `kubectl get … -o yaml` writes a List whose items each start with `- ` at column 0 under a
/// column-0 `items:`. Composing one item at a time keeps a 20,000-secret dump from becoming one tree
/// of millions of nodes. Anything else is read as whole documents.
enum KubectlYAMLList {
    static func read(_ text: String, each: (any DumpNode) -> Void) -> DumpParser.Failure? {
        var text = text
        return text.withUTF8 { bytes in read(bytes, each: each) }
    }

    /// Works on bytes: splitting 1.3 million lines as Characters was a fifth of the time.
    private static func read(_ bytes: UnsafeBufferPointer<UInt8>, each: (any DumpNode) -> Void) -> DumpParser.Failure? {
        var lines: [Range<Int>] = []
        var start = 0
        for index in 0..<bytes.count where bytes[index] == 0x0a {
            lines.append(start..<index)
            start = index + 1
        }
        if start < bytes.count { lines.append(start..<bytes.count) }
        func line(_ number: Int) -> UnsafeBufferPointer<UInt8>.SubSequence { bytes[lines[number]] }
        func starts(_ number: Int, with prefix: String) -> Bool { line(number).starts(with: prefix.utf8) }
        func isItemsKey(_ number: Int) -> Bool {
            let text = line(number)
            return text.elementsEqual("items:".utf8) || text.elementsEqual("items:\r".utf8)
        }
        guard let itemsLine = lines.indices.first(where: isItemsKey), itemsLine + 1 < lines.count, starts(itemsLine + 1, with: "- ") else {
            return .notAList
        }
        if lines.indices.contains(where: { starts($0, with: "---") }) { return .notAList }
        var header: [UInt8] = []
        for number in 0..<itemsLine {
            header.append(contentsOf: line(number))
            header.append(0x0a)
        }
        var number = itemsLine + 1
        var body: [UInt8] = []
        while number < lines.count {
            guard starts(number, with: "- ") else {
                header.append(contentsOf: line(number))
                header.append(0x0a)
                number += 1
                continue
            }
            // One item: "- key: value" then lines indented by two; back to column 0 for Yams.
            let first = number
            body.removeAll(keepingCapacity: true)
            body.append(contentsOf: line(number).dropFirst(2))
            body.append(0x0a)
            number += 1
            while number < lines.count, line(number).first == 0x20 || line(number).isEmpty {
                let text = line(number)
                body.append(contentsOf: text.starts(with: [0x20, 0x20]) ? text.dropFirst(2) : text)
                body.append(0x0a)
                number += 1
            }
            if let failure = DumpParser.readYAML(String(decoding: body, as: UTF8.self), lineOffset: first, each: each) { return failure }
        }
        // What surrounds the items (apiVersion, kind: List, metadata): read for its kind only.
        return DumpParser.readYAML(String(decoding: header, as: UTF8.self), each: each)
    }
}
