import FuzzSupport
import MeshCertCore
import MeshCertParsers

/// A certificate file as the bundle reader sees it: PEM blocks found, bodies base64-decoded,
/// `TRUSTED CERTIFICATE` cut to its first element, each DER summarized by Core's decoder (strict,
/// then the lenient reader). Input that is not PEM is tried as concatenated DER.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPEMCertificates(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = fuzzInput(data, count)
    var ders: [[UInt8]] = []
    if PEMScanner.looksLikePEM(bytes) {
        for block in PEMScanner.blocks(in: bytes) where !block.isTruncated {
            guard let der = Base64.decode(bytes[block.body]), !der.isEmpty else { continue }
            if block.label == "TRUSTED CERTIFICATE", let length = DERLength.firstElementLength(der[...]) {
                ders.append(Array(der[0..<length]))
            } else {
                ders.append(der)
            }
        }
    } else {
        var rest = bytes[...]
        while let length = DERLength.firstElementLength(rest), length > 0, ders.count < 16 {
            ders.append(Array(rest.prefix(length)))
            rest = rest.dropFirst(length)
        }
    }
    for der in ders.prefix(16) {
        if let summary = try? CertificateDecoder.summarize(der: der) {
            _ = summary.subject + summary.issuer + summary.subjectCN + summary.issuerCN
            _ = DurationText.format(summary.lifetime)
        }
    }
    return 0
}

@main
enum FuzzPEMCertificates {
    static func main() { runFuzzer(fuzzPEMCertificates) }
}
