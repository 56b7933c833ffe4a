import Atomics
import SlipstreamEngine
import Testing

@Suite struct BackpressureTests {
    @Test func slowSinkBoundsWhatIsInFlightAndEverythingArrivesOnceItCatchesUp() async throws {
        let items = 200_000
        let capacity = 64
        let gate = ManagedAtomic(false)
        let received = ManagedAtomic(0)
        var dag = DAG()
        let source = dag.addVertex("source", localParallelism: 2) { context in
            SequenceSourceProcessor(stride(from: context.instance, to: items, by: context.parallelism))
        }
        let map = dag.addVertex("map", localParallelism: 2) { _ in MapProcessor { (n: Int) in n * 2 } }
        let sink = dag.addVertex("sink", localParallelism: 1) { _ in
            GatedSinkProcessor<Int>(gate: gate, received: received)
        }
        dag.addEdge(from: source, to: map)
        dag.addEdge(from: map, to: sink)
        let config = JobConfig(queueCapacity: capacity, outboxBatchLimit: 16)
        let job = try Job.start(dag, config: config, cooperativeThreadCount: 2)

        // The sink takes nothing: the source stops once the queues on the way are full.
        let stalled = await eventually {
            let metrics = job.metrics
            return metrics[vertex: "sink"]?.queuedItems == metrics[vertex: "sink"]?.queueCapacity
                && metrics[vertex: "map"]?.queuedItems == metrics[vertex: "map"]?.queueCapacity
        }
        #expect(stalled)
        let before = job.metrics
        try await Task.sleep(for: .milliseconds(50))
        let after = job.metrics
        // Stalled, and bounded: nothing moves, and what left the source is what the queues hold.
        #expect(after[vertex: "source"]?.itemsOut == before[vertex: "source"]?.itemsOut)
        let queued = (after[vertex: "map"]?.queuedItems ?? 0) + (after[vertex: "sink"]?.queuedItems ?? 0)
        #expect(after[vertex: "source"]?.itemsOut == queued)
        #expect(queued == 2 * 2 * capacity + 2 * capacity)
        for vertex in after.vertices {
            #expect(vertex.peakQueueFill <= capacity, "\(vertex.name) queue fill above capacity")
        }

        gate.store(true, ordering: .relaxed)
        try await job.join()
        #expect(received.load(ordering: .relaxed) == items)
        for vertex in job.metrics.vertices {
            #expect(vertex.peakQueueFill <= capacity, "\(vertex.name) queue fill above capacity")
        }
    }
}
