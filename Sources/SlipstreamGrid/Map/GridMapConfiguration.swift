/// How a ``GridMap`` is laid out and when its entries leave on their own.
public struct GridMapConfiguration: Sendable {
    /// Number of partitions (default 271, as Hazelcast). Must equal the partition count of the partitioned
    /// edge that feeds the owning stage, so both place every key in the same partition.
    public var partitionCount: Int
    /// Time to live and max idle, and the clock they use.
    public var expiry: GridExpiryPolicy
    /// An optional cap on entries per partition, with the eviction policy.
    public var capacity: GridCapacityPolicy?
    /// Entries each partition makes room for up front (avoids growth steps when the key count is known).
    public var initialCapacityPerPartition: Int

    public init(partitionCount: Int = Partitioner.defaultPartitionCount,
                expiry: GridExpiryPolicy = .never,
                capacity: GridCapacityPolicy? = nil,
                initialCapacityPerPartition: Int = 8) {
        precondition(partitionCount >= 1, "partitionCount must be at least 1")
        self.partitionCount = partitionCount
        self.expiry = expiry
        self.capacity = capacity
        self.initialCapacityPerPartition = initialCapacityPerPartition
    }

    @usableFromInline
    var partitionSettings: GridPartitionSettings {
        GridPartitionSettings(timeToLive: expiry.timeToLive?.gridMilliseconds,
                              maxIdle: expiry.maxIdle?.gridMilliseconds,
                              maxEntries: capacity?.maxEntriesPerPartition,
                              policy: capacity?.policy)
    }
}
