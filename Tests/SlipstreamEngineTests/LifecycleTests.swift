import Atomics
import Foundation
import SlipstreamEngine
import Testing

@Suite struct LifecycleTests {
    @Test func jobCompletesWhenAllBoundedSourcesEnd() async throws {
        let recording = Recording<Int>()
        var dag = DAG()
        let short = dag.addVertex("short", localParallelism: 1) { _ in SequenceSourceProcessor(0..<3) }
        let long = dag.addVertex("long", localParallelism: 2) { context in
            SequenceSourceProcessor(stride(from: 100 + context.instance, to: 5_100, by: 2))
        }
        let empty = dag.addVertex("empty", localParallelism: 1) { _ in SequenceSourceProcessor([Int]()) }
        let sink = dag.addVertex("sink", localParallelism: 1) { _ in RecordingSinkProcessor(recording: recording) }
        dag.addEdge(from: short, to: sink)
        dag.addEdge(from: long, to: sink)
        dag.addEdge(from: empty, to: sink)

        let job = try Job.start(dag, cooperativeThreadCount: 2)
        try job.waitForCompletion()

        #expect(job.status == .completed)
        let expected = Array(0..<3) + Array(100..<5_100)
        #expect(recording.allItems.count == expected.count)
        #expect(recording.allItems.sorted() == expected, "items differ")
    }

    @Test func throwingProcessorFailsTheJobNamingVertexAndError() async throws {
        var dag = DAG()
        let source = dag.addVertex("source") { _ in SequenceSourceProcessor(0..<10_000) }
        let fail = dag.addVertex("validate", localParallelism: 2) { _ in FailingProcessor(failOn: 4_321) }
        let sink = dag.addVertex("sink") { _ in ForEachSinkProcessor { (_: Int) in } }
        dag.addEdge(from: source, to: fail)
        dag.addEdge(from: fail, to: sink)

        let job = try Job.start(dag, cooperativeThreadCount: 2)
        let error = await #expect(throws: EngineError.self) { try await job.join() }
        #expect(error?.code == .processorFailed)
        #expect(error?.vertex == "validate")
        #expect(error?.underlying as? BoomError == BoomError(item: 4_321))
        #expect(error?.description.contains("validate") == true)
        #expect(job.status == .failed(.processorFailed))
    }

    @Test func failingFactoryFailsTheStart() {
        struct FactoryError: Error {}
        var dag = DAG()
        dag.addVertex("broken") { (_: ProcessorContext) throws -> SequenceSourceProcessor<[Int]> in throw FactoryError() }
        let error = #expect(throws: EngineError.self) { try Job.start(dag, cooperativeThreadCount: 1) }
        #expect(error?.vertex == "broken")
        #expect(error?.underlying is FactoryError)
    }

    @Test func failingInitializeFailsTheJob() async throws {
        struct InitError: Error {}
        struct BadInit: Processor {
            typealias Input = Never
            typealias Output = Int
            mutating func initialize(context: ProcessorContext) throws { throw InitError() }
            mutating func process(ordinal: Int, inbox: inout Inbox<Never>, outbox: Outbox<Int>) {}
        }
        var dag = DAG()
        dag.addVertex("bad") { _ in BadInit() }
        let job = try Job.start(dag, cooperativeThreadCount: 1)
        let error = await #expect(throws: EngineError.self) { try await job.join() }
        #expect(error?.vertex == "bad")
        #expect(error?.underlying is InitError)
    }

