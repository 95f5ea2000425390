import FuzzSupport
import MeshCertParsers

/// Dumps as the dump source reads them (JSON, a streamed kubectl YAML List, or whole YAML
/// documents, chosen from the content) and forced through the whole-document YAML path.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzYAMLDump(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = fuzzInput(data, count)
    // The extractors look at a few paths of each object and walk lists; a bounded walk does the same.
    var budget = 200_000
    func walk(_ node: any DumpNode) {
        guard budget > 0 else { return }
        budget -= 1
        _ = node.text
        _ = node.line
        _ = node.path("metadata", "name")
        for item in node.items ?? [] { walk(item) }
        for entry in node.entries ?? [] { walk(entry.value) }
    }
    _ = DumpParser.read(bytes) { walk($0) }
    budget = 200_000
    _ = DumpParser.readWholeYAML(bytes) { walk($0) }
    return 0
}

@main
enum FuzzYAMLDump {
    static func main() { runFuzzer(fuzzYAMLDump) }
}
