import SlipstreamEngine

/// A streaming pipeline written in typed Swift: sources, stages and sinks, recorded as a ``LogicalPlan`` and
/// lowered to an engine ``DAG`` when it starts.
///
/// ```swift
/// let counts = Pipeline("page-view-counts") { p in
///     p.read(.kafka("page-views", as: PageView.self))
///         .timestamps(\.time, allowedLateness: .seconds(5))
///         .filter { !$0.isBot }
///         .grouped(by: \.page)
///         .stateful(initial: { 0 }) { count, view in count += 1; return PageCount(page: view.page, count: count) }
///         .write(.kafka("page-view-counts"))
/// }
/// try counts.run(PipelineConfiguration(kafka: KafkaConnection(bootstrapServers: "localhost:9092")))
/// ```
///
/// Building a pipeline only records it; ``start(_:)`` plans and runs it, ``describe(_:)`` shows the plan.
public struct Pipeline: Sendable {
    /// The pipeline's name: the job's name, the prefix of its state and dead-letter names.
    public let name: String
    /// What the DSL recorded.
    public let plan: LogicalPlan
    /// Mistakes found while recording, reported when the pipeline is planned.
    let problems: [PipelineError]

    /// Records a pipeline: `build` reads sources from `p` and chains stages on them.
    public init(_ name: String, _ build: (_ p: PipelineBuilder) throws -> Void) rethrows {
        let builder = PipelineBuilder(name: name)
        try build(builder)
        self.name = name
        self.plan = builder.plan
        self.problems = builder.problems
    }

    /// Plans the pipeline: validates it, fuses stateless stages and builds the DAG the engine runs.
    ///
    /// - Throws: ``PipelineError`` for a pipeline that cannot run (each mistake recorded while building, a
    ///   pipeline without a sink), or an ``EngineError`` from DAG validation.
    ///
    /// - Parameter forRunning: `false` to plan only for a description, without the settings a run needs (such
    ///   as a Kafka connection).
    public func physicalPlan(
        _ configuration: PipelineConfiguration = PipelineConfiguration(), forRunning: Bool = true
    ) throws -> PhysicalPlan {
        if let problem = problems.first { throw problem }
        return try Planner(pipelineName: name, plan: plan, configuration: configuration, isForRunning: forRunning).lower()
    }

    /// Plans and starts the pipeline; the returned job runs until its bounded sources end, it fails or it is
    /// cancelled.
    public func start(_ configuration: PipelineConfiguration = PipelineConfiguration()) throws -> Job {
        var configuration = configuration
        if configuration.job.name == JobConfig().name { configuration.job.name = name }
        let physical = try physicalPlan(configuration)
        return try Job.start(
            physical.dag, config: configuration.job, cooperativeThreadCount: configuration.cooperativeThreads,
            balancesWorkers: configuration.balancesWorkers)
    }

    /// Starts the pipeline and blocks until it has completed.
    ///
    /// - Throws: what ``start(_:)`` throws, or the ``EngineError`` the job ended with.
    public func run(_ configuration: PipelineConfiguration = PipelineConfiguration()) throws {
        try start(configuration).waitForCompletion()
    }

    /// The planned DAG as text: vertices (with the stages fused into each), parallelism and edges.
    public func describe(_ configuration: PipelineConfiguration = PipelineConfiguration()) throws -> String {
        try physicalPlan(configuration, forRunning: false).textDescription
    }

    /// The planned DAG in Graphviz DOT.
    public func describeDOT(_ configuration: PipelineConfiguration = PipelineConfiguration()) throws -> String {
        try physicalPlan(configuration, forRunning: false).dotDescription
    }
}
