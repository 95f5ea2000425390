import FuzzSupport
import MeshCertParsers

/// Mesh proxies' stats: every line, and only the families the mesh-stats reader keeps.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPrometheusText(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = fuzzInput(data, count)
    let all = PrometheusTextParser.parse(bytes)
    _ = all.issues.map(\.description)
    let kept = PrometheusTextParser.parse(bytes, keepingFamilies: ["istio_requests_total", "request_total", "a", "x_bucket", ""])
    _ = kept.samples.count
    return 0
}

@main
enum FuzzPrometheusText {
    static func main() { runFuzzer(fuzzPrometheusText) }
}
