import Foundation
import Yams

/// Parses a dump's bytes as JSON (when it starts with `{` or `[`) or as one or more YAML documents.
public enum DumpParser {
    public struct Failure: Error, Equatable {
        public var message: String

        static let notAList = Failure(message: "")
        static let aliasKey = Failure(message: "is not valid YAML: an alias is used as a mapping key (refused: its expansion cannot be bounded)")
    }

    /// Hands every document (and, for a JSON List, every item as soon as it is parsed) to `each`.
    /// Returns what was wrong with the document, if anything; what was handed over before stays.
    public static func read(_ bytes: [UInt8], each: (any DumpNode) -> Void) -> Failure? {
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
        let aliases = bytes.withUnsafeBufferPointer(YAMLAliasScan.init)
        if aliases.hasAliasKey { return .aliasKey }
        // PyYAML anchors a value in one item and names it in another: such a List is read whole.
        if aliases.hasAliases { return readYAML(text, countingAliases: true, each: each) }
        if let failure = KubectlYAMLList.read(text, each: each) { return failure == .notAList ? readYAML(text, each: each) : failure }
        return nil
    }

    /// The bytes as whole YAML documents, never split into List items, with the same bounds as `read`.
    public static func readWholeYAML(_ bytes: [UInt8], each: (any DumpNode) -> Void) -> Failure? {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return Failure(message: "is neither JSON nor YAML (not UTF-8 text)")
        }
        let aliases = bytes.withUnsafeBufferPointer(YAMLAliasScan.init)
        if aliases.hasAliasKey { return .aliasKey }
        return readYAML(text, countingAliases: aliases.hasAliases, each: each)
    }

    /// Nodes that aliases may add to one YAML document, beyond those written in it: enough for any
    /// dump PyYAML or a hand writes, far below a "billion laughs" (9 levels of 9 aliases, 387 million).
    public static let maxAliasExpansion = 1_000_000

    /// Whole YAML documents, composed by Yams.
    static func readYAML(_ text: String, lineOffset: Int = 0, countingAliases: Bool = false, each: (any DumpNode) -> Void) -> Failure? {
        do {
            // Every value is read as text: the basic resolver spares a regular expression per scalar.
            var sequence = try Yams.compose_all(yaml: text, .basic)
            while let document = sequence.next() {
                if countingAliases && YAMLExpansion.exceeds(document, extraLimit: maxAliasExpansion) {
                    return Failure(
                        message: "is not valid YAML: its aliases expand to more than \(maxAliasExpansion) nodes beyond those written (refused)"
                    )
                }
                each(lineOffset == 0 ? document : OffsetNode(node: document, offset: lineOffset))
            }
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

