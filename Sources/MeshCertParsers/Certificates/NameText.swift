/// A Name's RFC 4514 text exactly as swift-certificates' `DistinguishedName.description` writes it
/// (RDNs last to first, joined by `,`; `KEY=value` with its escaping), and the last CN's value as
/// written. Only single-valued RDNs whose values are ASCII UTF8String, valid PrintableString or
/// IA5String: for anything else (legacy strings, a multi-valued RDN, whose attributes swift-certificates
/// sorts by their encoding) the answer is `nil`.
enum NameText {
    static func read(_ der: [UInt8], _ name: DERElement) -> (text: String, commonName: String)? {
        var rdns = DERCursor(der, inside: name)
        var attributes: [[UInt8]] = []
        var commonName: ArraySlice<UInt8>?
        while !rdns.isAtEnd {
            guard let set = rdns.next(0x31) else { return nil }
            var members = DERCursor(der, inside: set)
            guard let attribute = members.next(0x30), members.isAtEnd else { return nil }
            var parts = DERCursor(der, inside: attribute)
            guard let type = parts.next(0x06), let value = parts.next(), parts.isAtEnd,
                valueIsPlainASCII(der, value)
            else { return nil }
            let typeBytes = der[type.contentStart..<type.end]
            guard let key = key(typeBytes) else { return nil }
            let text = der[value.contentStart..<value.end]
            if typeBytes.elementsEqual(commonNameOID) { commonName = text }
            var rendered = key
            rendered.append(UInt8(ascii: "="))
            escape(text, into: &rendered)
            attributes.append(rendered)
        }
        var text: [UInt8] = []
        for (index, attribute) in attributes.reversed().enumerated() {
            if index > 0 { text.append(UInt8(ascii: ",")) }
            text += attribute
        }
        return (String(decoding: text, as: UTF8.self), commonName.map { String(decoding: $0, as: UTF8.self) } ?? "")
    }

    /// UTF8String (ASCII only here, so equal names have equal bytes), PrintableString and IA5String
    /// that swift-asn1 accepts; other strings are kept as `ASN1Any` and described another way.
    private static func valueIsPlainASCII(_ der: [UInt8], _ value: DERElement) -> Bool {
        let bytes = der[value.contentStart..<value.end]
        switch value.tag {
        case 0x0c, 0x16: return bytes.allSatisfy { $0 < 0x80 }
        case 0x13: return bytes.allSatisfy(isPrintable)
        default: return false
        }
    }

    private static func isPrintable(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "?"),
            UInt8(ascii: ":"), UInt8(ascii: "/"), UInt8(ascii: "="), UInt8(ascii: " "), UInt8(ascii: ","), UInt8(ascii: "."):
            true
        default: false
        }
    }

    static let commonNameOID: [UInt8] = [0x55, 0x04, 0x03]

    /// The short names swift-certificates gives; any other type is its dotted OID.
    private static let keys: [([UInt8], [UInt8])] = [
        (commonNameOID, Array("CN".utf8)),
        ([0x55, 0x04, 0x06], Array("C".utf8)),
        ([0x55, 0x04, 0x07], Array("L".utf8)),
        ([0x55, 0x04, 0x08], Array("ST".utf8)),
        ([0x55, 0x04, 0x0a], Array("O".utf8)),
        ([0x55, 0x04, 0x0b], Array("OU".utf8)),
        ([0x55, 0x04, 0x09], Array("STREET".utf8)),
        ([0x09, 0x92, 0x26, 0x89, 0x93, 0xf2, 0x2c, 0x64, 0x01, 0x19], Array("DC".utf8)),
        ([0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x01], Array("E".utf8)),
    ]

    private static func key(_ oid: ArraySlice<UInt8>) -> [UInt8]? {
        if let known = keys.first(where: { $0.0.elementsEqual(oid) }) { return known.1 }
        return ObjectIdentifierText.dotted(oid).map { Array($0.utf8) }
    }

    /// `RelativeDistinguishedName.Attribute.Value.description`: a backslash before leading spaces and `#`,
    /// trailing spaces, and `,+"\<>;` in between.
    static func escape(_ value: ArraySlice<UInt8>, into out: inout [UInt8]) {
        let leading = value.prefix { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "#") }
        let rest = value[leading.endIndex...]
        var trailingStart = rest.endIndex
        while trailingStart > rest.startIndex, value[trailingStart - 1] == UInt8(ascii: " ") { trailingStart -= 1 }
        for byte in leading {
            out.append(UInt8(ascii: "\\"))
            out.append(byte)
        }
        for byte in value[rest.startIndex..<trailingStart] {
            switch byte {
            case UInt8(ascii: ","), UInt8(ascii: "+"), UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "<"), UInt8(ascii: ">"),
                UInt8(ascii: ";"):
                out.append(UInt8(ascii: "\\"))
            default: break
            }
            out.append(byte)
        }
        for byte in value[trailingStart..<rest.endIndex] {
            out.append(UInt8(ascii: "\\"))
            out.append(byte)
        }
    }
}

/// An OBJECT IDENTIFIER's contents as swift-asn1 validates and describes them (the first subidentifier
/// split by 40 as it does); `nil` for an encoding it refuses or one too long to be sure of.
enum ObjectIdentifierText {
    static func isValid(_ oid: ArraySlice<UInt8>) -> Bool {
        components(oid) != nil
    }

    static func dotted(_ oid: ArraySlice<UInt8>) -> String? {
        guard let components = components(oid) else { return nil }
        let (first, second) = components[0].quotientAndRemainder(dividingBy: 40)
        return ([first, second] + components.dropFirst()).map { String($0) }.joined(separator: ".")
    }

    private static func components(_ oid: ArraySlice<UInt8>) -> [UInt64]? {
        guard !oid.isEmpty else { return nil }
        var result: [UInt64] = []
        var value: UInt64 = 0
        var length = 0
        for byte in oid {
            // A leading 0x80 is a non-minimal subidentifier; eight octets (56 bits) is plenty.
            if length == 0 && byte == 0x80 { return nil }
            length += 1
            guard length <= 8 else { return nil }
            value = value << 7 | UInt64(byte & 0x7f)
            if byte & 0x80 == 0 {
                result.append(value)
                value = 0
                length = 0
            }
        }
        return length == 0 ? result : nil
    }
}
