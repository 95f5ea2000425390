import Testing

@testable import MeshCertParsers

@Suite("Sizes and durations from outside: bounded, never a trap")
struct ByteSizeTests {
    @Test(
        "sizes as the configuration writes them",
        arguments: [
            ("16MiB", 16 << 20), ("512KB", 512_000), ("512KiB", 512 << 10), ("65536", 65536), ("100B", 100), ("1GB", 1_000_000_000),
            ("2GiB", 2 << 30), ("4 MiB", 4 << 20), ("1024GiB", 1 << 40),
        ]
    )
    func sizes(text: String, bytes: Int) {
        #expect(ByteSizeText.parse(text) == bytes)
    }

    @Test(
        "not a size, or outside the range",
        arguments: [
            "", "MiB", "-1", "0", "+5", "1.5MiB", "0x10", "1e3", "16 mib", "1025GiB", "99999999999999999999", "9999999999999999999GiB",
            "9223372036854775807", String(repeating: "9", count: 10_000), "１６MiB", "1_000",
        ]
    )
    func notSizes(text: String) {
        #expect(ByteSizeText.parse(text) == nil)
    }

    @Test(
        "durations beyond 1000 years, infinite or absurdly long are refused",
        arguments: ["1000000y", String(repeating: "9", count: 400) + "s", "99999999999999999999999w", "1001y"]
    )
    func longDurations(text: String) {
        #expect(DurationText.parse(text) == nil)
    }

    @Test("ordinary durations are unchanged, and formatting any number never traps")
    func durations() {
        #expect(DurationText.parse("1d12h") == 129_600)
        #expect(DurationText.parse("1000y") == DurationText.maximumSeconds)
        #expect(DurationText.parse("250ms") == 0.25)
        #expect(DurationText.format(.infinity) == DurationText.format(1e300))
        #expect(DurationText.format(-.infinity).hasPrefix("-"))
        #expect(DurationText.format(.nan) == "NaN")
    }
}
