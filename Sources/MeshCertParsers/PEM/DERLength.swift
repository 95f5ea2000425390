/// The length of the first DER element in a buffer, header included; `nil` when it does not fit.
public enum DERLength {
    public static func firstElementLength(_ bytes: ArraySlice<UInt8>) -> Int? {
        var index = bytes.startIndex
        guard bytes.count >= 2 else { return nil }
        index += 1  // tag (certificates use single-byte tags)
        let first = bytes[index]
        index += 1
        var length = 0
        if first & 0x80 == 0 {
            length = Int(first)
        } else {
            let octets = Int(first & 0x7f)
            guard octets > 0, octets <= 4, index + octets <= bytes.endIndex else { return nil }
            for _ in 0..<octets {
                length = length << 8 | Int(bytes[index])
                index += 1
            }
        }
        let total = index - bytes.startIndex + length
        return total <= bytes.count ? total : nil
    }
}
