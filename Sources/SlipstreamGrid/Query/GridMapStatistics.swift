/// Size and turnover figures of one grid partition.
public struct GridPartitionStatistics: Sendable, Equatable {
    /// The partition's number.
    public var partition: Int
    /// Entries held (including expired ones the sweep has not reached yet).
    public var entries: Int
    /// Estimated memory of the partition's table (see ``GridPartition/estimatedBytes``).
    public var estimatedBytes: Int
    /// Entries that expired since the partition was created.
    public var expired: UInt64
    /// Entries evicted for capacity since the partition was created.
    public var evicted: UInt64
}

/// Size and turnover figures of a grid map (or of the part one instance owns), per partition and in total.
public struct GridMapStatistics: Sendable, Equatable {
    /// One element per partition, by partition number.
    public var partitions: [GridPartitionStatistics]

    public var entries: Int { partitions.reduce(0) { $0 + $1.entries } }
    public var estimatedBytes: Int { partitions.reduce(0) { $0 + $1.estimatedBytes } }
    public var expired: UInt64 { partitions.reduce(0) { $0 + $1.expired } }
    public var evicted: UInt64 { partitions.reduce(0) { $0 + $1.evicted } }
}
