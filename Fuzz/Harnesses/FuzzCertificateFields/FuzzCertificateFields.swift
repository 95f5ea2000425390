import FuzzSupport
import MeshCertCore
import MeshCertParsers

/// The DER field reader against the full parse: the input is one certificate's DER (the seeds are
/// real ones, so mutations stay close to certificates). Whenever the reader gives a summary, the full
/// parse (swift-certificates, then the lenient reader) must give the same in every field; a difference
/// or a refusal by the full parse traps, naming the fields.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCertificateFields(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let der = fuzzInput(data, count)
    guard let fast = CertificateDecoder.fieldSummary(der: der, fingerprint: "") else { return 0 }
    guard let full = try? CertificateDecoder.fullSummary(der: der, fingerprint: "") else {
        fatalError("the field reader read a certificate the full parse refuses")
    }
    let differences = fast.differences(from: full)
    if !differences.isEmpty {
        fatalError("the field reader and the full parse differ in \(differences.joined(separator: ", ")): \(fast.subject) / \(full.subject)")
    }
    return 0
}

@main
enum FuzzCertificateFields {
    static func main() { runFuzzer(fuzzCertificateFields) }
}
