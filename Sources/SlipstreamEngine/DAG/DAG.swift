import Atomics

/// A dataflow graph: vertices (processor factories with a parallelism) joined by typed edges (with a routing),
/// the plan that a ``Job`` executes.
///
/// ```swift
/// var dag = DAG()
/// let numbers = dag.addVertex("numbers", localParallelism: 1) { _ in SequenceSourceProcessor(1...1_000) }
/// let doubled = dag.addVertex("double") { _ in MapProcessor { (n: Int) in n * 2 } }
/// let printed = dag.addVertex("print", localParallelism: 1) { _ in ForEachSinkProcessor { (n: Int) in print(n) } }
/// dag.addEdge(from: numbers, to: doubled)
/// dag.addEdge(from: doubled, to: printed, routing: .allToOne)
/// try Job.start(dag).waitForCompletion()
/// ```
///
/// Edges are typed: an edge joins a vertex whose processors output `T` to one whose processors take `T`. Output
/// and input *ordinals* are assigned in the order edges are added (the first edge out of a vertex is its output 0).
/// ``validate()`` checks what the types cannot: names, cycles, parallelism; ``Job`` start validates too.
///
/// A planner (the pipeline DSL) targets this type directly: add a vertex per (fused) stage, an edge per
/// connection, and keep the returned handles to wire the next stage.
///
/// ## Specialization
/// ``addVertex(_:localParallelism:processor:)`` is inlinable: calling it where the processor type is concrete
/// specializes the per-batch entry points for that type, so items are handled by specialized code. Call it from
/// non-generic code, or from generic code that is itself `@inlinable` and called with concrete types.
public struct DAG: Sendable {
    private static let nextID = ManagedAtomic<Int>(0)

    let id: Int
    var vertexDefinitions: [VertexDefinition] = []
    var edgeDefinitions: [EdgeDefinition] = []

    /// Creates an empty DAG.
    public init() {
        id = Self.nextID.wrappingIncrementThenLoad(ordering: .relaxed)
    }

    // MARK: - Building

    /// Adds a vertex whose instances are made by `factory`, and returns its typed handle.
    ///
    /// - Parameters:
    ///   - name: unique in the DAG; it names the vertex in metrics, errors and descriptions.
    ///   - localParallelism: the number of processor instances; `nil` for one per cooperative worker thread.
    ///   - factory: makes one processor instance; called once per instance when the job starts, with that
    ///     instance's context.
    @inlinable
    @discardableResult
    public mutating func addVertex<P: Processor>(
        _ name: String, localParallelism: Int? = nil,
        processor factory: @escaping @Sendable (ProcessorContext) throws -> P
    ) -> Vertex<P.Input, P.Output> {
        let definition = VertexDefinition(
            name: name, localParallelism: localParallelism,
            inputType: String(describing: P.Input.self), outputType: String(describing: P.Output.self),
            makeTasklet: { wiring in
                try makeProcessorTasklet(wiring: wiring, factory: factory, entryPoints: ProcessorEntryPoints<P>.make())
            })
        return appendVertex(definition)
    }

    @usableFromInline
    mutating func appendVertex<Input, Output>(_ definition: VertexDefinition) -> Vertex<Input, Output> {
        vertexDefinitions.append(definition)
        return Vertex(name: definition.name, index: vertexDefinitions.count - 1, dagID: id)
    }

    /// Connects the output of `source` to the input of `destination`.
    ///
    /// - Parameters:
    ///   - routing: how items spread over `destination`'s instances. Default: round-robin.
    ///   - priority: inputs with a lower value are read to their end before inputs with a higher one (default 0;
    ///     a hash join reads its build side at priority -1, for instance).
    ///   - queueCapacity: items each queue of the edge holds; `nil` for the job's default.
    /// - Returns: the edge, with the ordinals it was given.
    @discardableResult
    public mutating func addEdge<SourceInput, Item, DestinationOutput>(
        from source: Vertex<SourceInput, Item>, to destination: Vertex<Item, DestinationOutput>,
        routing: EdgeRouting<Item> = .roundRobin, priority: Int = 0, queueCapacity: Int? = nil
    ) -> Edge {
        let edge = Edge(
            source: source.name,
            sourceOrdinal: edgeDefinitions.filter { $0.sourceIndex == source.index }.count,
            destination: destination.name,
            destinationOrdinal: edgeDefinitions.filter { $0.destinationIndex == destination.index }.count,
            routing: routing.kind.style,
            partitionCount: routing.partitioner?.partitionCount,
            priority: priority,
            queueCapacity: queueCapacity)
        let style = routing.kind.style
        let definition = EdgeDefinition(
            edge: edge,
            sourceIndex: source.dagID == id ? source.index : -1,
            destinationIndex: destination.dagID == id ? destination.index : -1,
            partitioner: routing.partitioner,
            itemType: String(describing: Item.self),
            makeQueues: { producers, consumers, capacity in
                EdgeQueues<Item>(producers: producers, consumers: consumers, capacity: capacity, style: style)
            },
            makeCollector: { anyQueues, producer in
                let queues = anyQueues as! EdgeQueues<Item>  // built by makeQueues above
                let outbound = queues.outbound(producer: producer)
                switch routing.kind {
                case .roundRobin: return OutboundCollector(kind: .roundRobin, queues: outbound)
                case .partitioned(let keyHash, let partitioner):
                    return OutboundCollector(
                        kind: .partitioned, queues: outbound, keyHash: keyHash, partitioner: partitioner)
                case .broadcast: return OutboundCollector(kind: .broadcast, queues: outbound)
                case .allToOne, .isolated: return OutboundCollector(kind: .single, queues: outbound)
                }
            })
        edgeDefinitions.append(definition)
        return edge
    }

    // MARK: - Reading

    /// A vertex as described by ``DAG/vertices``.
    public struct VertexInfo: Sendable, Hashable {
        /// The vertex's name.
        public let name: String
        /// The parallelism asked for, or `nil` for one instance per cooperative worker thread.
        public let localParallelism: Int?
        /// The input item type's name (`Never` for a source).
        public let inputType: String
        /// The output item type's name (`Never` for a sink).
        public let outputType: String
    }

    /// The vertices, in the order they were added.
    public var vertices: [VertexInfo] {
        vertexDefinitions.map {
            VertexInfo(
                name: $0.name, localParallelism: $0.localParallelism, inputType: $0.inputType,
                outputType: $0.outputType)
        }
    }

    /// The edges, in the order they were added.
    public var edges: [Edge] { edgeDefinitions.map(\.edge) }
}
