/// A scrape of 20,000 certificates builds and frees ~50 MB. glibc keeps freed memory in its arenas
/// and the exporter's RSS would stay at the peak; handing it back after each answer keeps the
/// resident size near what the caches really hold.
enum MemoryTrim {
    static func afterScrape() {
        #if os(Linux)
        _ = glibcMallocTrim(0)
        #endif
    }
}

#if os(Linux)
// glibc's malloc_trim(3); not in the Glibc module map.
@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32
#endif
