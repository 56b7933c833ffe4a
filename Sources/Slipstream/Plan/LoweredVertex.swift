import SlipstreamEngine

/// A vertex the planner added, with its typed ends erased so that the planner can wire stages of any type.
///
/// Types are erased per plan, never per item: the casts happen once, while the DAG is built, and the DSL's
/// typed API guarantees that they succeed.
@usableFromInline
struct LoweredVertex {
    /// The vertex's input end, `nil` for a source.
    let input: (any VertexInput)?
    /// The vertex's output end, `nil` for a sink.
    let output: (any VertexOutput)?

    @usableFromInline
    init(input: (any VertexInput)?, output: (any VertexOutput)?) {
        self.input = input
        self.output = output
    }
}

/// The input end of a vertex whose processors take `Input`.
@usableFromInline
protocol VertexInput<Input> {
    associatedtype Input
    /// Adds the edge from `source` to this vertex.
    func connect<SourceInput>(from source: Vertex<SourceInput, Input>, routing: EdgeRouting<Input>, dag: inout DAG)
}

/// The output end of a vertex whose processors emit `Item`.
@usableFromInline
protocol VertexOutput<Item> {
    associatedtype Item
    /// Adds an edge from this vertex to `input`, routed as `routing` says.
    func connect(to input: any VertexInput, routing: PlanRouting, equalParallelism: Bool, dag: inout DAG)
}

@usableFromInline
struct TypedVertexInput<Input, Output>: VertexInput {
    let vertex: Vertex<Input, Output>

    @usableFromInline
    init(vertex: Vertex<Input, Output>) {
        self.vertex = vertex
    }

    @usableFromInline
    func connect<SourceInput>(from source: Vertex<SourceInput, Input>, routing: EdgeRouting<Input>, dag: inout DAG) {
        dag.addEdge(from: source, to: vertex, routing: routing)
    }
}

@usableFromInline
struct TypedVertexOutput<Input, Item>: VertexOutput {
    let vertex: Vertex<Input, Item>

    @usableFromInline
    init(vertex: Vertex<Input, Item>) {
        self.vertex = vertex
    }

    @usableFromInline
    func connect(to input: any VertexInput, routing: PlanRouting, equalParallelism: Bool, dag: inout DAG) {
        guard let input = input as? any VertexInput<Item> else {
            preconditionFailure("planner bug: edge from \(vertex.name) joins different item types")
        }
        let edgeRouting: EdgeRouting<Item>
        switch routing {
        case .forward: edgeRouting = equalParallelism ? .isolated : .roundRobin
        case .roundRobin: edgeRouting = .roundRobin
        case .allToOne: edgeRouting = .allToOne
        case .partitioned(let edge, _):
            guard let routing = edge as? EdgeRouting<Item> else {
                preconditionFailure("planner bug: key function of another item type on an edge from \(vertex.name)")
            }
            edgeRouting = routing
        }
        input.connect(from: vertex, routing: edgeRouting, dag: &dag)
    }
}

extension DAG {
    /// Adds a vertex and returns it with both ends erased. Inlinable, so that a stage built where `P` is
    /// concrete adds a vertex whose entry points are specialized for `P`.
    @inlinable
    mutating func addLowered<P: Processor>(
        _ name: String, parallelism: Int?, processor factory: @escaping @Sendable (ProcessorContext) throws -> P
    ) -> LoweredVertex {
        let vertex = addVertex(name, localParallelism: parallelism, processor: factory)
        return LoweredVertex(
            input: P.Input.self == Never.self ? nil : TypedVertexInput(vertex: vertex),
            output: P.Output.self == Never.self ? nil : TypedVertexOutput(vertex: vertex))
    }
}
