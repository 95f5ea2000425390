import FuzzSupport
import MeshCertParsers

/// JSON dumps: the tree parser, streamed `items` and whole, and a walk of what it built.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONTree(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = fuzzInput(data, count)
    var visited = 0
    func walk(_ node: any DumpNode) {
        visited += 1
        _ = node.text
        _ = node.line
        for item in node.items ?? [] { walk(item) }
        for entry in node.entries ?? [] { walk(entry.value) }
    }
    if let tree = try? JSONTreeParser.parse(bytes) { walk(tree) }
    if let tree = try? JSONTreeParser.parse(bytes, items: { walk($0) }) { walk(tree) }
    return 0
}

@main
enum FuzzJSONTree {
    static func main() { runFuzzer(fuzzJSONTree) }
}
