/// Reads the fields a summary keeps straight from a certificate's DER, without building
/// swift-certificates' `Certificate`: the common case (v1 or v3, ECDSA or RSA with SHA-2, single-valued
/// names in ASCII UTF8String, PrintableString or IA5String, the usual extensions) at a fraction of the cost.
///
/// It answers only where it is sure to give what the full parser gives, and `nil` for everything else:
/// anything swift-certificates would refuse or read differently, anything unusual (legacy or non-ASCII
/// strings, multi-valued RDNs, unique identifiers, other algorithms, serial oddities), and a self-issued
/// certificate, whose summary needs its signature checked. `nil` means "use the full parser", never "bad".
public enum CertificateFieldReader {
    public static func read(_ der: [UInt8]) -> CertificateFields? {
        var top = DERCursor(der)
        guard let certificate = top.next(0x30), top.isAtEnd else { return nil }
        var outer = DERCursor(der, inside: certificate)
        guard let tbs = outer.next(0x30), let algorithm = outer.next(0x30), let signature = outer.next(0x03), outer.isAtEnd,
            let signatureAlgorithm = signatureAlgorithm(der[algorithm.start..<algorithm.end]),
            signatureIsReadable(der, signature, algorithm: signatureAlgorithm)
        else { return nil }

        var fields = DERCursor(der, inside: tbs)
        var version = 1
        if let explicit = fields.next(0xa0) {
            // [0] EXPLICIT INTEGER 2; DER leaves v1 out, and v2 is rare enough to leave to the full parser.
            guard der[explicit.contentStart..<explicit.end].elementsEqual([0x02, 0x01, 0x02]) else { return nil }
            version = 3
        }
        guard let serialElement = fields.next(0x02), let serial = serialMagnitude(der, serialElement),
            let innerAlgorithm = fields.next(0x30),
            der[innerAlgorithm.start..<innerAlgorithm.end].elementsEqual(der[algorithm.start..<algorithm.end]),
            let issuerElement = fields.next(0x30), let validity = fields.next(0x30),
            let subjectElement = fields.next(0x30), let spki = fields.next(0x30)
        else { return nil }
        // Self-issued: hasValidSelfSignature needs the signature checked, which is the full parser's work.
        // Different bytes are different names here: only ASCII values, single-valued RDNs, DER lengths.
        guard !der[issuerElement.start..<issuerElement.end].elementsEqual(der[subjectElement.start..<subjectElement.end]),
            let issuer = NameText.read(der, issuerElement), let subject = NameText.read(der, subjectElement)
        else { return nil }

        var times = DERCursor(der, inside: validity)
        guard let notBeforeElement = times.next(), let notAfterElement = times.next(), times.isAtEnd,
            let notBefore = time(der, notBeforeElement), let notAfter = time(der, notAfterElement)
        else { return nil }

        var result = CertificateFields(
            version: version, serial: serial, subject: subject.text, issuer: issuer.text, subjectCN: subject.commonName,
            issuerCN: issuer.commonName, notBefore: notBefore, notAfter: notAfter,
            subjectPublicKeyInfo: der[spki.start..<spki.end], signatureAlgorithm: signatureAlgorithm
        )
        if let extensions = fields.next(0xa3) {
            guard version == 3, ExtensionReader.read(der, extensions, into: &result) else { return nil }
        }
        // issuerUniqueID [1], subjectUniqueID [2], or anything else left over.
        guard fields.isAtEnd else { return nil }
        return result
    }

    /// AlgorithmIdentifiers as DER writes them: ECDSA without parameters, RSA with NULL.
    private static let algorithms: [([UInt8], CertificateFields.SignatureAlgorithm)] = [
        ([0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02], .ecdsaSHA256),
        ([0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03], .ecdsaSHA384),
        ([0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x04], .ecdsaSHA512),
        ([0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b, 0x05, 0x00], .rsaSHA256),
        ([0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0c, 0x05, 0x00], .rsaSHA384),
        ([0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0d, 0x05, 0x00], .rsaSHA512),
    ]

    private static func signatureAlgorithm(_ encoded: ArraySlice<UInt8>) -> CertificateFields.SignatureAlgorithm? {
        algorithms.first { $0.0.elementsEqual(encoded) }?.1
    }

    /// swift-certificates decodes an ECDSA signature (SEQUENCE { r INTEGER, s INTEGER }, both unsigned)
    /// when it parses the certificate; an RSA signature is any octets.
    private static func signatureIsReadable(_ der: [UInt8], _ signature: DERElement, algorithm: CertificateFields.SignatureAlgorithm) -> Bool {
        guard signature.contentCount >= 1, der[signature.contentStart] == 0 else { return false }
        switch algorithm {
        case .rsaSHA256, .rsaSHA384, .rsaSHA512:
            return true
        case .ecdsaSHA256, .ecdsaSHA384, .ecdsaSHA512:
            let value = DERElement(tag: 0x03, start: signature.start, contentStart: signature.contentStart + 1, end: signature.end)
            var top = DERCursor(der, inside: value)
            guard let sequence = top.next(0x30), top.isAtEnd else { return false }
            var integers = DERCursor(der, inside: sequence)
            guard let r = integers.next(0x02), let s = integers.next(0x02), integers.isAtEnd else { return false }
            return isUnsignedInteger(der, r) && isUnsignedInteger(der, s)
        }
    }

    /// A non-empty, minimally encoded, non-negative INTEGER (swift-asn1's rules for an unsigned one).
    static func isUnsignedInteger(_ der: [UInt8], _ element: DERElement) -> Bool {
        guard !element.isEmpty else { return false }
        let first = der[element.contentStart]
        if first & 0x80 != 0 { return false }
        if element.contentCount > 1, first == 0, der[element.contentStart + 1] & 0x80 == 0 { return false }
        return true
    }

    /// The magnitude of a positive serial of 1 to 20 octets; serial oddities are the full parser's to name.
    private static func serialMagnitude(_ der: [UInt8], _ element: DERElement) -> ArraySlice<UInt8>? {
        guard isUnsignedInteger(der, element) else { return nil }
        let magnitude = der[element.contentStart..<element.end].drop { $0 == 0 }
        guard !magnitude.isEmpty, magnitude.count <= 20 else { return nil }
        return magnitude
    }

    /// UTCTime `YYMMDDHHMMSSZ` (years 1950–2049) or GeneralizedTime `YYYYMMDDHHMMSSZ`, validated as swift-asn1 does;
    /// fractions and leap seconds are left to the full parser.
    private static func time(_ der: [UInt8], _ element: DERElement) -> CertificateFields.Time? {
        var index = element.contentStart
        func two() -> Int? {
            guard index + 2 <= element.end else { return nil }
            let high = der[index] &- 0x30
            let low = der[index + 1] &- 0x30
            guard high < 10, low < 10 else { return nil }
            index += 2
            return Int(high) * 10 + Int(low)
        }
        let year: Int
        switch (element.tag, element.contentCount) {
        case (0x17, 13):
            guard let short = two() else { return nil }
            year = short < 50 ? 2000 + short : 1900 + short
        case (0x18, 15):
            guard let century = two(), let short = two() else { return nil }
            year = century * 100 + short
        default:
            return nil
        }
        guard let month = two(), let day = two(), let hour = two(), let minute = two(), let second = two(),
            index == element.end - 1, der[index] == UInt8(ascii: "Z"),
            (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year), hour < 24, minute < 60, second < 60
        else { return nil }
        return CertificateFields.Time(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0) && ((year % 100 != 0) || (year % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
