/// Maps keys to partitions and partitions to processor instances.
///
/// The same mapping is used by partitioned edges (which instance receives a key) and by grid maps (which
/// partition holds a key's state), so the instance that receives a key always owns the partition of its state
/// and the hot path takes no lock. Partition `p` belongs to instance `p % instanceCount`.
public struct Partitioner: Sendable, Hashable {
    /// The default partition count, as Hazelcast's: a prime, so that keys with a common stride still spread.
    public static let defaultPartitionCount = 271

    /// The number of partitions keys are spread over.
    public let partitionCount: Int

    /// Creates a partitioner with `partitionCount` partitions (at least 1).
    public init(partitionCount: Int = Partitioner.defaultPartitionCount) {
        precondition(partitionCount >= 1, "partitionCount must be at least 1, got \(partitionCount)")
        self.partitionCount = partitionCount
    }

    /// The partition that holds `key`.
    @inlinable
    public func partition<Key: PartitionKey>(of key: Key) -> Int {
        partition(ofHash: key.stableHash)
    }

    /// The partition for a precomputed ``PartitionKey/stableHash``.
    @inlinable
    public func partition(ofHash hash: UInt64) -> Int {
        Int(truncatingIfNeeded: hash % UInt64(partitionCount))
    }

    /// The processor instance (of `instanceCount`) that owns `partition`.
    @inlinable
    public func instance(ofPartition partition: Int, instanceCount: Int) -> Int {
        partition % instanceCount
    }

    /// The partitions owned by `instance` of `instanceCount`.
    public func partitions(ownedBy instance: Int, instanceCount: Int) -> [Int] {
        Array(stride(from: instance, to: partitionCount, by: instanceCount))
    }
}
