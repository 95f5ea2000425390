import Foundation

/// Where sources run: threads of their own, not the cooperative pool that serves HTTP. A file or dump
/// read that blocks in the kernel (a hung mount's `read` or `stat`) holds one of these threads and
/// nothing else. A thread is started when a job finds none idle (up to `maximumThreads`) and ends
/// after `idleSeconds` without work, so a hung read costs one thread and a quiet exporter none.
final class BlockingExecutor: TaskExecutor, @unchecked Sendable {
    static let shared = BlockingExecutor()

    let maximumThreads: Int
    let idleSeconds: TimeInterval
    // Guarded by `condition`.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var head = 0
    private var threads = 0
    private var idle = 0

    init(maximumThreads: Int = 64, idleSeconds: TimeInterval = 10) {
        self.maximumThreads = maximumThreads
        self.idleSeconds = idleSeconds
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        let start = idle == 0 && threads < maximumThreads
        if start { threads += 1 } else { condition.signal() }
        condition.unlock()
        if start {
            let thread = Thread { [self] in work() }
            thread.name = "meshcert-source"
            thread.start()
        }
    }

    private func work() {
        while let job = next() {
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }

    private func next() -> UnownedJob? {
        condition.lock()
        defer { condition.unlock() }
        while head == jobs.count {
            idle += 1
            let woken = condition.wait(until: Date(timeIntervalSinceNow: idleSeconds))
            idle -= 1
            if !woken && head == jobs.count {
                threads -= 1
                return nil
            }
        }
        let job = jobs[head]
        head += 1
        if head == jobs.count || head > 1024 {
            jobs.removeFirst(head)
            head = 0
        }
        return job
    }
}
