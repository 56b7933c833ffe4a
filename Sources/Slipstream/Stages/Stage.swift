import SlipstreamEngine

/// A stream of `Item`s in a pipeline under construction: the handle every DSL method is called on.
///
/// Each method records a stage into the pipeline's plan and returns the stage's output. Stateless stages (`map`,
/// `filter`, `compactMap`, `flatMap`, `peek`) are fused with their neighbours into one processor by the planner.
///
/// ## Order and parallelism
/// A stage runs as many instances as the stage it reads and is fed *forward* (instance *i* to instance *i*), so
/// the order of every upstream instance is kept. ``rebalance(parallelism:)`` spreads items round-robin instead;
/// ``grouped(by:partitioner:)`` sends each key to the instance owning it, keeping per-key order.
///
/// Closures run on worker threads, concurrently in several instances: they must be `@Sendable` and should not
/// block.
public struct Stage<Item> {
    @usableFromInline let builder: PipelineBuilder
    @usableFromInline let id: Int
    @usableFromInline let port: PlanPort

    @usableFromInline
    init(builder: PipelineBuilder, id: Int, port: PlanPort = .main) {
        self.builder = builder
        self.id = id
        self.port = port
    }

    /// The pipeline's name.
    public var pipelineName: String { builder.name }

    /// The name of the stage producing this stream.
    public var name: String { id >= 0 ? builder.plan.stages[id].name : "invalid" }

    // MARK: - Stateless stages

    /// Transforms every item.
    @inlinable
    public func map<Output>(
        name: String = "map", _ transform: @escaping @Sendable (Item) throws -> Output
    ) -> Stage<Output> {
        addCompactStep(.map, name: name) { try transform($0) }
    }

    /// Keeps the items for which `isIncluded` returns `true`.
    @inlinable
    public func filter(name: String = "filter", _ isIncluded: @escaping @Sendable (Item) throws -> Bool) -> Stage<Item> {
        addCompactStep(.filter, name: name) { try isIncluded($0) ? $0 : nil }
    }

    /// Transforms every item, dropping those for which `transform` returns `nil`.
    @inlinable
    public func compactMap<Output>(
        name: String = "compactMap", _ transform: @escaping @Sendable (Item) throws -> Output?
    ) -> Stage<Output> {
        addCompactStep(.compactMap, name: name, transform)
    }

    /// Emits every element of the sequence `transform` returns for each item.
    public func flatMap<Elements: Sequence & SendableMetatype>(
        name: String = "flatMap", _ transform: @escaping @Sendable (Item) throws -> Elements
    ) -> Stage<Elements.Element> {
        addStep(.flatMap, name: name, .expand { item, emit in
            for element in try transform(item) { try emit(element) }
        })
    }

    /// Calls `body` with every item and passes the item on unchanged (for logging or counting).
    public func peek(name: String = "peek", _ body: @escaping @Sendable (Item) throws -> Void) -> Stage<Item> {
        addStep(.peek, name: name, .compact { item in
            try body(item)
            return item
        })
    }

    // MARK: - Shape of the stream

    /// Spreads the items evenly (round-robin) over `parallelism` instances of the next stages (default: one per
    /// worker thread). Order between items is no longer kept.
    public func rebalance(parallelism: Int? = nil, name: String = "rebalance") -> Stage<Item> {
        guard builder.owns(self, use: "rebalance") else { return self }
        let id = builder.addStage(
            kind: .rebalance, name: name, inputs: [PlanInput(stage: self.id, port: port, routing: .roundRobin)],
            parallelism: parallelism.map { .fixed(max(1, $0)) } ?? .perWorker,
            lowering: .step(StatelessStep<Item, Item>(body: .compact { $0 })))
        return Stage(builder: builder, id: id)
    }

    /// One stream of the items of this stage and of `others`.
    public func merge(with others: Stage<Item>..., name: String = "merge") -> Stage<Item> {
        merge(with: others, name: name)
    }

    /// One stream of the items of this stage and of `others`.
    public func merge(with others: [Stage<Item>], name: String? = nil) -> Stage<Item> {
        guard builder.owns(self, use: "merge"), others.allSatisfy({ builder.owns($0, use: "merge") }) else {
            return self
        }
        let inputs = ([self] + others).map { PlanInput(stage: $0.id, port: $0.port, routing: .forward) }
        let id = builder.addStage(
            kind: .merge, name: name ?? "merge", inputs: inputs, parallelism: .inherit,
            lowering: .step(StatelessStep<Item, Item>(body: .compact { $0 })))
        return Stage(builder: builder, id: id)
    }

    /// Groups the stream by key: each key's items go to the one instance of the next stage that owns the key's
    /// partition, in order. Stateful stages (``KeyedStage/stateful(_:initial:ttl:onEvict:_:)``, windows, joins)
    /// are methods of the returned ``KeyedStage``.
    public func grouped<Key: PartitionKey>(
        by key: @escaping @Sendable (Item) -> Key, partitioner: Partitioner = Partitioner()
    ) -> KeyedStage<Item, Key> {
        KeyedStage(upstream: self, key: key, partitioner: partitioner)
    }

