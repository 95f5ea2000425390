import MeshCertCore
import MeshCertParsers

/// What one blob of bytes held: its certificates in order and what was wrong with the rest.
struct BundleContents {
    var certificates: [CertificateSummary] = []
    var problems: [(reason: SourceErrorReason, message: String)] = []
    /// PEM that holds only other blocks (a private key, a CSR): not a certificate file at all.
    var holdsOnlyOtherBlocks = false
}

/// Reads a PEM bundle (any number of blocks, in any order; non-certificate blocks such as private
/// keys passed over undecoded), a `TRUSTED CERTIFICATE` block, a PKCS#7 bundle (`PKCS7` PEM block or
/// DER `.p7b`/`.p7c`), or one or more concatenated DER certificates.
enum CertificateBundleReader {
    private static let certificateLabels: Set<String> = Set(["CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE"]).union(pkcs7Labels)
    /// OpenSSL writes `PKCS7`; RFC 7468 names `PKCS7` and the older `PKCS #7 SIGNED DATA`.
    private static let pkcs7Labels: Set<String> = ["PKCS7", "PKCS #7 SIGNED DATA", "CMS"]

    static func read(_ bytes: [UInt8], cache: CertificateParseCache) -> BundleContents {
        var contents = BundleContents()
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0a || $0 == 0x0d || $0 == 0x09 }) {
            contents.problems.append((.noCertificates, "is empty"))
        } else if PEMScanner.looksLikePEM(bytes) {
            readPEM(bytes, cache: cache, into: &contents)
        } else if PKCS7Certificates.looksLikePKCS7(bytes[...]) {
            let found = pkcs7Certificates(bytes[...], place: "PKCS#7")
            contents.problems += found.problems
            for (der, place) in found.ders { readOne(der, cache: cache, into: &contents, context: place) }
            if found.ders.isEmpty && found.problems.isEmpty { contents.problems.append((.noCertificates, "is a PKCS#7 bundle with no certificate")) }
        } else if bytes.first == 0x30 {
            readDER(bytes[...], cache: cache, into: &contents, context: "DER")
        } else {
            contents.problems.append((.noCertificates, "holds neither PEM blocks nor DER data"))
        }
        contents.problems = tally(contents.problems)
        return contents
    }

    /// The certificates' DER in order, found by the same rules as `read` (PEM and its PKCS#7 blocks, DER
    /// PKCS#7, concatenated DER), without judging them: for a second look at a chain or a bundle.
    static func certificateDERs(_ bytes: [UInt8]) -> [[UInt8]] {
        if PEMScanner.looksLikePEM(bytes) { return pemCertificates(bytes).ders.map(\.der) }
        if PKCS7Certificates.looksLikePKCS7(bytes[...]) { return pkcs7Certificates(bytes[...], place: "PKCS#7").ders.map(\.der) }
        return derElements(bytes[...]).elements.map { Array($0) }
    }

    /// Concatenated DER elements, and the index of the first that is not a SEQUENCE, if any.
    static func derElements(_ bytes: ArraySlice<UInt8>) -> (elements: [ArraySlice<UInt8>], badIndex: Int?) {
        var elements: [ArraySlice<UInt8>] = []
        var rest = bytes
        while !rest.isEmpty {
            guard rest.first == 0x30, let length = DERLength.firstElementLength(rest) else { return (elements, elements.count) }
            elements.append(rest.prefix(length))
            rest = rest.dropFirst(length)
        }
        return (elements, nil)
    }

    /// One problem per reason: a file of 100,000 bad blocks is one log line and one error with a
    /// count, not 100,000. A single problem keeps its own message.
    static func tally(_ problems: [(reason: SourceErrorReason, message: String)]) -> [(reason: SourceErrorReason, message: String)] {
        guard problems.count > 1 else { return problems }
        var order: [SourceErrorReason] = []
        var first: [SourceErrorReason: String] = [:]
        var counts: [SourceErrorReason: Int] = [:]
        for (reason, message) in problems {
            if first[reason] == nil {
                order.append(reason)
                first[reason] = message
            }
            counts[reason, default: 0] += 1
        }
        return order.map { reason in
            let count = counts[reason] ?? 1
            let message = first[reason] ?? ""
            guard count > 1 else { return (reason, message) }
            let what = reason == .badPEM ? "bad PEM blocks" : reason == .badDER ? "certificates that do not decode" : "problems"
            return (reason, "has \(count) \(what), the first: \(message)")
        }
    }

    /// The certificate blocks of a PEM text as DER, in order, each with where it stands; other blocks
    /// (private keys, CSRs) are only named, never decoded. Shared by bundles and by the endpoint's
    /// client-certificate and trust-bundle files.
    struct PEMCertificates {
        var ders: [(der: [UInt8], place: String)] = []
        var problems: [(reason: SourceErrorReason, message: String)] = []
        var skippedLabels: [String] = []
    }

    static func pemCertificates(_ bytes: [UInt8]) -> PEMCertificates {
        var found = PEMCertificates()
        for block in PEMScanner.blocks(in: bytes) {
            guard certificateLabels.contains(block.label) else {
                if !found.skippedLabels.contains(block.label) { found.skippedLabels.append(block.label) }
                continue
            }
            let place = "\(block.label) block at line \(block.line)"
            if block.isTruncated {
                found.problems.append((.badPEM, "\(place) has no END line (truncated)"))
                continue
            }
            guard let der = Base64.decode(bytes[block.body]), !der.isEmpty else {
                found.problems.append((.badPEM, "\(place): base64 body does not decode"))
                continue
            }
            if pkcs7Labels.contains(block.label) {
                let inner = pkcs7Certificates(der[...], place: place)
                found.ders += inner.ders
                found.problems += inner.problems
                if inner.ders.isEmpty && inner.problems.isEmpty { found.problems.append((.noCertificates, "\(place) holds no certificate")) }
            } else if block.label == "TRUSTED CERTIFICATE" {
                // OpenSSL's form: the certificate followed by its trust settings.
                guard let length = DERLength.firstElementLength(der[...]) else {
                    found.problems.append((.badDER, "\(place) is not an X.509 certificate (bad DER length)"))
                    continue
                }
                found.ders.append((Array(der[0..<length]), place))
            } else {
                found.ders.append((der, place))
            }
        }
        return found
    }

    /// The certificates of one PKCS#7 SignedData, in its order; a PKCS#7 that does not parse is `bad_der`.
    static func pkcs7Certificates(_ der: ArraySlice<UInt8>, place: String) -> PEMCertificates {
        var found = PEMCertificates()
        do {
            for (index, certificate) in try PKCS7Certificates.certificates(in: der).enumerated() {
                found.ders.append((Array(certificate), "\(place) certificate \(index)"))
            }
        } catch {
            found.problems.append((.badDER, "\(place): \(error.description)"))
        }
        return found
    }

    private static func readPEM(_ bytes: [UInt8], cache: CertificateParseCache, into contents: inout BundleContents) {
        let found = pemCertificates(bytes)
        let skipped = found.skippedLabels
        contents.problems += found.problems
        for (der, place) in found.ders { readOne(der, cache: cache, into: &contents, context: place) }
        if contents.certificates.isEmpty && contents.problems.isEmpty {
            contents.holdsOnlyOtherBlocks = !skipped.isEmpty
            let what = skipped.isEmpty ? "no PEM blocks" : "only \(skipped.joined(separator: ", ")) blocks"
            contents.problems.append((.noCertificates, "holds \(what), no certificate"))
        }
    }

    private static func readDER(_ bytes: ArraySlice<UInt8>, cache: CertificateParseCache, into contents: inout BundleContents, context: String) {
        let (elements, badIndex) = derElements(bytes)
        for (index, element) in elements.enumerated() {
            readOne(Array(element), cache: cache, into: &contents, context: "\(context) element \(index)")
        }
        if let badIndex { contents.problems.append((.badDER, "\(context) element \(badIndex) is not a DER SEQUENCE")) }
    }

    private static func readOne(_ der: [UInt8], cache: CertificateParseCache, into contents: inout BundleContents, context: String) {
        switch cache.summary(der: der) {
        case .success(let summary): contents.certificates.append(summary)
        case .failure(let error): contents.problems.append((.badDER, "\(context) is \(error.description)"))
        }
    }
}

