/// Measures how long a snapshot holds processing up, from outside the engine: while the snapshot runs it samples
/// the job's metrics and keeps the longest stretch in which items were queued yet no processor took one.
///
/// Sampling costs one ``Job/metrics`` read per period and runs only while a snapshot is in flight, never on the
/// processors' threads.
struct SnapshotPauseProbe: Sendable {
    let job: Job
    let period: Duration

    /// Samples until the task is cancelled and returns the longest stall seen.
    func run() async -> Duration {
        let clock = ContinuousClock()
        var longest = Duration.zero
        var lastProgress = clock.now
        var lastItemsIn = -1
        while !Task.isCancelled {
            let now = clock.now
            let metrics = job.metrics
            var itemsIn = 0
            var queued = 0
            for vertex in metrics.vertices {
                itemsIn += vertex.itemsIn
                queued += vertex.queuedItems
            }
            if itemsIn != lastItemsIn || queued == 0 {
                lastItemsIn = itemsIn
                lastProgress = now
            } else {
                longest = max(longest, now - lastProgress)
            }
            try? await Task.sleep(for: period)
        }
        return longest
    }
}
