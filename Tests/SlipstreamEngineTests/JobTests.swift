import SlipstreamEngine
import Testing

@Suite struct JobTests {
    @Test func boundedPipelineCompletesWithEveryItem() async throws {
        var dag = DAG()
        let collector = Collector<Int>()
        let source = dag.addVertex("numbers", localParallelism: 1) { _ in SequenceSourceProcessor(0..<10_000) }
        let doubled = dag.addVertex("double", localParallelism: 3) { _ in MapProcessor { (n: Int) in n * 2 } }
        let even = dag.addVertex("multiple-of-4") { _ in FilterProcessor { (n: Int) in n % 4 == 0 } }
        let sink = dag.addVertex("sink", localParallelism: 1, processor: collectingSink(collector))
        dag.addEdge(from: source, to: doubled)
        dag.addEdge(from: doubled, to: even)
        dag.addEdge(from: even, to: sink, routing: .allToOne)

        let job = try Job.start(dag, config: JobConfig(name: "bounded", queueCapacity: 64), cooperativeThreadCount: 2)
        try await job.join()

        #expect(job.status == .completed)
        #expect(collector.items.sorted() == (0..<10_000).map { $0 * 2 }.filter { $0 % 4 == 0 })
        let metrics = job.metrics
        #expect(metrics[vertex: "numbers"]?.itemsOut == 10_000)
        #expect(metrics[vertex: "double"]?.itemsIn == 10_000)
        #expect(metrics[vertex: "multiple-of-4"]?.itemsOut == 5_000)
        #expect(metrics[vertex: "sink"]?.itemsIn == 5_000)
        #expect(metrics.vertices.allSatisfy { $0.busyNanoseconds > 0 })
        #expect(metrics[vertex: "double"]?.parallelism == 3)
        #expect(metrics[vertex: "double"]?.queueCapacity == 3 * 64)
        #expect(metrics.vertices.allSatisfy { $0.queuedItems == 0 })
    }
}
