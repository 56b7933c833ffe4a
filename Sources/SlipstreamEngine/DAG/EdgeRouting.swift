/// How an edge spreads the items of each producer instance over the consumer instances.
///
/// | routing | where an item goes | typical use |
/// | --- | --- | --- |
/// | ``roundRobin`` | the next consumer with room | stateless stages, load balancing |
/// | ``partitioned(by:partitioner:)`` | the consumer owning the key's partition | keyed state, per-key order |
/// | ``broadcast`` | every consumer | small reference data, control |
/// | ``allToOne`` | consumer 0 | global aggregation, a single sink |
/// | ``isolated`` | the consumer with the producer's index | fused-like chains of equal parallelism |
///
/// Each producer instance has its own queue to each consumer instance it reaches, and a queue is FIFO, so the
/// items of one producer that go to one consumer keep their order; with ``partitioned(by:partitioner:)`` that means
/// per-key order is preserved end to end.
public struct EdgeRouting<Item>: Sendable {
    @usableFromInline
    enum Kind: Sendable {
        case roundRobin
        /// The key hash reads the item through a pointer: a closure type that does not mention `Item` is called
        /// from specialized code without reabstraction thunks, which would otherwise dominate the per-item cost.
        case partitioned(keyHash: @Sendable (UnsafeRawPointer) -> UInt64, partitioner: Partitioner)
        case broadcast
        case allToOne
        case isolated
    }

    @usableFromInline let kind: Kind

    @usableFromInline
    init(kind: Kind) {
        self.kind = kind
    }

    /// Each item goes to the next consumer instance (skipping full queues).
    public static var roundRobin: EdgeRouting { EdgeRouting(kind: .roundRobin) }

    /// Each item goes to the consumer instance that owns the partition of its key: stable hash → partition
    /// (`partitioner`) → instance. The same key always reaches the same instance, which is what keyed state and
    /// grid maps rely on.
    ///
    /// Inlinable so that the key function and the key's hash are specialized where the edge is declared.
    @inlinable
    public static func partitioned<Key: PartitionKey>(
        by key: @escaping @Sendable (Item) -> Key, partitioner: Partitioner = Partitioner()
    ) -> EdgeRouting {
        EdgeRouting(
            kind: .partitioned(
                keyHash: { key($0.assumingMemoryBound(to: Item.self).pointee).stableHash }, partitioner: partitioner))
    }

    /// Like ``partitioned(by:partitioner:)``, from a function returning the key's ``PartitionKey/stableHash``.
    @inlinable
    public static func partitioned(
        byHash hash: @escaping @Sendable (Item) -> UInt64, partitioner: Partitioner = Partitioner()
    ) -> EdgeRouting {
        EdgeRouting(
            kind: .partitioned(
                keyHash: { hash($0.assumingMemoryBound(to: Item.self).pointee) }, partitioner: partitioner))
    }

    /// Every item goes to every consumer instance.
    public static var broadcast: EdgeRouting { EdgeRouting(kind: .broadcast) }

    /// Every item of every producer goes to consumer instance 0.
    public static var allToOne: EdgeRouting { EdgeRouting(kind: .allToOne) }

    /// Producer instance *i* sends only to consumer instance *i*; both vertices must have the same parallelism.
    public static var isolated: EdgeRouting { EdgeRouting(kind: .isolated) }

    /// A short name: `round-robin`, `partitioned`, `broadcast`, `all-to-one`, `isolated`.
    public var name: String { kind.style.rawValue }

    var partitioner: Partitioner? {
        if case .partitioned(_, let partitioner) = kind { return partitioner }
        return nil
    }
}

extension EdgeRouting.Kind {
    var style: RoutingStyle {
        switch self {
        case .roundRobin: .roundRobin
        case .partitioned: .partitioned
        case .broadcast: .broadcast
        case .allToOne: .allToOne
        case .isolated: .isolated
        }
    }
}

/// The routing of an edge without its key function, as shown in DAG descriptions.
public enum RoutingStyle: String, Sendable, Hashable {
    case roundRobin = "round-robin"
    case partitioned
    case broadcast
    case allToOne = "all-to-one"
    case isolated
}
