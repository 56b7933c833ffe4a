/// A cap on the number of entries of each partition.
///
/// The cap is per partition, as Hazelcast's `PER_PARTITION` size policy: partitions are owned by different
/// threads, so a map-wide cap would need coordination on the hot path. ``init(maxEntries:partitionCount:policy:)``
/// spreads a map-wide figure over the partitions.
public struct GridCapacityPolicy: Sendable, Equatable {
    /// The most entries one partition holds; inserting one more first evicts a victim.
    public var maxEntriesPerPartition: Int
    /// How the victim is chosen.
    public var policy: GridEvictionPolicy

    public init(maxEntriesPerPartition: Int, policy: GridEvictionPolicy) {
        precondition(maxEntriesPerPartition >= 1, "maxEntriesPerPartition must be at least 1")
        precondition(maxEntriesPerPartition < Int(UInt32.max), "maxEntriesPerPartition must be below 2^32 - 1")
        self.maxEntriesPerPartition = maxEntriesPerPartition
        self.policy = policy
    }

    /// About `maxEntries` in the whole map: each of `partitionCount` partitions holds at most
    /// `ceil(maxEntries / partitionCount)`.
    public init(maxEntries: Int, partitionCount: Int, policy: GridEvictionPolicy) {
        self.init(maxEntriesPerPartition: max(1, (maxEntries + partitionCount - 1) / partitionCount), policy: policy)
    }
}
