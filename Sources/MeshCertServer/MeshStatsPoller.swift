import Foundation
import Logging
import MeshCertSources
import ServiceLifecycle

/// Polls the mesh's stats URLs on their own cadence, not on the scrape: counter deltas need regular
/// samples whatever Prometheus' scrape interval is. Stops at graceful shutdown.
public struct MeshStatsPoller: Service {
    let sources: [MeshStatsSource]
    let logger: Logger

    public init(sources: [MeshStatsSource], logger: Logger) {
        self.sources = sources
        self.logger = logger
    }

    public func run() async throws {
        // A service that returns early would stop the whole group (and the HTTP server with it).
        guard !sources.isEmpty else { return try await gracefulShutdown() }
        let interval = sources.map(\.options.interval).min() ?? 15
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await withTaskGroup(of: Void.self) { group in
                    for source in sources { group.addTask { await source.poll() } }
                }
                try? await Task.sleep(for: .milliseconds(Int64(interval * 1000)))
            }
        }
    }
}
