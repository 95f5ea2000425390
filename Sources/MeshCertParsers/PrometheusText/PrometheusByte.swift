enum PrometheusByte {
    static let newline: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
    static let hash: UInt8 = 0x23
    static let quote: UInt8 = 0x22
    static let backslash: UInt8 = 0x5C
    static let openBrace: UInt8 = 0x7B
    static let closeBrace: UInt8 = 0x7D
    static let comma: UInt8 = 0x2C
    static let equals: UInt8 = 0x3D
    static let underscore: UInt8 = 0x5F
    static let colon: UInt8 = 0x3A
    static let plus: UInt8 = 0x2B
    static let minus: UInt8 = 0x2D
    static let dot: UInt8 = 0x2E
    static let zero: UInt8 = 0x30
    static let letterN: UInt8 = 0x6E

    @inline(__always) static func isBlank(_ b: UInt8) -> Bool { b == space || b == tab }
    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b &- zero < 10 }
    @inline(__always) static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) &- 0x61 < 26 }
    @inline(__always) static func isLabelNameStart(_ b: UInt8) -> Bool { isLetter(b) || b == underscore }
    @inline(__always) static func isLabelNameChar(_ b: UInt8) -> Bool { isLabelNameStart(b) || isDigit(b) }
    @inline(__always) static func isMetricNameStart(_ b: UInt8) -> Bool { isLabelNameStart(b) || b == colon }
    @inline(__always) static func isMetricNameChar(_ b: UInt8) -> Bool { isLabelNameChar(b) || b == colon }
}
