import SlipstreamEngine
import Testing

@Suite struct DAGValidationTests {
    private func invalidDAGError(_ dag: DAG, defaultParallelism: Int = 1) -> EngineError? {
        do {
            try dag.validate(defaultParallelism: defaultParallelism)
            return nil
        } catch let error as EngineError {
            return error
        } catch {
            return nil
        }
    }

    @Test func emptyDAGIsInvalid() {
        #expect(invalidDAGError(DAG())?.code == .invalidDAG)
    }

    @Test func duplicateVertexNamesAreRejectedByName() {
        var dag = DAG()
        dag.addVertex("numbers") { _ in SequenceSourceProcessor([1]) }
        dag.addVertex("numbers") { _ in SequenceSourceProcessor([2]) }
        let error = invalidDAGError(dag)
        #expect(error?.code == .invalidDAG)
        #expect(error?.vertex == "numbers")
        #expect(error?.message.contains("unique") == true)
    }

    @Test func cycleIsRejectedNamingAVertexOnIt() {
        var dag = DAG()
        let source = dag.addVertex("source") { _ in SequenceSourceProcessor([1]) }
        let a = dag.addVertex("a") { _ in MapProcessor { (n: Int) in n } }
        let b = dag.addVertex("b") { _ in MapProcessor { (n: Int) in n } }
        dag.addEdge(from: source, to: a)
        dag.addEdge(from: a, to: b)
        dag.addEdge(from: b, to: a)
        let error = invalidDAGError(dag)
        #expect(error?.code == .invalidDAG)
        #expect(["a", "b"].contains(error?.vertex ?? ""))
        #expect(error?.message.contains("cycle") == true)
    }

    @Test func selfLoopIsACycle() {
        var dag = DAG()
        let a = dag.addVertex("a") { _ in MapProcessor { (n: Int) in n } }
        dag.addEdge(from: a, to: a)
        #expect(invalidDAGError(dag)?.vertex == "a")
    }

    @Test func edgeToAVertexOfAnotherDAGIsRejected() {
        var other = DAG()
        let stranger = other.addVertex("stranger") { _ in MapProcessor { (n: Int) in n } }
        var dag = DAG()
        let source = dag.addVertex("source") { _ in SequenceSourceProcessor([1]) }
        dag.addEdge(from: source, to: stranger)
        let error = invalidDAGError(dag)
        #expect(error?.code == .invalidDAG)
        #expect(error?.vertex == "stranger")
    }

    @Test func isolatedEdgeNeedsEqualParallelism() {
        var dag = DAG()
        let source = dag.addVertex("source", localParallelism: 2) { _ in SequenceSourceProcessor([1]) }
        let map = dag.addVertex("map", localParallelism: 3) { _ in MapProcessor { (n: Int) in n } }
        dag.addEdge(from: source, to: map, routing: .isolated)
        #expect(invalidDAGError(dag)?.message.contains("same parallelism") == true)
    }

    @Test func edgeOutOfASinkIsRejected() {
        var dag = DAG()
        let sink = dag.addVertex("sink") { _ in ForEachSinkProcessor { (_: Int) in } }
        let source = dag.addVertex("source") { _ in SequenceSourceProcessor([1]) }
        dag.addEdge(from: sink, to: source)
        #expect(invalidDAGError(dag)?.message.contains("carries no items") == true)
    }

    @Test func parallelismBelowOneIsRejected() {
        var dag = DAG()
        dag.addVertex("source", localParallelism: 0) { _ in SequenceSourceProcessor([1]) }
        #expect(invalidDAGError(dag)?.vertex == "source")
    }

    @Test func startingAnInvalidDAGThrowsWithoutRunning() {
        var dag = DAG()
        let a = dag.addVertex("a") { _ in MapProcessor { (n: Int) in n } }
        dag.addEdge(from: a, to: a)
        #expect(throws: EngineError.self) { try Job.start(dag, cooperativeThreadCount: 1) }
    }

    @Test func ordinalsFollowTheOrderEdgesAreAdded() {
        var dag = DAG()
        let left = dag.addVertex("left") { _ in SequenceSourceProcessor([1]) }
        let right = dag.addVertex("right") { _ in SequenceSourceProcessor([2]) }
        let join = dag.addVertex("join") { _ in MapProcessor { (n: Int) in n } }
        let sinkA = dag.addVertex("a") { _ in ForEachSinkProcessor { (_: Int) in } }
        let sinkB = dag.addVertex("b") { _ in ForEachSinkProcessor { (_: Int) in } }
        let first = dag.addEdge(from: left, to: join, priority: -1)
        let second = dag.addEdge(from: right, to: join, routing: .broadcast)
        let out0 = dag.addEdge(from: join, to: sinkA)
        let out1 = dag.addEdge(from: join, to: sinkB, routing: .partitioned(by: { $0 }))
        #expect(first.destinationOrdinal == 0 && second.destinationOrdinal == 1)
        #expect(out0.sourceOrdinal == 0 && out1.sourceOrdinal == 1)
        #expect(out1.partitionCount == Partitioner.defaultPartitionCount)
        #expect(dag.edges.map(\.routing) == [.roundRobin, .broadcast, .roundRobin, .partitioned])
        #expect(dag.vertices.map(\.name) == ["left", "right", "join", "a", "b"])
        #expect(dag.vertices[0].inputType == "Never" && dag.vertices[0].outputType == "Int")
        #expect(dag.description.contains("left[0] -> join[0] round-robin priority -1"))
        #expect(dag.dotDescription.contains("\"join\" -> \"b\" [label=\"partitioned\""))
        #expect(throws: Never.self) { try dag.validate() }
    }
}
