import Foundation
import Logging
import MeshCertCore
import MeshCertSources

/// Runs one collection across every source at once, under a deadline, and judges the result.
/// Remembers what must survive between scrapes (rotations, error counts) in its `CollectionJudge`.
/// The answer is ready when the deadline comes, whatever a source is doing: each source runs on
/// threads of its own (`SourceRunner`), and one that is late is served from its last complete read.
public actor ScrapeCoordinator {
    public nonisolated let sources: [SourceInstance]
    private nonisolated let runners: [SourceRunner]
    private var judge: CollectionJudge
    private let parseCache = CertificateParseCache()
    private let logger: Logger

    public init(configuration: ExporterConfiguration, logger: Logger) {
        self.init(
            instances: configuration.makeSources(),
            thresholds: configuration.thresholds,
            rotationPolicy: configuration.rotationPolicy,
            issuingMemory: configuration.issuingMemory,
            logger: logger
        )
    }

    /// Certificate sources built in code (tests, the demo).
    public init(sources: [any CertificateSource], thresholds: LayerThresholds, rotationPolicy: RotationPolicy, logger: Logger) {
        self.init(instances: sources.map(SourceInstance.init), thresholds: thresholds, rotationPolicy: rotationPolicy, logger: logger)
    }

    public init(instances: [SourceInstance], thresholds: LayerThresholds, rotationPolicy: RotationPolicy, issuingMemory: TimeInterval = 3600, logger: Logger) {
        self.sources = instances
        self.runners = instances.map { SourceRunner($0, executor: .shared) }
        self.judge = CollectionJudge(thresholds: thresholds, rotationPolicy: rotationPolicy, issuingMemory: issuingMemory)
        self.logger = logger
    }

    /// Work sources do on their own cadence (stats polling), for the service group to run.
    public nonisolated var activities: [any SourceActivity] { sources.compactMap(\.activity) }

    /// Collects every source; the answer is ready by `timeout` (clamped to `ScrapeTimeout`'s range).
    public func collect(now: Date = Date(), timeout: TimeInterval) async -> CollectionSnapshot {
        let timeout = ScrapeTimeout.clamped(timeout)
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .milliseconds(Int64(timeout * 1000)))
        // Sources are told a deadline a little before the coordinator's own, so one that keeps it
        // (an endpoint answering "timeout" itself) is heard even on a loaded machine.
        let grace = min(0.5, timeout * 0.2)
        let context = CollectionContext(now: now, deadline: deadline.advanced(by: .milliseconds(-Int64(grace * 1000))), parseCache: parseCache)
        var outcomes: [SourceOutcome?] = Array(repeating: nil, count: runners.count)
        var changes: [(String, Bool)] = []
        await withTaskGroup(of: (Int, SourceOutcome, Bool?).self) { group in
            for (index, runner) in runners.enumerated() {
                group.addTask {
                    let (outcome, changed) = await runner.outcome(context, until: deadline, timeout: timeout)
                    return (index, outcome, changed)
                }
            }
            for await (index, outcome, changed) in group {
                outcomes[index] = outcome
                if let changed { changes.append((outcome.descriptor.name, changed)) }
            }
        }
        for (source, late) in changes.sorted(by: { $0.0 < $1.0 }) {
            if late {
                logger.warning(
                    "collection did not finish before the deadline; serving the source's last complete read until it does",
                    metadata: ["source": "\(LogText.escaped(source))", "timeout_seconds": "\(timeout)"]
                )
            } else {
                logger.info("collection finishes before the deadline again", metadata: ["source": "\(LogText.escaped(source))"])
            }
        }
        let finished = outcomes.compactMap { $0 }
        for outcome in finished {
            for error in outcome.report.freshErrors {
                logger.warning(
                    "\(LogText.escaped(error.location)) \(LogText.escaped(error.message))",
                    metadata: ["source": "\(LogText.escaped(outcome.descriptor.name))", "reason": "\(error.reason.rawValue)"]
                )
            }
        }
        parseCache.sweep()
        return judge.judge(finished, now: now)
    }
}
