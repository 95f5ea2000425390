/// Strict base64 over bytes: white space is skipped, anything else outside the alphabet is an error.
public enum Base64 {
    private static let table: [UInt8] = {
        var table = [UInt8](repeating: 0xff, count: 256)
        for (index, byte) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(byte)] = UInt8(index)
        }
        for byte in " \t\r\n".utf8 { table[Int(byte)] = 0xfe }
        table[Int(UInt8(ascii: "="))] = 0xfd
        return table
    }()

    public static func decode(_ input: ArraySlice<UInt8>) -> [UInt8]? {
        // Written straight into the result's storage: the append-per-byte form was a tenth of a
        // cold read of 100,000 certificates.
        var failed = false
        let output = [UInt8](unsafeUninitializedCapacity: input.count * 3 / 4 + 3) { buffer, initialized in
            initialized = 0
            table.withUnsafeBufferPointer { table in
                input.withUnsafeBufferPointer { bytes in
                    var written = 0
                    var accumulator: UInt32 = 0
                    var count = 0
                    var padding = 0
                    for byte in bytes {
                        let value = table[Int(byte)]
                        if value < 64 {
                            guard padding == 0 else {  // data after padding
                                failed = true
                                return
                            }
                            accumulator = accumulator << 6 | UInt32(value)
                            count += 1
                            if count == 4 {
                                buffer[written] = UInt8(truncatingIfNeeded: accumulator >> 16)
                                buffer[written + 1] = UInt8(truncatingIfNeeded: accumulator >> 8)
                                buffer[written + 2] = UInt8(truncatingIfNeeded: accumulator)
                                written += 3
                                accumulator = 0
                                count = 0
                            }
                        } else if value == 0xfd {
                            padding += 1
                        } else if value != 0xfe {
                            failed = true
                            return
                        }
                    }
                    switch (count, padding) {
                    case (0, 0): break
                    case (2, 0), (2, 2):
                        buffer[written] = UInt8(truncatingIfNeeded: accumulator >> 4)
                        written += 1
                    case (3, 0), (3, 1):
                        buffer[written] = UInt8(truncatingIfNeeded: accumulator >> 10)
                        buffer[written + 1] = UInt8(truncatingIfNeeded: accumulator >> 2)
                        written += 2
                    default:
                        failed = true
                        return
                    }
                    initialized = written
                }
            }
        }
        return failed ? nil : output
    }
}
