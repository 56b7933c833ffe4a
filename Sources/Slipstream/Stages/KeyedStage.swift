import SlipstreamEngine

/// A stream grouped by key, from ``Stage/grouped(by:partitioner:)``: the next stage receives every item of a key
/// on the one instance that owns the key's partition, in the order the items were sent.
///
/// Stateful stages are methods of this type. Each is a processor fed through a partitioned edge, so the
/// instance that receives a key also owns its partition of the stage's ``GridMap`` and needs no lock. New keyed
/// stages (windows, enrichment, joins) plug in the same way, through ``custom(_:parallelism:processor:)``:
///
/// ```swift
/// extension KeyedStage {
///     public func window(...) -> Stage<WindowResult<Key, ...>> {
///         let key = self.key
///         return custom("window") { context in KeyedWindowProcessor(key: key, partitions: context.ownedPartitions, ...) }
///     }
/// }
/// ```
public struct KeyedStage<Item, Key: PartitionKey> {
    /// The stream being grouped.
    public let upstream: Stage<Item>
    /// The key of an item.
    public let key: @Sendable (Item) -> Key
    /// Maps keys to partitions and partitions to instances, on the edge and in the stage's grid maps.
    public let partitioner: Partitioner

    /// Adds a stage run by a processor of your own, fed through the partitioned edge: instance
    /// `context.instance` receives exactly the keys of `context.ownedPartitions`, each in order.
    ///
    /// - Parameters:
    ///   - parallelism: instances; default one per worker thread.
    ///   - processor: makes one instance, once per instance when the job starts.
    @inlinable
    public func custom<P: Processor>(
        _ name: String, parallelism: Int? = nil, processor: @escaping @Sendable (ProcessorContext) throws -> P
    ) -> Stage<P.Output> where P.Input == Item {
        addKeyedStage(kind: .custom, name: name, parallelism: parallelism, perRun: { _ in processor })
    }

    /// Inlinable, with everything it calls down to ``DAG/addVertex(_:localParallelism:processor:)``: a stage
    /// added from code where `P` is concrete gets entry points and an edge key hash specialized for it.
    @inlinable
    func addKeyedStage<P: Processor>(
        kind: PlanStageKind, name: String, parallelism: Int?, detail: String? = nil,
        perRun: @escaping @Sendable (VertexRequest) throws -> @Sendable (ProcessorContext) throws -> P
    ) -> Stage<P.Output> where P.Input == Item {
        return upstream.addVertexStage(
            kind: kind, name: name,
            routing: .partitioned(EdgeRouting<Item>.partitioned(by: key, partitioner: partitioner), partitioner: partitioner),
            parallelism: parallelism.map { .fixed(max(1, $0)) } ?? .perWorker, cooperative: true,
            detail: detail ?? "keyed by \(Key.self)", perRun: perRun)
    }
}
