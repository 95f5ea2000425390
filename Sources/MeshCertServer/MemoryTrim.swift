import Foundation

/// A scrape of 20,000 certificates builds and frees ~50 MB. glibc keeps freed memory in its arenas
/// and the exporter's RSS would stay at the peak; handing it back after each answer keeps the
/// resident size near what the caches really hold.
public enum MemoryTrim {
    static func afterScrape() {
        #if os(Linux)
        _ = glibcMallocTrim(0)
        #endif
    }

    /// At most one malloc arena per core (glibc allows eight per core). Each arena keeps its own free
    /// space between the pieces still in use, and the reads, the judge and the answers run on many
    /// threads: at 100,000 certificates, the default left 199 MB resident and one arena per core 187 MB,
    /// for the same work in the same time (one arena in all: 184 MB, but a cold read 0.3 s slower).
    /// glibc's own settings in the environment (`MALLOC_ARENA_MAX`, `GLIBC_TUNABLES=glibc.malloc.arena_max=N`)
    /// are left to rule. Called before the server starts its threads.
    public static func limitArenas() {
        #if os(Linux)
        let environment = ProcessInfo.processInfo.environment
        guard environment["MALLOC_ARENA_MAX"] == nil, !(environment["GLIBC_TUNABLES"] ?? "").contains("glibc.malloc.arena_max") else { return }
        _ = glibcMallopt(mallocArenaMax, Int32(max(2, ProcessInfo.processInfo.activeProcessorCount)))
        #endif
    }
}

#if os(Linux)
// glibc's malloc_trim(3) and mallopt(3); not in the Glibc module map.
@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32

@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32

/// `M_ARENA_MAX` in glibc's malloc.h.
private let mallocArenaMax: Int32 = -8
#endif
