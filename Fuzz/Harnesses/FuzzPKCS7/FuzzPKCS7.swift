import FuzzSupport
import MeshCertCore
import MeshCertParsers

/// PKCS#7 bundles as the bundle reader sees them: DER (`.p7b`) or `PKCS7` PEM blocks, the SignedData's
/// certificates taken out by the BER parser, each summarized by Core's decoder.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPKCS7(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = fuzzInput(data, count)
    var bundles: [ArraySlice<UInt8>] = []
    if PEMScanner.looksLikePEM(bytes) {
        for block in PEMScanner.blocks(in: bytes) where !block.isTruncated && block.label == "PKCS7" {
            if let der = Base64.decode(bytes[block.body]) { bundles.append(der[...]) }
        }
    } else {
        _ = PKCS7Certificates.looksLikePKCS7(bytes[...])
        bundles.append(bytes[...])
    }
    for bundle in bundles.prefix(4) {
        guard let certificates = try? PKCS7Certificates.certificates(in: bundle) else { continue }
        for certificate in certificates.prefix(16) {
            if let summary = try? CertificateDecoder.summarize(der: Array(certificate)) {
                _ = summary.subject + summary.issuerCN + summary.weakCrypto.map(\.rawValue).joined()
            }
        }
    }
    return 0
}

@main
enum FuzzPKCS7 {
    static func main() { runFuzzer(fuzzPKCS7) }
}
