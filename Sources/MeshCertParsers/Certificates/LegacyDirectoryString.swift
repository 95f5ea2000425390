import SwiftASN1
import X509

/// Name attributes in the string types swift-certificates keeps as raw `ASN1Any` (old roots use
/// them): TeletexString, read as Latin-1 as OpenSSL does; BMPString, UTF-16BE; UniversalString,
/// UTF-32BE; VisibleString, ASCII. Undecodable code units become U+FFFD, never a trap.
public enum LegacyDirectoryString {
    static let teletexTag: UInt = 20
    static let visibleTag: UInt = 26
    static let universalTag: UInt = 28
    static let bmpTag: UInt = 30

    /// The attribute's text: the plain string types as swift-certificates reads them, the legacy
    /// ones decoded here; nil for anything else (an OCTET STRING, a nested structure).
    public static func text(of value: RelativeDistinguishedName.Attribute.Value) -> String? {
        if let plain = String(value) { return plain }
        var serializer = DER.Serializer()
        guard (try? serializer.serialize(ASN1Any(value))) != nil, let node = try? DER.parse(serializer.serializedBytes),
            node.identifier.tagClass == .universal, case .primitive(let bytes) = node.content
        else { return nil }
        return text(tag: node.identifier.tagNumber, bytes: bytes)
    }

    /// The text of a primitive universal string value of the given tag number, or nil for other tags.
    public static func text(tag: UInt, bytes: ArraySlice<UInt8>) -> String? {
        switch tag {
        case teletexTag:
            return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
        case visibleTag:
            return String(String.UnicodeScalarView(bytes.map { $0 < 0x80 ? Unicode.Scalar($0) : "\u{fffd}" }))
        case bmpTag:
            var units: [UInt16] = []
            units.reserveCapacity(bytes.count / 2)
            var index = bytes.startIndex
            while index + 1 < bytes.endIndex {
                units.append(UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1]))
                index += 2
            }
            let text = String(decoding: units, as: UTF16.self)
            return bytes.count % 2 == 0 ? text : text + "\u{fffd}"
        case universalTag:
            var scalars = String.UnicodeScalarView()
            var index = bytes.startIndex
            while index + 3 < bytes.endIndex {
                let value = UInt32(bytes[index]) << 24 | UInt32(bytes[index + 1]) << 16 | UInt32(bytes[index + 2]) << 8 | UInt32(bytes[index + 3])
                scalars.append(Unicode.Scalar(value) ?? "\u{fffd}")
                index += 4
            }
            if bytes.count % 4 != 0 { scalars.append("\u{fffd}") }
            return String(scalars)
        default:
            return nil
        }
    }

    /// The name with every legacy-string attribute rewritten as a UTF8String of its text, so its
    /// description reads `CN=Old Root` rather than `CN=ASN1Any([20, 8, …])`; other names are returned as they are.
    public static func decoded(_ name: DistinguishedName) -> DistinguishedName {
        guard name.contains(where: { rdn in rdn.contains(where: { String($0.value) == nil && text(of: $0.value) != nil }) }) else {
            return name
        }
        return DistinguishedName(
            name.map { rdn in
                RelativeDistinguishedName(
                    rdn.map { attribute in
                        guard String(attribute.value) == nil, let text = text(of: attribute.value) else { return attribute }
                        return RelativeDistinguishedName.Attribute(type: attribute.type, value: .init(utf8String: text))
                    }
                )
            }
        )
    }
}
