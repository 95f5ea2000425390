/// Sizes as operators write them: `16MiB`, `512KiB`, `4MB`, `1GB`, `100B` or plain bytes (`65536`).
/// `KiB`/`MiB`/`GiB` are powers of 1024, `KB`/`MB`/`GB` of 1000, as in the configuration loader.
public enum ByteSize {
    /// The largest size accepted unless a caller narrows it: larger is a mistake, not a file limit.
    public static let maximum = 1 << 40

    private static let units: [(suffix: String, factor: Int)] = [
        ("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("KB", 1000), ("MB", 1_000_000), ("GB", 1_000_000_000), ("B", 1),
    ]

    /// The size in bytes, or nil when the text is not a size or falls outside `range`; never traps,
    /// however many digits it has.
    public static func parse(_ text: String, range: ClosedRange<Int> = 1...maximum) -> Int? {
        var number = Substring(text)
        var factor = 1
        for unit in units where text.hasSuffix(unit.suffix) {
            number = text.dropLast(unit.suffix.count)
            factor = unit.factor
            break
        }
        number = number.drop(while: { $0 == " " })
        while number.last == " " { number = number.dropLast() }
        // Digits only: no sign, no "0x", no "1e3", no "_".
        guard !number.isEmpty, number.utf8.count <= 19, number.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let value = Int(number)
        else { return nil }
        let (bytes, overflow) = value.multipliedReportingOverflow(by: factor)
        guard !overflow, range.contains(bytes) else { return nil }
        return bytes
    }
}
