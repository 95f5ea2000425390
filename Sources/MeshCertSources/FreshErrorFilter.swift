import MeshCertCore

/// Keeps what failed in the previous collection so a failure is reported (logged and counted) once
/// per change, not once per scrape: a file broken an hour ago is one error, not 240.
struct FreshErrorFilter: Sendable {
    private var previous: Set<SourceError> = []

    /// The problems that were not there last time, sorted by location; remembers this collection's.
    mutating func fresh(_ problems: [SourceError]) -> [SourceError] {
        defer { previous = Set(problems) }
        return problems.filter { !previous.contains($0) }.sorted { $0.location < $1.location }
    }
}
