/// Polls one source's stats URLs on their own cadence, not on the scrape: counter deltas need
/// regular samples whatever Prometheus' scrape interval is.
struct MeshStatsPolling: SourceActivity {
    let source: MeshStatsSource

    func run() async {
        while !Task.isCancelled {
            await source.poll()
            try? await Task.sleep(for: .milliseconds(Int64(min(source.options.interval, 86_400) * 1000)))
        }
    }
}
