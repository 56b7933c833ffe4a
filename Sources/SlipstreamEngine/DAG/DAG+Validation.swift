extension DAG {
    /// Checks that the DAG can run: at least one vertex, unique non-empty names, positive parallelism, edges
    /// only between this DAG's vertices, no cycle, and equal parallelism on both ends of isolated edges.
    ///
    /// - Parameter defaultParallelism: the parallelism of vertices that do not set one (the job's).
    /// - Throws: ``EngineError`` with code ``EngineError/Code/invalidDAG``, naming the offending vertex or edge.
    public func validate(defaultParallelism: Int = 1) throws {
        func invalid(_ message: String, vertex: String? = nil) -> EngineError {
            EngineError(.invalidDAG, message, vertex: vertex)
        }
        guard !vertexDefinitions.isEmpty else { throw invalid("the DAG has no vertex") }
        var seen = Set<String>()
        for vertex in vertexDefinitions {
            guard !vertex.name.isEmpty else { throw invalid("a vertex has an empty name") }
            guard seen.insert(vertex.name).inserted else {
                throw invalid("two vertices are named '\(vertex.name)'; names must be unique", vertex: vertex.name)
            }
            if let parallelism = vertex.localParallelism, parallelism < 1 {
                throw invalid("local parallelism must be at least 1, got \(parallelism)", vertex: vertex.name)
            }
        }
        for definition in edgeDefinitions {
            let edge = definition.edge
            guard definition.sourceIndex >= 0, definition.destinationIndex >= 0 else {
                let stranger = definition.sourceIndex < 0 ? edge.source : edge.destination
                throw invalid(
                    "edge \(edge) refers to vertex '\(stranger)' of another DAG; add vertices and edges to the same DAG",
                    vertex: stranger)
            }
            if definition.itemType == "Never" {
                throw invalid(
                    "edge \(edge) carries no items: '\(edge.source)' emits nothing (a sink) or '\(edge.destination)' "
                        + "takes nothing (a source)")
            }
            if let capacity = edge.queueCapacity, capacity < 1 {
                throw invalid("edge \(edge) has queue capacity \(capacity); it must be at least 1")
            }
            if edge.routing == .isolated {
                let p = parallelism(ofVertex: definition.sourceIndex, default: defaultParallelism)
                let c = parallelism(ofVertex: definition.destinationIndex, default: defaultParallelism)
                guard p == c else {
                    throw invalid(
                        "isolated edge \(edge) joins \(p) instances to \(c); both vertices need the same parallelism")
                }
            }
        }
        if let vertex = vertexOnCycle() {
            throw invalid("the DAG has a cycle through vertex '\(vertex)'; a DAG must be acyclic", vertex: vertex)
        }
    }

    /// The parallelism vertex `index` runs with.
    func parallelism(ofVertex index: Int, default defaultParallelism: Int) -> Int {
        vertexDefinitions[index].localParallelism ?? defaultParallelism
    }

    /// The vertex indices in an order where every edge goes forward (sources first). Requires an acyclic DAG.
    func topologicalOrder() -> [Int] {
        var incoming = [Int](repeating: 0, count: vertexDefinitions.count)
        for edge in edgeDefinitions { incoming[edge.destinationIndex] += 1 }
        var ready = (0..<vertexDefinitions.count).filter { incoming[$0] == 0 }
        var order: [Int] = []
        while let vertex = ready.first {
            ready.removeFirst()
            order.append(vertex)
            for edge in edgeDefinitions where edge.sourceIndex == vertex {
                incoming[edge.destinationIndex] -= 1
                if incoming[edge.destinationIndex] == 0 { ready.append(edge.destinationIndex) }
            }
        }
        return order
    }

    /// The name of a vertex on a cycle, if there is one.
    private func vertexOnCycle() -> String? {
        let order = topologicalOrder()
        guard order.count < vertexDefinitions.count else { return nil }
        let sorted = Set(order)
        // Vertices left out of the order are on a cycle or downstream of one; walk back to one on the cycle.
        var vertex = (0..<vertexDefinitions.count).first { !sorted.contains($0) }!
        var visited = Set<Int>()
        while visited.insert(vertex).inserted {
            guard let edge = edgeDefinitions.first(where: { $0.destinationIndex == vertex && !sorted.contains($0.sourceIndex) })
            else { break }
            vertex = edge.sourceIndex
        }
        return vertexDefinitions[vertex].name
    }
}
