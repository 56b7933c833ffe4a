import Slipstream

/// The update workload run end to end through the DSL's `stateful` stage: a generator source, the
/// partitioned edge that routes each key to its owner, and the stage's entry-processor update of a small
/// struct. Unlike ``UpdateBenchmark``, routing, queues and the source's own work are inside the timing, on the
/// same worker threads, as in a real job.
struct StatefulStageBenchmark {
    let keys: [Int]

    /// Updates per second with `threads` cooperative worker threads, and how many keys hold state at the end.
    func run(threads: Int) throws -> (updatesPerSecond: Double, entries: Int) {
        let keys = self.keys
        let entries = Collector<Int>()
        let pipeline = Pipeline("grid-bench-stateful") { p in
            p.read(.generator(count: keys.count) { keys[$0] }, parallelism: threads)
                .grouped(by: { $0 })
                .stateful(initial: { Activity() }) { (activity: inout Activity, _: Int) -> Int? in
                    activity.count &+= 1
                    activity.sum += 1
                    // A key's first update says it now holds state: counted once per key, off the common path.
                    return activity.count == 1 ? 1 : nil
                }
                .write(.collect(into: entries))
        }
        let start = monotonicSeconds()
        try pipeline.run(PipelineConfiguration(cooperativeThreads: threads, job: JobConfig(defaultParallelism: threads)))
        return (Double(keys.count) / (monotonicSeconds() - start), entries.count)
    }
}
