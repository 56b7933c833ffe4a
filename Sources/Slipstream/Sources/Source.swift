import SlipstreamEngine

/// Where a pipeline's items come from: a Kafka topic, a JSON Lines file, an in-memory sequence or a generator.
///
/// A source is a description; it opens nothing until the pipeline starts. Pass it to
/// ``PipelineBuilder/read(_:name:parallelism:)``.
public struct Source<Item>: Sendable {
    /// The stage name used when `read` gives none.
    let defaultName: String
    /// What the source reads, for `describe`.
    let detail: String
    /// Instances unless `read` says otherwise.
    let parallelism: PlanParallelism
    /// Whether the source runs on a thread of its own.
    let isCooperative: Bool
    /// Whether `timestamps(.kafkaRecord)` applies.
    let readsRecordTimestamps: Bool
    /// Adds the source's vertex, with event time if given. Made where the processor type is concrete (the
    /// inlinable factories below), so the vertex's entry points are specialized for it.
    let build: @Sendable (inout DAG, VertexRequest, EventTimeSpec<Item>?) throws -> LoweredVertex

    @usableFromInline
    init(
        defaultName: String, detail: String, parallelism: PlanParallelism, isCooperative: Bool,
        readsRecordTimestamps: Bool,
        build: @escaping @Sendable (inout DAG, VertexRequest, EventTimeSpec<Item>?) throws -> LoweredVertex
    ) {
        self.defaultName = defaultName
        self.detail = detail
        self.parallelism = parallelism
        self.isCooperative = isCooperative
        self.readsRecordTimestamps = readsRecordTimestamps
        self.build = build
    }

    func lowering(eventTime: EventTimeSpec<Item>?) -> StageLowering {
        let build = self.build
        return .vertex(
            VertexLowering(
                build: { dag, request in try build(&dag, request, eventTime) }, makeFanOut: identityFanOut(Item.self),
                isCooperative: isCooperative))
    }
}

extension Source {
    /// The elements of an in-memory sequence (a collection, a range), in order, by one instance. Bounded
    /// sequences end the source; the pipeline completes when every source has ended.
    @inlinable
    public static func sequence<Elements: Sequence & Sendable>(
        _ elements: Elements, name: String = "sequence"
    ) -> Source where Elements.Element == Item {
        Source(
            defaultName: name, detail: "in-memory sequence of \(Item.self)", parallelism: .fixed(1), isCooperative: true,
            readsRecordTimestamps: false,
            build: { dag, request, eventTime in
                let policy = eventTime?.policy(divertLate: request.divertsLateEvents)
                return dag.addLowered(request.name, parallelism: request.parallelism) { _ in
                    SequenceSourceProcessor(elements, eventTime: policy)
                }
            })
    }

    /// Items made by `make(index)` for index 0, 1, 2, … up to `count` (forever when `nil`). With several
    /// instances (`read(_:parallelism:)`), instance *i* of *n* makes the indices *i*, *i + n*, *i + 2n*, …
    @inlinable
    public static func generator(
        count: Int?, name: String = "generator", _ make: @escaping @Sendable (Int) -> Item
    ) -> Source {
        Source(
            defaultName: name, detail: "generator of \(count.map { "\($0) " } ?? "unbounded ")\(Item.self)",
            parallelism: .fixed(1), isCooperative: true, readsRecordTimestamps: false,
            build: { dag, request, eventTime in
                let policy = eventTime?.policy(divertLate: request.divertsLateEvents)
                let end = count ?? Int.max
                return dag.addLowered(request.name, parallelism: request.parallelism) { context in
                    SequenceSourceProcessor(
                        stride(from: context.instance, to: end, by: context.parallelism).lazy.map(make),
                        eventTime: policy)
                }
            })
    }
}
