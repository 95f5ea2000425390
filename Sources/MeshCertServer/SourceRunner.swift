import Foundation
import MeshCertCore
import MeshCertSources
import Synchronization

/// Runs one source's reads: at most one in flight, on the blocking executor, never awaited past a
/// scrape's deadline. Scrapes that arrive while a read runs wait for that same read (two Prometheus
/// servers scraping at once share it); a scrape whose deadline passes first gets the last complete
/// read instead, marked as having missed the deadline.
final class SourceRunner: Sendable {
    /// One finished read.
    struct Read: Sendable {
        var report: SourceReport
        var duration: TimeInterval
        var generation: Int
    }

    private struct State {
        var running = false
        var waiters: [Int: CheckedContinuation<Read?, Never>] = [:]
        var nextWaiter = 0
        var last: Read?
        var generation = 0
        /// Generations whose fresh errors were handed to the judge: a read shared by two scrapes counts
        /// its errors once, whichever order the scrapes are judged in (only the newest few are kept).
        var judgedGenerations: Set<Int> = []
        var late = false
    }

    let instance: SourceInstance
    private let executor: BlockingExecutor
    private let state = Mutex(State())

    init(_ instance: SourceInstance, executor: BlockingExecutor) {
        self.instance = instance
        self.executor = executor
    }

    /// What this source has for a scrape: its read if it finishes by `deadline`, else the last
    /// complete one. `lateChanged` (true: now late, false: on time again) lets the coordinator log
    /// the change once, not every scrape.
    func outcome(_ context: CollectionContext, until deadline: ContinuousClock.Instant, timeout: TimeInterval) async -> (outcome: SourceOutcome, lateChanged: Bool?) {
        let read = await waitForRead(context, until: deadline)
        return state.withLock { state in
            let missed = read == nil
            let changed = state.late != missed ? missed : nil
            state.late = missed
            var report = (read ?? state.last)?.report ?? SourceReport()
            let generation = (read ?? state.last)?.generation ?? 0
            if generation > 0, state.judgedGenerations.insert(generation).inserted {
                if state.judgedGenerations.count > 64 { state.judgedGenerations = state.judgedGenerations.filter { $0 > generation - 32 } }
            } else {
                report.freshErrors = []
            }
            let duration = read?.duration ?? timeout
            return (SourceOutcome(descriptor: instance.descriptor, report: report, duration: duration, missedDeadline: missed), changed)
        }
    }

    /// nil when the deadline passes first, or when the scrape is cancelled (shutdown).
    private func waitForRead(_ context: CollectionContext, until deadline: ContinuousClock.Instant) async -> Read? {
        let id = state.withLock { state in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        return await withTaskCancellationHandler {
            await waitForRead(context, until: deadline, id: id)
        } onCancel: {
            stopWaiting(id)
        }
    }

    private func stopWaiting(_ id: Int) {
        if let waiter = state.withLock({ $0.waiters.removeValue(forKey: id) }) { waiter.resume(returning: nil) }
    }

    private func waitForRead(_ context: CollectionContext, until deadline: ContinuousClock.Instant, id: Int) async -> Read? {
        await withCheckedContinuation { (continuation: CheckedContinuation<Read?, Never>) in
            // Registered under the lock only if not cancelled yet; once registered, a cancellation
            // resumes it through `stopWaiting`, so it is resumed exactly once either way.
            let registered: (start: Bool, cancelled: Bool) = state.withLock { state in
                guard !Task.isCancelled else { return (false, true) }
                state.waiters[id] = continuation
                let start = !state.running
                state.running = true
                return (start, false)
            }
            if registered.cancelled {
                continuation.resume(returning: nil)
                return
            }
            if registered.start {
                // Unstructured on purpose: a read that hangs in the kernel must outlive the scrape
                // that started it, holding its own thread and nothing else.
                Task(executorPreference: executor) { [self] in finish(await read(context)) }
            }
            Task { [self] in
                try? await Task.sleep(until: deadline, clock: .continuous)
                stopWaiting(id)
            }
        }
    }

    private func read(_ context: CollectionContext) async -> (SourceReport, TimeInterval) {
        let clock = ContinuousClock()
        let started = clock.now
        var report = await instance.certificates?.collect(context) ?? SourceReport()
        if let traffic = await instance.traffic?.collect(context) {
            report.traffic = traffic.traffic
            report.locations += traffic.locations
            report.freshErrors += traffic.freshErrors
        }
        return (report, started.duration(to: clock.now).seconds)
    }

    private func finish(_ result: (SourceReport, TimeInterval)) {
        let (read, waiters) = state.withLock { state in
            state.running = false
            state.generation += 1
            let read = Read(report: result.0, duration: result.1, generation: state.generation)
            state.last = read
            let waiters = state.waiters.values
            state.waiters = [:]
            return (read, Array(waiters))
        }
        for waiter in waiters { waiter.resume(returning: read) }
    }
}

extension Duration {
    var seconds: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
