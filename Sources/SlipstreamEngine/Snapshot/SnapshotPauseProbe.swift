import Foundation

/// Measures how long a snapshot holds processing up, from outside the engine: while the snapshot runs it samples
/// the job's metrics and keeps the longest stretch in which items were queued yet no processor took one.
///
/// It samples on a thread of its own, so a busy Swift concurrency pool cannot make it miss a stall; it costs
/// one ``Job/metrics`` read per period, only while a snapshot is in flight, never on the processors' threads.
final class SnapshotPauseProbe: @unchecked Sendable {
    // `stopped` and `longest` are guarded by `lock`; the rest is immutable.
    private let job: Job
    private let period: Duration
    private let lock = NSLock()
    private var stopped = false
    private var longest = Duration.zero
    private let finished = DispatchSemaphore(value: 0)

    /// Starts sampling `job` every `period`.
    init(job: Job, period: Duration) {
        self.job = job
        self.period = period
        let thread = Thread { [self] in sample() }
        thread.name = "slipstream-snapshot-probe"
        thread.start()
    }

    /// Stops sampling and returns the longest stall seen.
    func stop() -> Duration {
        lock.withLock { stopped = true }
        finished.wait()
        return lock.withLock { longest }
    }

    private func sample() {
        defer { finished.signal() }
        let clock = ContinuousClock()
        var lastProgress = clock.now
        var lastItemsIn = -1
        let (seconds, attoseconds) = period.components
        let sleepMicroseconds = max(100, Int(seconds) * 1_000_000 + Int(attoseconds / 1_000_000_000_000))
        while !lock.withLock({ stopped }) {
            let now = clock.now
            var itemsIn = 0
            var queued = 0
            for vertex in job.metrics.vertices {
                itemsIn += vertex.itemsIn
                queued += vertex.queuedItems
            }
            if itemsIn != lastItemsIn || queued == 0 {
                lastItemsIn = itemsIn
                lastProgress = now
            } else {
                let stall = now - lastProgress
                lock.withLock { longest = max(longest, stall) }
            }
            Thread.sleep(forTimeInterval: Double(sleepMicroseconds) / 1_000_000)
        }
    }
}
