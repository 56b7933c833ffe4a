import Slipstream
import SlipstreamEngine
import Testing

@Suite struct PlanningTests {
    @Test func consecutiveStatelessStagesFuseIntoOneVertex() throws {
        let pipeline = Pipeline("fusion") { p in
            p.read(.sequence(0..<100))
                .map { $0 * 2 }
                .filter { $0 % 3 == 0 }
                .peek { _ in }
                .compactMap { $0 > 10 ? "\($0)" : nil }
                .write(.collect(into: Collector<String>()))
        }
        let plan = try pipeline.physicalPlan()
        #expect(plan.vertices.map(\.name) == ["sequence", "map+filter+peek+compactMap", "collect"])
        let fused = try #require(plan.vertex(runningStage: "filter"))
        #expect(fused.kinds == [.map, .filter, .peek, .compactMap])
        #expect(fused.parallelism == 1)
        #expect(plan.dag.edges.map(\.routing) == [.isolated, .isolated])
    }

    @Test func keyedAndRebalancedStagesBreakFusion() throws {
        let pipeline = Pipeline("breaks") { p in
            p.read(.sequence(0..<100))
                .map { $0 + 1 }
                .rebalance(parallelism: 3)
                .map { $0 * 2 }
                .grouped(by: { $0 % 7 })
                .stateful(initial: { 0 }) { count, n in
                    count += 1
                    return n
                }
                .filter { $0 > 0 }
                .write(.log())
        }
        let plan = try pipeline.physicalPlan()
        #expect(plan.vertices.map(\.name) == ["sequence", "map", "rebalance+map-2", "stateful", "filter", "log"])
        #expect(plan.vertices.map(\.parallelism) == [1, 1, 3, nil, nil, 1])
        let routings = plan.dag.edges.map { "\($0.source)->\($0.destination):\($0.routing.rawValue)" }
        #expect(
            routings == [
                "sequence->map:isolated", "map->rebalance+map-2:round-robin", "rebalance+map-2->stateful:partitioned",
                "stateful->filter:isolated", "filter->log:all-to-one",
            ])
        #expect(plan.dag.edges[2].partitionCount == Partitioner.defaultPartitionCount)
    }

    @Test func aStageReadByTwoStagesIsNotFusedIntoEither() throws {
        let pipeline = Pipeline("branch") { p in
            let doubled = p.read(.sequence(0..<10)).map { $0 * 2 }
            doubled.map { $0 + 1 }.write(.collect(into: Collector<Int>()))
            doubled.filter { $0 > 4 }.write(.collect(into: Collector<Int>()))
        }
        let plan = try pipeline.physicalPlan()
        #expect(plan.vertices.map(\.name) == ["sequence", "map", "map-2", "collect", "filter", "collect-2"])
    }

    @Test func aMergeNeedsNoVertexOfItsOwn() throws {
        let collector = Collector<Int>()
        let pipeline = Pipeline("merged-keyed") { p in
            let low = p.read(.sequence(0..<100)).map { $0 * 2 }
            let high = p.read(.sequence(100..<250))
            low.merge(with: high, name: "both")
                .grouped(by: { $0 % 5 })
                .stateful(initial: { 0 }) { count, n in
                    count += 1
                    return n
                }
                .write(.collect(into: collector))
        }
        let plan = try pipeline.physicalPlan()
        #expect(plan.vertices.map(\.name) == ["sequence", "map", "sequence-2", "stateful", "collect"])
        let routings = plan.dag.edges.map { "\($0.source)->\($0.destination):\($0.routing.rawValue)" }
        #expect(
            routings == [
                "sequence->map:isolated", "map->stateful:partitioned", "sequence-2->stateful:partitioned",
                "stateful->collect:isolated",
            ])
        try pipeline.run(PipelineConfiguration(cooperativeThreads: 2))
        #expect(collector.items.sorted() == (Array(0..<100).map { $0 * 2 } + Array(100..<250)).sorted())
    }

    @Test func aMergeOfLateEventsKeepsItsVertex() throws {
        let pipeline = Pipeline("late-merged") { p in
            let timed = p.read(.sequence(0..<10)).map { Int64($0) }.timestamps({ $0 })
            timed.merge(with: timed.lateEvents, name: "all").map { $0 + 1 }.write(.log())
        }
        let plan = try pipeline.physicalPlan()
        #expect(plan.vertices.map(\.name).contains("all+map-2"))
    }

    @Test func flatMapFusesWithItsNeighbours() throws {
        let collector = Collector<Int>()
        let pipeline = Pipeline("expand") { p in
            p.read(.sequence(1...4))
                .map { $0 * 10 }
                .flatMap { n in [n, n + 1] }
                .filter { $0 % 2 == 0 }
                .write(.collect(into: collector))
        }
        #expect(try pipeline.physicalPlan().vertices.map(\.name) == ["sequence", "map+flatMap+filter", "collect"])
        try pipeline.run(PipelineConfiguration(cooperativeThreads: 2))
        #expect(collector.items == [10, 20, 30, 40])
    }

    @Test func describeListsVerticesAndRouting() throws {
        let pipeline = Pipeline("described") { p in
            p.read(.sequence(0..<10), name: "numbers")
                .map { $0 * 2 }
                .filter { $0 > 2 }
                .grouped(by: { $0 % 3 })
                .stateful(name: "count", initial: { 0 }) { count, n in
                    count += 1
                    return count
                }
                .write(.log(), name: "out")
        }
        let text = try pipeline.describe()
        #expect(text.contains("map+filter"))
        #expect(text.contains("fused[map,filter]"))
        #expect(text.contains("map+filter -> count  partitioned (271 partitions)"))
        #expect(text.contains("count -> out  all-to-one"))
        let dot = try pipeline.describeDOT()
        #expect(dot.hasPrefix("digraph \"described\" {"))
        #expect(dot.contains("\"map+filter\" -> \"count\" [label=\"partitioned (271)\"]"))
    }

    @Test func mistakesAreReportedWhenPlanning() throws {
        let noSink = Pipeline("no-sink") { p in _ = p.read(.sequence(0..<3)).map { $0 } }
        #expect(throws: PipelineError.self) { try noSink.physicalPlan() }

        let lateWithoutTimestamps = Pipeline("late") { p in
            p.read(.sequence(0..<3)).map { $0 }.lateEvents.write(.log())
        }
        let error = try #require(throws: PipelineError.self) { try lateWithoutTimestamps.physicalPlan() }
        #expect(error.description.contains("timestamps"))

        let recordTime = Pipeline("record-time") { p in
            p.read(.sequence(0..<3)).timestamps(.kafkaRecord).write(.log())
        }
        #expect(throws: PipelineError.self) { try recordTime.physicalPlan() }
    }
}
