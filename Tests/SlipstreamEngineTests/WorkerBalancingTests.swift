import Testing

@testable import SlipstreamEngine

@Suite struct WorkerBalancingTests {
    /// Settings that move a tasklet almost every millisecond, whatever the loads.
    static let restless = WorkerBalancer.Settings(
        period: 1_000_000, minimumGap: 0, cooldown: 0, minimumTaskletLoad: 0)

    @Test func taskletsMovedBetweenWorkersLoseNothingAndKeepPerKeyOrder() async throws {
        let service = ExecutionService(cooperativeThreadCount: 2, balancing: Self.restless)
        defer { service.shutdown() }
        let keys = 40
        let perSourceInstance = 60_000
        let recording = Recording<Keyed>()
        let partitioner = Partitioner(partitionCount: 17)
        var dag = DAG()
        let source = dag.addKeyedSource(perInstance: perSourceInstance, keys: keys)
        // One busy instance, so that the workers' loads differ.
        let busy = dag.addVertex("busy", localParallelism: 1) { _ in
            MapProcessor { (item: Keyed) -> Keyed in
                var mix = UInt64(item.sequence)
                for _ in 0..<200 { mix = mix &* 6364136223846793005 &+ 1442695040888963407 }
                return mix == 42 ? Keyed(key: -1, sequence: -1) : item
            }
        }
        let relay = dag.addVertex("relay", localParallelism: 3) { _ in MapProcessor { (item: Keyed) in item } }
        let sink = dag.addVertex("sink", localParallelism: 3) { _ in RecordingSinkProcessor(recording: recording) }
        dag.addEdge(from: source, to: busy)
        dag.addEdge(from: busy, to: relay, routing: .partitioned(by: { $0.key }, partitioner: partitioner))
        dag.addEdge(from: relay, to: sink, routing: .partitioned(by: { $0.key }, partitioner: partitioner))

        try await service.submit(dag, config: JobConfig(queueCapacity: 16)).join()

        var total = 0
        for instance in 0..<3 {
            let items = recording.items(instance: instance)
            total += items.count
            expectPerKeyOrder(items)
        }
        #expect(total == 2 * perSourceInstance)
        // The job ran long enough, with a move allowed every millisecond, for tasklets to have changed workers.
        #expect((service.balancer?.moveCount ?? 0) > 0)
    }

    @Test func aHomeRingsTheWorkerItsTaskletMovedTo() {
        let wakeups = [ThreadWakeup(), ThreadWakeup()]
        let home = TaskletHome(wakeups: wakeups, worker: 0)
        // Both workers are about to sleep; the tasklet moves from the first to the second, then work arrives.
        wakeups[0].arm()
        wakeups[1].arm()
        home.move(to: 1)
        home.ring()
        #expect(home.workerIndex == 1)
        #expect(wakeups[1].wait(nanoseconds: 10_000_000_000), "the new worker was not rung")
        #expect(!wakeups[0].wait(nanoseconds: 1_000_000), "the old worker was rung")
    }

    @Test func aProcessorAsksForTheWakeupOfItsOwnTasklet() async throws {
        let asked = Recording<Bool>()
        var dag = DAG()
        dag.addVertex("asks", localParallelism: 2) { _ in WakeupAsker(asked: asked) }
        try await Job.start(dag, cooperativeThreadCount: 2).join()
        #expect(asked.items(instance: 0) == [true] && asked.items(instance: 1) == [true])
        // Outside the engine there is no tasklet to wake.
        #expect(ProcessorWakeup.current.target == nil)
    }

    @Test func aJobReportsTheLoadOfEachWorkerAndTheMovesWhileTheWorkersRun() async throws {
        let service = ExecutionService(cooperativeThreadCount: 2, balancing: Self.restless)
        var dag = DAG()
        let source = dag.addVertex("source", localParallelism: 2) { _ in SequenceSourceProcessor(0..<20_000) }
        let sink = dag.addVertex("sink", localParallelism: 2) { _ in MapProcessor { (value: Int) in value } }
        let end = dag.addVertex("end", localParallelism: 1, processor: collectingSink(Collector<Int>()))
        dag.addEdge(from: source, to: sink)
        dag.addEdge(from: sink, to: end)
        let job = try service.submit(dag)
        try await job.join()

        let metrics = job.metrics
        #expect(metrics.workers.map(\.worker) == [0, 1])
        #expect(metrics.workers.allSatisfy { $0.load >= 0 && $0.load.isFinite })
        #expect(metrics.taskletMoves == service.balancer?.moveCount)
        // Once the service stops, its workers exit and are no longer reported.
        service.shutdown()
        #expect(await eventually { job.metrics.workers.isEmpty })

        let unbalanced = ExecutionService(cooperativeThreadCount: 2, balancesWorkers: false)
        defer { unbalanced.shutdown() }
        let other = try unbalanced.submit(dag)
        try await other.join()
        #expect(other.metrics.workers.isEmpty && other.metrics.taskletMoves == 0)
    }

    @Test func withBalancingOffOrOneWorkerNothingMoves() {
        let off = ExecutionService(cooperativeThreadCount: 2, balancesWorkers: false)
        let single = ExecutionService(cooperativeThreadCount: 1)
        defer {
            off.shutdown()
            single.shutdown()
        }
        #expect(off.balancer == nil)
        #expect(single.balancer == nil)
        #expect(ExecutionService(cooperativeThreadCount: 2).balancer != nil)
    }
}

/// Records, in initialize, whether it got a wake-up of its own tasklet.
private struct WakeupAsker: Processor {
    typealias Input = Never
    typealias Output = Never

    let asked: Recording<Bool>

    mutating func initialize(context: ProcessorContext) throws {
        asked.record(.item(ordinal: 0, ProcessorWakeup.current.target != nil), instance: context.instance)
    }

    mutating func process(ordinal: Int, inbox: inout Inbox<Never>, outbox: Outbox<Never>) {}
}
