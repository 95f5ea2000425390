/// The extensions of a v3 certificate as swift-certificates reads them: at most 32, no OID twice,
/// `critical` present only as TRUE; basicConstraints, subjectAltName (DNS, URI, IP), the key identifiers
/// and extendedKeyUsage decoded in their usual forms. Any other form of those five, which swift-certificates
/// might read differently or not at all, is a `false`: the full parser's turn.
enum ExtensionReader {
    private static let basicConstraints: [UInt8] = [0x55, 0x1d, 0x13]
    private static let subjectAltName: [UInt8] = [0x55, 0x1d, 0x11]
    private static let subjectKeyIdentifier: [UInt8] = [0x55, 0x1d, 0x0e]
    private static let authorityKeyIdentifier: [UInt8] = [0x55, 0x1d, 0x23]
    private static let extendedKeyUsage: [UInt8] = [0x55, 0x1d, 0x25]

    static func read(_ der: [UInt8], _ wrapper: DERElement, into fields: inout CertificateFields) -> Bool {
        var outer = DERCursor(der, inside: wrapper)
        guard let list = outer.next(0x30), outer.isAtEnd, !list.isEmpty else { return false }
        var items = DERCursor(der, inside: list)
        var seen: [ArraySlice<UInt8>] = []
        while !items.isAtEnd {
            guard seen.count < 32, let item = items.next(0x30) else { return false }
            var parts = DERCursor(der, inside: item)
            guard let oidElement = parts.next(0x06) else { return false }
            if let critical = parts.next(0x01) {
                // DER leaves out a FALSE default; swift-asn1 refuses it written.
                guard critical.contentCount == 1, der[critical.contentStart] == 0xff else { return false }
            }
            guard let value = parts.next(0x04), parts.isAtEnd else { return false }
            let oid = der[oidElement.contentStart..<oidElement.end]
            guard ObjectIdentifierText.isValid(oid), !seen.contains(where: { $0.elementsEqual(oid) }) else { return false }
            seen.append(oid)

            // Each value is parsed whole: one element, nothing after it.
            var content = DERCursor(der, inside: value)
            let known: Bool
            if oid.elementsEqual(basicConstraints) {
                known = readBasicConstraints(der, &content, into: &fields)
            } else if oid.elementsEqual(subjectAltName) {
                known = readSubjectAltName(der, &content, into: &fields)
            } else if oid.elementsEqual(subjectKeyIdentifier) {
                guard let octets = content.next(0x04) else { return false }
                fields.subjectKeyIdentifier = Array(der[octets.contentStart..<octets.end])
                known = true
            } else if oid.elementsEqual(authorityKeyIdentifier) {
                known = readAuthorityKeyIdentifier(der, &content, into: &fields)
            } else if oid.elementsEqual(extendedKeyUsage) {
                known = readExtendedKeyUsage(der, &content, into: &fields)
            } else {
                continue  // Not read by the summary, nor parsed by swift-certificates on the way.
            }
            guard known, content.isAtEnd else { return false }
        }
        return true
    }

    /// `SEQUENCE {}` (an end entity), `SEQUENCE { TRUE }`, `SEQUENCE { TRUE, INTEGER }`.
    private static func readBasicConstraints(_ der: [UInt8], _ content: inout DERCursor, into fields: inout CertificateFields) -> Bool {
        guard let sequence = content.next(0x30) else { return false }
        var parts = DERCursor(der, inside: sequence)
        guard let isCA = parts.next(0x01) else {
            guard parts.isAtEnd else { return false }
            fields.basicConstraints = .notCA
            return true
        }
        guard isCA.contentCount == 1, der[isCA.contentStart] == 0xff else { return false }
        var pathLength: Int?
        if let integer = parts.next(0x02) {
            guard CertificateFieldReader.isUnsignedInteger(der, integer), integer.contentCount <= 4 else { return false }
            pathLength = der[integer.contentStart..<integer.end].reduce(0) { $0 << 8 | Int($1) }
        }
        guard parts.isAtEnd else { return false }
        fields.basicConstraints = .ca(pathLength: pathLength)
        return true
    }

