import FuzzSupport
import MeshCertCore

/// What a request or a flag hands the server as text: the scrape-timeout header, a `/probe` target,
/// an allowed-target pattern (and the match between them), a listen address, and the text that
/// becomes a label, a log line or a page (URL redaction, log escaping).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequestText(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = fuzzInput(data, count)
    let text = String(decoding: bytes, as: UTF8.self)
    if let seconds = ScrapeTimeout.fromHeader(text) {
        // A deadline is built from it: it must convert without trapping.
        _ = Duration.milliseconds(Int64(seconds * 1000))
    }
    _ = ScrapeTimeout.clamped(Double(text) ?? .nan)
    let target = EndpointTarget(parsing: text)
    _ = target?.description
    _ = target?.location(serverName: text)
    // The first line is a pattern, the rest a target: every pattern meets every kind of target.
    let lines = text.split(separator: "\n", maxSplits: 1).map(String.init)
    if let pattern = TargetPattern(lines.first ?? ""), let probed = EndpointTarget(parsing: lines.last ?? "") {
        _ = pattern.matches(probed)
    }
    _ = ListenAddress(text)
    _ = RedactedURL.shown(text)
    _ = LogText.escaped(text)
    return 0
}

@main
enum FuzzRequestText {
    static func main() { runFuzzer(fuzzRequestText) }
}
