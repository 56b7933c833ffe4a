import Logging
import SlipstreamEngine

/// Where a pipeline's items go: a Kafka topic, a JSON Lines file, an in-memory ``Collector``, the log, or a
/// function. Pass it to ``Stage/write(_:name:)``.
public struct Sink<Item>: Sendable {
    /// The stage name used when `write` gives none.
    let defaultName: String
    /// What the sink writes, for `describe`.
    let detail: String
    /// How items reach the sink's instances.
    let routing: PlanRouting
    /// How many instances.
    let parallelism: PlanParallelism
    /// Adds the sink's vertex.
    let lowering: VertexLowering

    @usableFromInline
    init(
        defaultName: String, detail: String, routing: PlanRouting = .forward, parallelism: PlanParallelism = .inherit,
        isCooperative: Bool,
        build: @escaping @Sendable (inout DAG, VertexRequest) throws -> LoweredVertex
    ) {
        self.defaultName = defaultName
        self.detail = detail
        self.routing = routing
        self.parallelism = parallelism
        self.lowering = VertexLowering(build: build, makeFanOut: nil, isCooperative: isCooperative)
    }
}

extension Sink where Item: Sendable {
    /// Appends every item to `collector` (in order per upstream instance), for tests and small jobs.
    @inlinable
    public static func collect(into collector: Collector<Item>, name: String = "collect") -> Sink {
        Sink(defaultName: name, detail: "in-memory collector of \(Item.self)", isCooperative: true) { dag, request in
            dag.addLowered(request.name, parallelism: request.parallelism) { _ in CollectorSinkProcessor(collector) }
        }
    }
}

extension Sink {
    /// Logs every item (its `description`) at `level`, from one instance so that lines do not interleave.
    public static func log(label: String = "slipstream.sink", level: Logger.Level = .info, name: String = "log") -> Sink {
        Sink(
            defaultName: name, detail: "log '\(label)' at \(level)", routing: .allToOne, parallelism: .fixed(1),
            isCooperative: false
        ) { dag, request in
            dag.addLowered(request.name, parallelism: request.parallelism) { _ in
                LogSinkProcessor<Item>(logger: Logger(label: label), level: level)
            }
        }
    }

    /// Calls `body` with every item, on worker threads (several instances at once): it must not block.
    @inlinable
    public static func forEach(name: String = "forEach", _ body: @escaping @Sendable (Item) throws -> Void) -> Sink {
        Sink(defaultName: name, detail: "function", isCooperative: true) { dag, request in
            dag.addLowered(request.name, parallelism: request.parallelism) { _ in ForEachSinkProcessor(body) }
        }
    }
}
