import SlipstreamEngine
import Testing

@Suite struct RoutingTests {
    @Test func partitionedEdgeKeepsPerKeyOrderAndSendsEachKeyToItsOwner() async throws {
        let keys = 50
        let perSourceInstance = 4_000
        let recording = Recording<Keyed>()
        let partitioner = Partitioner(partitionCount: 31)
        // Each source instance emits every key with increasing sequence numbers in its own sequence space.
        var dag = DAG()
        let source = dag.addKeyedSource(perInstance: perSourceInstance, keys: keys)
        let relay = dag.addVertex("relay", localParallelism: 3) { _ in MapProcessor { (item: Keyed) in item } }
        let sink = dag.addVertex("sink", localParallelism: 4) { _ in RecordingSinkProcessor(recording: recording) }
        dag.addEdge(from: source, to: relay, routing: .partitioned(by: { $0.key }, partitioner: partitioner))
        dag.addEdge(from: relay, to: sink, routing: .partitioned(by: { $0.key }, partitioner: partitioner))

        try await Job.start(dag, config: JobConfig(queueCapacity: 16), cooperativeThreadCount: 2).join()

        var total = 0
        for instance in 0..<4 {
            let items = recording.items(instance: instance)
            total += items.count
            for item in items {
                let owner = partitioner.instance(ofPartition: partitioner.partition(of: item.key), instanceCount: 4)
                #expect(owner == instance, "key \(item.key) reached instance \(instance), owner is \(owner)")
            }
            expectPerKeyOrder(items)
        }
        #expect(total == 2 * perSourceInstance)
    }

    @Test func broadcastReachesEveryInstanceAndAllToOneOnlyTheFirst() async throws {
        let broadcast = Recording<Int>()
        let gathered = Recording<Int>()
        var dag = DAG()
        let source = dag.addVertex("source", localParallelism: 1) { _ in SequenceSourceProcessor(0..<500) }
        let everyone = dag.addVertex("everyone", localParallelism: 3) { _ in RecordingSinkProcessor(recording: broadcast) }
        let first = dag.addVertex("first", localParallelism: 3) { _ in RecordingSinkProcessor(recording: gathered) }
        dag.addEdge(from: source, to: everyone, routing: .broadcast)
        dag.addEdge(from: source, to: first, routing: .allToOne)

        try await Job.start(dag, config: JobConfig(queueCapacity: 8), cooperativeThreadCount: 2).join()

        for instance in 0..<3 {
            #expect(broadcast.items(instance: instance) == Array(0..<500))
        }
        #expect(gathered.items(instance: 0) == Array(0..<500))
        #expect(gathered.items(instance: 1).isEmpty && gathered.items(instance: 2).isEmpty)
    }

    @Test func isolatedEdgeConnectsEqualInstances() async throws {
        let recording = Recording<Int>()
        var dag = DAG()
        let source = dag.addVertex("source", localParallelism: 3) { context in
            SequenceSourceProcessor(Array(repeating: context.instance, count: 100))
        }
        let sink = dag.addVertex("sink", localParallelism: 3) { _ in RecordingSinkProcessor(recording: recording) }
        dag.addEdge(from: source, to: sink, routing: .isolated)

        try await Job.start(dag, cooperativeThreadCount: 2).join()

        for instance in 0..<3 {
            #expect(recording.items(instance: instance) == Array(repeating: instance, count: 100))
        }
    }

    @Test func lowerPriorityValueIsReadToItsEndFirst() async throws {
        let recording = Recording<Int>()
        var dag = DAG()
        let stream = dag.addVertex("stream", localParallelism: 2) { _ in SequenceSourceProcessor(1_000..<3_000) }
        let table = dag.addVertex("table", localParallelism: 2) { _ in SequenceSourceProcessor(0..<1_000) }
        let join = dag.addVertex("join", localParallelism: 1) { _ in RecordingSinkProcessor(recording: recording) }
        dag.addEdge(from: stream, to: join)
        dag.addEdge(from: table, to: join, priority: -1)

        try await Job.start(dag, config: JobConfig(queueCapacity: 4), cooperativeThreadCount: 2).join()

        let events = recording.events[0] ?? []
        let ordinals = events.compactMap { if case .item(let ordinal, _) = $0 { ordinal } else { nil } }
        let firstStreamItem = ordinals.firstIndex(of: 0) ?? ordinals.count
        let lastTableItem = ordinals.lastIndex(of: 1) ?? -1
        #expect(ordinals.count == 6_000)
        #expect(lastTableItem < firstStreamItem, "table (priority -1) items must all come before stream items")
    }
}
