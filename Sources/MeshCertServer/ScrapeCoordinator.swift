import Foundation
import Logging
import MeshCertCore
import MeshCertSources

/// Runs one collection across every source at once, under a deadline, and judges the result.
/// Remembers what must survive between scrapes (rotations, error counts) in its `CollectionJudge`.
public actor ScrapeCoordinator {
    public nonisolated let sources: [any CertificateSource]
    private var judge: CollectionJudge
    private let parseCache = CertificateParseCache()
    private let logger: Logger

    public init(configuration: ExporterConfiguration, logger: Logger) {
        self.init(
            sources: configuration.makeSources(),
            thresholds: configuration.thresholds,
            rotationPolicy: configuration.rotationPolicy,
            logger: logger
        )
    }

    public init(sources: [any CertificateSource], thresholds: LayerThresholds, rotationPolicy: RotationPolicy, logger: Logger) {
        self.sources = sources
        self.judge = CollectionJudge(thresholds: thresholds, rotationPolicy: rotationPolicy)
        self.logger = logger
    }

    /// Collects every source; one that has not answered by the deadline counts as empty for this scrape.
    public func collect(now: Date = Date(), timeout: TimeInterval) async -> CollectionSnapshot {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .milliseconds(Int64(timeout * 1000)))
        // Sources are told a deadline a little before the coordinator's own, so one that keeps it
        // (an endpoint answering "timeout" itself) is heard even on a loaded machine.
        let grace = min(0.5, timeout * 0.2)
        let context = CollectionContext(now: now, deadline: deadline.advanced(by: .milliseconds(-Int64(grace * 1000))), parseCache: parseCache)
        var outcomes: [SourceOutcome?] = Array(repeating: nil, count: sources.count)

        await withTaskGroup(of: (Int, SourceOutcome)?.self) { group in
            for (index, source) in sources.enumerated() {
                group.addTask {
                    let started = clock.now
                    let report = await source.collect(context)
                    let elapsed = started.duration(to: clock.now)
                    return (index, SourceOutcome(descriptor: source.descriptor, report: report, duration: elapsed.seconds))
                }
            }
            group.addTask {
                try? await Task.sleep(until: deadline, clock: clock)
                return nil
            }
            var pending = sources.count
            while pending > 0, let next = await group.next() {
                guard let (index, outcome) = next else { break }  // the deadline passed
                outcomes[index] = outcome
                pending -= 1
            }
            group.cancelAll()
        }

        let finished = outcomes.enumerated().map { index, outcome in
            if let outcome { return outcome }
            let descriptor = sources[index].descriptor
            logger.warning(
                "collection did not finish before the deadline; the source's certificates are missing from this scrape",
                metadata: ["source": "\(descriptor.name)", "timeout_seconds": "\(timeout)"]
            )
            return SourceOutcome(descriptor: descriptor, report: SourceReport(), duration: timeout)
        }
        for outcome in finished {
            for error in outcome.report.freshErrors {
                logger.warning(
                    "\(error.location) \(error.message)",
                    metadata: ["source": "\(outcome.descriptor.name)", "reason": "\(error.reason.rawValue)"]
                )
            }
        }
        parseCache.sweep()
        return judge.judge(finished, now: now)
    }
}

extension Duration {
    var seconds: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