    /// dNSName, uniformResourceIdentifier (IA5String) and iPAddress entries; rfc822Name read past.
    private static func readSubjectAltName(_ der: [UInt8], _ content: inout DERCursor, into fields: inout CertificateFields) -> Bool {
        guard let sequence = content.next(0x30), !sequence.isEmpty else { return false }
        var names = DERCursor(der, inside: sequence)
        var dnsNames: [String] = []
        var spiffeID = ""
        var ipAddresses: [[UInt8]] = []
        while !names.isAtEnd {
            guard let name = names.next() else { return false }
            let bytes = der[name.contentStart..<name.end]
            switch name.tag {
            case 0x81, 0x82, 0x86:
                guard bytes.allSatisfy({ $0 < 0x80 }) else { return false }
                if name.tag == 0x82 {
                    dnsNames.append(String(decoding: bytes, as: UTF8.self))
                } else if name.tag == 0x86, spiffeID.isEmpty, bytes.starts(with: spiffeScheme) {
                    // The first spiffe:// URI is the workload's identity (SPIFFE allows exactly one).
                    spiffeID = String(decoding: bytes, as: UTF8.self)
                }
            case 0x87:
                ipAddresses.append(Array(bytes))
            default:
                return false
            }
        }
        fields.dnsNames = dnsNames
        fields.spiffeID = spiffeID
        fields.ipAddresses = ipAddresses
        return true
    }

    private static let spiffeScheme = Array("spiffe://".utf8)

    /// `SEQUENCE { [0] keyIdentifier }` or `SEQUENCE {}`; the issuer-and-serial form is the full parser's.
    private static func readAuthorityKeyIdentifier(_ der: [UInt8], _ content: inout DERCursor, into fields: inout CertificateFields) -> Bool {
        guard let sequence = content.next(0x30) else { return false }
        var parts = DERCursor(der, inside: sequence)
        if let keyIdentifier = parts.next(0x80) {
            fields.authorityKeyIdentifier = Array(der[keyIdentifier.contentStart..<keyIdentifier.end])
        }
        return parts.isAtEnd
    }

    /// `SEQUENCE OF OBJECT IDENTIFIER`, at most 32 and none twice, as swift-certificates requires.
    private static func readExtendedKeyUsage(_ der: [UInt8], _ content: inout DERCursor, into fields: inout CertificateFields) -> Bool {
        guard let sequence = content.next(0x30) else { return false }
        var oids = DERCursor(der, inside: sequence)
        var seen: [ArraySlice<UInt8>] = []
        var names: [String] = []
        while !oids.isAtEnd {
            guard seen.count < 32, let element = oids.next(0x06) else { return false }
            let oid = der[element.contentStart..<element.end]
            guard !seen.contains(where: { $0.elementsEqual(oid) }), let name = usageName(oid) else { return false }
            seen.append(oid)
            names.append(name)
        }
        fields.extendedKeyUsage = names
        return true
    }

    private static let usages: [([UInt8], String)] = [
        ([0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01], "server_auth"),
        ([0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02], "client_auth"),
        ([0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x03], "code_signing"),
        ([0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x04], "email_protection"),
        ([0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x08], "time_stamping"),
        ([0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x09], "ocsp_signing"),
        ([0x55, 0x1d, 0x25, 0x00], "any"),
        ([0x2b, 0x06, 0x01, 0x04, 0x01, 0xd6, 0x79, 0x02, 0x04, 0x04], "certificate_transparency"),
    ]

    /// The names `CertificateDecoder` gives usages; others are their dotted OID.
    private static func usageName(_ oid: ArraySlice<UInt8>) -> String? {
        if let known = usages.first(where: { $0.0.elementsEqual(oid) }) { return known.1 }
        return ObjectIdentifierText.dotted(oid)
    }
}
