import SlipstreamEngine

/// A vertex the planner added, with its typed ends erased so that the planner can wire stages of any type.
///
/// Types are erased per plan, never per item: the casts happen once, while the DAG is built, and the DSL's
/// typed API guarantees that they succeed.
struct LoweredVertex {
    /// The vertex's input end, `nil` for a source.
    let input: (any VertexInput)?
    /// The vertex's output end, `nil` for a sink.
    let output: (any VertexOutput)?
}

/// The input end of a vertex whose processors take `Input`.
protocol VertexInput<Input> {
    associatedtype Input
    /// Adds the edge from `source` to this vertex.
    func connect<SourceInput>(from source: Vertex<SourceInput, Input>, routing: EdgeRouting<Input>, dag: inout DAG)
}

/// The output end of a vertex whose processors emit `Item`.
protocol VertexOutput<Item> {
    associatedtype Item
    /// Adds an edge from this vertex to `input`, routed as `routing` says.
    func connect(to input: any VertexInput, routing: PlanRouting, equalParallelism: Bool, dag: inout DAG)
}

struct TypedVertexInput<Input, Output>: VertexInput {
    let vertex: Vertex<Input, Output>

    func connect<SourceInput>(from source: Vertex<SourceInput, Input>, routing: EdgeRouting<Input>, dag: inout DAG) {
        dag.addEdge(from: source, to: vertex, routing: routing)
    }
}

struct TypedVertexOutput<Input, Item>: VertexOutput {
    let vertex: Vertex<Input, Item>

    func connect(to input: any VertexInput, routing: PlanRouting, equalParallelism: Bool, dag: inout DAG) {
        guard let input = input as? any VertexInput<Item> else {
            preconditionFailure("planner bug: edge from \(vertex.name) joins different item types")
        }
        let edgeRouting: EdgeRouting<Item>
        switch routing {
        case .forward: edgeRouting = equalParallelism ? .isolated : .roundRobin
        case .roundRobin: edgeRouting = .roundRobin
        case .allToOne: edgeRouting = .allToOne
        case .partitioned(let keyHash, let partitioner):
            guard let hash = keyHash as? @Sendable (Item) -> UInt64 else {
                preconditionFailure("planner bug: key function of another item type on an edge from \(vertex.name)")
            }
            edgeRouting = .partitioned(byHash: hash, partitioner: partitioner)
        }
        input.connect(from: vertex, routing: edgeRouting, dag: &dag)
    }
}

extension DAG {
    /// Adds a vertex and returns it with both ends erased.
    mutating func addLowered<P: Processor>(
        _ name: String, parallelism: Int?, processor factory: @escaping @Sendable (ProcessorContext) throws -> P
    ) -> LoweredVertex {
        let vertex = addVertex(name, localParallelism: parallelism, processor: factory)
        return LoweredVertex(
            input: P.Input.self == Never.self ? nil : TypedVertexInput(vertex: vertex),
            output: P.Output.self == Never.self ? nil : TypedVertexOutput(vertex: vertex))
    }
}
