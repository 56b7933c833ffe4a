import SlipstreamEngine

/// A pipeline as plain data: the stages the DSL recorded and how they connect, before any fusion.
///
/// The planner (``Pipeline/physicalPlan(_:)``) lowers it to a ``DAG``. Nothing here runs or connects anywhere;
/// building and describing a plan is free of side effects.
public struct LogicalPlan: Sendable {
    /// The stages, in the order they were added (every stage's inputs come before it).
    public internal(set) var stages: [PlanStage] = []

    /// The stages whose output port `port` of stage `id` feeds, in the order they were added.
    public func consumers(of id: Int, port: PlanPort = .main) -> [PlanStage] {
        stages.filter { stage in stage.inputs.contains { $0.stage == id && $0.port == port } }
    }
}

/// One stage of a ``LogicalPlan``: what it does, where its input comes from, and how to build it.
public struct PlanStage: Sendable {
    /// The stage's index in the plan.
    public let id: Int
    /// Its name, unique in the plan; a fused vertex is named after the stages it holds.
    public internal(set) var name: String
    /// What kind of stage it is.
    public let kind: PlanStageKind
    /// Where its items come from.
    public internal(set) var inputs: [PlanInput]
    /// How many instances it runs.
    public internal(set) var parallelism: PlanParallelism
    /// A few words on what the stage reads or writes (a topic, a file), shown by `describe`.
    public internal(set) var detail: String?
    /// Whether the stage diverts late events to its ``PlanPort/late`` port.
    public internal(set) var divertsLateEvents = false

    /// How the planner builds it.
    var lowering: StageLowering
}

/// The kind of a plan stage.
public enum PlanStageKind: String, Sendable, Hashable {
    case source, map, filter, compactMap, flatMap, peek, merge, rebalance, timestamps, stateful, custom, sink

    /// Whether consecutive stages of this kind can share one processor (stateless, one item at a time).
    public var isFusable: Bool {
        switch self {
        case .map, .filter, .compactMap, .flatMap, .peek, .merge, .rebalance: true
        default: false
        }
    }
}

/// One output of a stage.
public enum PlanPort: String, Sendable, Hashable {
    /// The regular output.
    case main
    /// Events that arrived behind the watermark, when the stage diverts them.
    case late
}

/// An input of a stage: which stage and port it reads, and how items spread over its instances.
public struct PlanInput: Sendable {
    /// The producing stage's id.
    public let stage: Int
    /// The producing stage's port.
    public let port: PlanPort
    /// How items are routed from the producer's instances to this stage's.
    public let routing: PlanRouting

    @usableFromInline
    init(stage: Int, port: PlanPort, routing: PlanRouting) {
        self.stage = stage
        self.port = port
        self.routing = routing
    }
}

/// How a plan edge routes items; see ``EdgeRouting``.
public enum PlanRouting: Sendable, CustomStringConvertible {
    /// Instance *i* feeds instance *i* when both sides have the same parallelism (round-robin otherwise):
    /// the default between stages, which keeps the order of each upstream instance.
    case forward
    /// Items spread evenly over the consumer instances (``Stage/rebalance(parallelism:)``).
    case roundRobin
    /// Items go to the instance owning their key's partition (``Stage/grouped(by:partitioner:)``).
    /// `edge` is the ``EdgeRouting`` of the edge's item type, made where that type is concrete so that the key
    /// hash the edge computes per item is specialized code.
    case partitioned(_ edge: any Sendable, partitioner: Partitioner)
    /// Every item reaches instance 0 (single-writer sinks).
    case allToOne

    public var description: String {
        switch self {
        case .forward: "forward"
        case .roundRobin: "round-robin"
        case .partitioned(_, let partitioner): "partitioned(\(partitioner.partitionCount))"
        case .allToOne: "all-to-one"
        }
    }
}

/// How many instances a stage runs.
public enum PlanParallelism: Sendable, Hashable, CustomStringConvertible {
    /// As many as the stage it reads (its first input): with a forward edge, order is kept instance by instance.
    case inherit
    /// One instance per cooperative worker thread (the job's default).
    case perWorker
    /// Exactly this many.
    case fixed(Int)

    public var description: String {
        switch self {
        case .inherit: "inherit"
        case .perWorker: "per-worker"
        case .fixed(let count): "\(count)"
        }
    }
}

/// How the planner builds a stage: a step it may fuse with its neighbours, or a vertex of its own.
enum StageLowering: Sendable {
    /// A stateless per-item step.
    case step(any FusableStep)
    /// A vertex of its own.
    case vertex(VertexLowering)
}

/// Builds the vertex of a non-fusable stage.
///
/// The DSL makes `build` where the processor type is concrete (inlinable stage methods), so the vertex's entry
/// points are specialized for it; see ``DAG/addVertex(_:localParallelism:processor:)``.
@usableFromInline
struct VertexLowering: Sendable {
    /// Adds the vertex to the DAG.
    let build: @Sendable (inout DAG, VertexRequest) throws -> LoweredVertex
    /// Adds an identity vertex of the stage's output type, used to fan a single-ordinal output out to several
    /// consumers (a stage diverting late events owns output ordinals 0 and 1 only).
    let makeFanOut: (@Sendable (inout DAG, String, Int?) -> LoweredVertex)?
    /// Whether the processor blocks (runs on a thread of its own).
    let isCooperative: Bool

    @usableFromInline
    init(
        build: @escaping @Sendable (inout DAG, VertexRequest) throws -> LoweredVertex,
        makeFanOut: (@Sendable (inout DAG, String, Int?) -> LoweredVertex)?, isCooperative: Bool
    ) {
        self.build = build
        self.makeFanOut = makeFanOut
        self.isCooperative = isCooperative
    }
}

/// What the planner asks a stage to build.
@usableFromInline
struct VertexRequest: Sendable {
    /// The vertex name.
    @usableFromInline let name: String
    /// The vertex's local parallelism (`nil`: one per worker).
    @usableFromInline let parallelism: Int?
    /// The run's settings (Kafka connection, logger).
    let configuration: PipelineConfiguration
    /// The name of the pipeline.
    @usableFromInline let pipelineName: String
    /// Whether the stage's late events go to output ordinal 1 (some stage reads its `lateEvents`).
    @usableFromInline let divertsLateEvents: Bool
    /// Whether the DAG will run (`false` when it is only described: settings a run needs may be absent).
    let isForRunning: Bool

    /// The Kafka connection of a stage: its own, else the pipeline's. Only a run needs one; a description
    /// gets a placeholder, since its processors are never made.
    @usableFromInline
    func kafkaConnection(_ own: KafkaConnection?, for what: String) throws -> KafkaConnection {
        if let connection = own ?? configuration.kafka { return connection }
        guard isForRunning else { return KafkaConnection(bootstrapServers: "") }
        throw PipelineError("no Kafka connection: set PipelineConfiguration.kafka (or the \(what)'s options.connection)")
    }
}
