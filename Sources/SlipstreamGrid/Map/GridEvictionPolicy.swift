/// Which entry leaves a full partition to make room for a new one.
public enum GridEvictionPolicy: String, Sendable, Codable, CaseIterable {
    /// The least recently used entry (read or written longest ago).
    case leastRecentlyUsed = "lru"
    /// The least frequently used entry; among equally used entries, the one used longest ago.
    case leastFrequentlyUsed = "lfu"
}

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

/// Why an entry left a map without being removed by the owner.
public enum GridEvictionCause: String, Sendable, Equatable {
    /// Its time to live ran out.
    case timeToLive
    /// It was not accessed for longer than the max idle time.
    case maxIdle
    /// Its partition was full and the eviction policy chose it.
    case capacity
}