    // MARK: - Output

    /// Writes every item to `sink`.
    public func write(_ sink: Sink<Item>, name: String? = nil) {
        guard builder.owns(self, use: "write") else { return }
        _ = builder.addStage(
            kind: .sink, name: name ?? sink.defaultName,
            inputs: [PlanInput(stage: id, port: port, routing: sink.routing)], parallelism: sink.parallelism,
            detail: sink.detail, lowering: .vertex(sink.lowering))
    }

    // MARK: - Custom processors

    /// Adds a stage run by a processor of your own (see ``Processor``), fed forward from this stage.
    ///
    /// - Parameters:
    ///   - parallelism: instances; `nil` inherits this stage's.
    ///   - cooperative: whether the processor is cooperative; shown by `describe` (the engine asks the processor).
    ///   - processor: makes one instance, once per instance when the job starts.
    @inlinable
    public func custom<P: Processor>(
        _ name: String, parallelism: Int? = nil, cooperative: Bool = true,
        processor: @escaping @Sendable (ProcessorContext) throws -> P
    ) -> Stage<P.Output> where P.Input == Item {
        addVertexStage(
            kind: .custom, name: name, routing: .forward, parallelism: parallelism.map { .fixed(max(1, $0)) } ?? .inherit,
            cooperative: cooperative, perRun: { _ in processor })
    }

    // MARK: - Recording

    @usableFromInline
    func addStep<Output>(
        _ kind: PlanStageKind, name: String, _ body: StepBody<Item, Output>, lowerAlone: StepLowering? = nil
    ) -> Stage<Output> {
        guard builder.owns(self, use: kind.rawValue) else { return Stage<Output>(builder: builder, id: -1) }
        let id = builder.addStage(
            kind: kind, name: name, inputs: [PlanInput(stage: self.id, port: port, routing: .forward)],
            parallelism: .inherit, lowering: .step(StatelessStep(body: body, lowerAlone: lowerAlone)))
        return Stage<Output>(builder: builder, id: id)
    }

    /// Records a map-shaped step. Inlinable, with the vertex the step becomes when the planner fuses it with no
    /// neighbour: that vertex's processor is then specialized for the item types where the pipeline is
    /// declared (a fused chain's processor is made by the planner, in generic code).
    @inlinable
    func addCompactStep<Output>(
        _ kind: PlanStageKind, name: String, _ transform: @escaping @Sendable (Item) throws -> Output?
    ) -> Stage<Output> {
        addStep(
            kind, name: name, .compact(transform),
            lowerAlone: { dag, name, parallelism in
                dag.addLowered(name, parallelism: parallelism) { _ in CompactMapProcessor<Item, Output>(transform) }
            })
    }

    /// Records an internal step that wraps each item for a stage that takes more than one kind of input. Fused
    /// with neighbours it is a plain map; running alone (after a source or a stateful stage, the usual case) its
    /// processor moves each item into its wrapper rather than copying it.
    @inlinable
    func addWrapStep<Output>(name: String, _ wrap: @escaping @Sendable (consuming Item) -> Output) -> Stage<Output> {
        addStep(
            .map, name: name, .compact { item in wrap(copy item) },
            lowerAlone: { dag, name, parallelism in
                dag.addLowered(name, parallelism: parallelism) { _ in WrappingProcessor<Item, Output>(wrap) }
            })
    }

    /// Records a stage run by processors of type `P`. Inlinable, with the vertex it builds: called where `P` is
    /// concrete, the vertex's entry points are specialized for `P` (see ``DAG/addVertex(_:localParallelism:processor:)``).
    @inlinable
    func addVertexStage<P: Processor>(
        kind: PlanStageKind, name: String, routing: PlanRouting, parallelism: PlanParallelism, cooperative: Bool,
        detail: String? = nil,
        perRun: @escaping @Sendable (VertexRequest) throws -> @Sendable (ProcessorContext) throws -> P
    ) -> Stage<P.Output> where P.Input == Item {
        guard builder.owns(self, use: name) else { return Stage<P.Output>(builder: builder, id: -1) }
        let lowering = VertexLowering(
            build: { dag, request in
                dag.addLowered(request.name, parallelism: request.parallelism, processor: try perRun(request))
            },
            makeFanOut: nil, isCooperative: cooperative)
        let id = builder.addStage(
            kind: kind, name: name, inputs: [PlanInput(stage: self.id, port: port, routing: routing)],
            parallelism: parallelism, detail: detail, vertex: lowering)
        return Stage<P.Output>(builder: builder, id: id)
    }
}

/// Adds an identity vertex for `Item`: the fan-out the planner puts behind a stage with a late-event output.
func identityFanOut<Item>(_ type: Item.Type) -> @Sendable (inout DAG, String, Int?) -> LoweredVertex {
    { dag, name, parallelism in
        dag.addLowered(name, parallelism: parallelism) { _ in CompactMapProcessor<Item, Item> { $0 } }
    }
}
