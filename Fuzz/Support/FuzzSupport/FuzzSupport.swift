import CFuzzDriver

#if canImport(Glibc)
import Glibc
#endif

/// The `main` of a harness. SwiftPM links an executable with `main` aliased to the module's own
/// entry point, which would leave libFuzzer's `main` out; so each harness has an `@main` that hands
/// its `LLVMFuzzerTestOneInput` to libFuzzer's driver, with the command line unchanged.
public func runFuzzer(_ entry: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> Never {
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv, entry))
}

/// The input as an array, for harnesses that hand bytes to parsers taking `[UInt8]`.
public func fuzzInput(_ data: UnsafePointer<UInt8>?, _ count: Int) -> [UInt8] {
    data.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
}
