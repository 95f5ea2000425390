import FuzzSupport
import MeshCertParsers

/// Durations and sizes from configuration and flags; every parsed duration is formatted back.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDurationSize(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = fuzzInput(data, count)
    let text = String(decoding: bytes, as: UTF8.self)
    if let seconds = DurationText.parse(text) {
        _ = DurationText.format(seconds)
        _ = DurationText.format(-seconds)
    }
    _ = ByteSizeText.parse(text)
    // The bytes as a number, too: formatting must take any Double.
    if bytes.count >= 8 {
        var raw: UInt64 = 0
        for byte in bytes.prefix(8) { raw = raw << 8 | UInt64(byte) }
        _ = DurationText.format(Double(bitPattern: raw))
    }
    return 0
}

@main
enum FuzzDurationSize {
    static func main() { runFuzzer(fuzzDurationSize) }
}