    @Test(arguments: [true, false])
    func cancelWorksWhileProducersWaitOnFullQueues(cooperativeSource: Bool) async throws {
        let gate = ManagedAtomic(false)
        let received = ManagedAtomic(0)
        var dag = DAG()
        let source = dag.addVertex("endless", localParallelism: 2) { _ in
            EndlessSourceProcessor(cooperative: cooperativeSource)
        }
        let map = dag.addVertex("map", localParallelism: 2) { _ in MapProcessor { (n: Int) in n + 1 } }
        let sink = dag.addVertex("stuck", localParallelism: 1) { _ in
            GatedSinkProcessor<Int>(gate: gate, received: received)
        }
        dag.addEdge(from: source, to: map)
        dag.addEdge(from: map, to: sink)
        let job = try Job.start(dag, config: JobConfig(queueCapacity: 32), cooperativeThreadCount: 2)

        // Wait until every queue on the way is full and the source cannot emit any more.
        let filled = await eventually {
            let metrics = job.metrics
            return metrics[vertex: "stuck"]?.queuedItems == metrics[vertex: "stuck"]?.queueCapacity
                && metrics[vertex: "map"]?.queuedItems == metrics[vertex: "map"]?.queueCapacity
        }
        #expect(filled)
        #expect(job.status == .running)

        job.cancel()
        let error = await #expect(throws: EngineError.self) { try await job.join() }
        #expect(error?.code == .cancelled)
        #expect(job.status == .cancelled)
        #expect(received.load(ordering: .relaxed) == 0)
    }

    @Test func cancellingTheJoiningTaskCancelsTheJob() async throws {
        var dag = DAG()
        let source = dag.addVertex("endless", localParallelism: 1) { _ in EndlessSourceProcessor() }
        let sink = dag.addVertex("sink", localParallelism: 1) { _ in ForEachSinkProcessor { (_: Int) in } }
        dag.addEdge(from: source, to: sink)
        let job = try Job.start(dag, cooperativeThreadCount: 1)
        let waiter = Task { try await job.join() }
        waiter.cancel()
        await #expect(throws: EngineError.self) { try await waiter.value }
        #expect(job.status == .cancelled)
    }

    /// Blocks inside its calls until released, as a blocking client would.
    struct BlockingSourceProcessor: Processor {
        typealias Input = Never
        let release: DispatchSemaphore
        var isCooperative: Bool { false }

        mutating func process(ordinal: Int, inbox: inout Inbox<Never>, outbox: Outbox<Int>) {}

        mutating func complete(outbox: Outbox<Int>) -> Bool {
            release.wait()
            release.signal()
            return true
        }
    }

    @Test func aBlockingNonCooperativeProcessorDoesNotHoldUpTheWorkers() async throws {
        let service = ExecutionService(cooperativeThreadCount: 1)
        defer { service.shutdown() }
        let release = DispatchSemaphore(value: 0)
        var blocking = DAG()
        blocking.addVertex("blocking", localParallelism: 1) { _ in BlockingSourceProcessor(release: release) }
        let blocked = try service.submit(blocking, config: JobConfig(name: "blocked"))

        let collector = Collector<Int>()
        var dag = DAG()
        let source = dag.addVertex("source", localParallelism: 1) { _ in SequenceSourceProcessor(0..<1_000) }
        let sink = dag.addVertex("sink", localParallelism: 1, processor: collectingSink(collector))
        dag.addEdge(from: source, to: sink)
        let job = try service.submit(dag, config: JobConfig(name: "cooperative"))

        // The only cooperative worker is free: the cooperative job completes while the other one blocks.
        let completed = await eventually { job.status == .completed }
        release.signal()
        #expect(completed)
        #expect(collector.items.count == 1_000)
        try await blocked.join()
    }

    @Test func jobsShareAnExecutionService() async throws {
        let service = ExecutionService(cooperativeThreadCount: 2)
        defer { service.shutdown() }
        let collectors = (0..<3).map { _ in Collector<Int>() }
        var jobs: [Job] = []
        for (index, collector) in collectors.enumerated() {
            var dag = DAG()
            let source = dag.addVertex("source", localParallelism: 1) { _ in
                SequenceSourceProcessor(0..<(1_000 * (index + 1)))
            }
            let sink = dag.addVertex("sink", localParallelism: 1, processor: collectingSink(collector))
            dag.addEdge(from: source, to: sink)
            jobs.append(try service.submit(dag, config: JobConfig(name: "job-\(index)")))
        }
        for job in jobs { try await job.join() }
        for (index, collector) in collectors.enumerated() {
            #expect(collector.items.sorted() == Array(0..<(1_000 * (index + 1))), "job \(index) lost or duplicated items")
        }
        #expect(service.cooperativeThreadCount == 2)
        service.shutdown()
        var dag = DAG()
        dag.addVertex("source") { _ in SequenceSourceProcessor([1]) }
        #expect(throws: EngineError.self) { try service.submit(dag) }
    }
}
