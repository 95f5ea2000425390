import Foundation
import Logging
import MeshCertCore
import MeshCertSources
import ServiceLifecycle
import UnixSignals

/// The running exporter: the HTTP server, every source's own activity (stats polling; watchers
/// next) and the signal handling, in one service group.
public enum ExporterService {
    /// Serves until SIGTERM or SIGINT: then it stops accepting, lets scrapes in flight finish for at
    /// most a second, and returns. SIGHUP, SIGUSR1 and SIGUSR2 are logged and ignored (SIGHUP will
    /// reload the configuration).
    public static func run(configuration: ExporterConfiguration, address: ListenAddress, logger: Logger) async throws {
        MemoryTrim.limitArenas()
        for source in configuration.sources {
            logger.info("source configured", metadata: ["source": "\(LogText.escaped(source.name))", "kind": "\(source.kind.rawValue)"])
        }
        logger.info("serving metrics at http://\(address.host == "0.0.0.0" ? "localhost" : address.host):\(address.port)/metrics")
        let coordinator = ScrapeCoordinator(configuration: configuration, logger: logger)
        let app = buildApplication(coordinator: coordinator, configuration: configuration, listen: address, logger: logger)
        let services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: app),
            .init(service: SourceActivities(activities: coordinator.activities)),
            .init(service: IgnoredSignals(logger: logger)),
        ]
        var group = ServiceGroupConfiguration(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        // After a second the group cancels what is left: a scrape in flight then answers at once
        // from the sources' last complete reads (SourceRunner waits are cancellable).
        group.maximumGracefulShutdownDuration = .seconds(1)
        try await ServiceGroup(configuration: group).run()
    }
}

/// Runs every source's own activity until shutdown. With none it waits for shutdown: a service that
/// returns early would stop the whole group, and the HTTP server with it.
struct SourceActivities: Service {
    let activities: [any SourceActivity]

    func run() async throws {
        guard !activities.isEmpty else { return try await gracefulShutdown() }
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                for activity in activities { group.addTask { await activity.run() } }
            }
        }
    }
}

/// SIGHUP, SIGUSR1 and SIGUSR2 would end the process by default: trapped, logged, ignored.
struct IgnoredSignals: Service {
    let logger: Logger

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup, .sigusr1, .sigusr2)
        await cancelWhenGracefulShutdown {
            for await signal in signals {
                logger.notice("signal received and ignored (SIGHUP will reload the configuration in a later version)", metadata: ["signal": "\(signal)"])
            }
        }
    }
}
