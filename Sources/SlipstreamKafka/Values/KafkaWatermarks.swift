/// The low and high watermarks of a partition.
public struct KafkaWatermarks: Hashable, Sendable {
    /// The oldest offset still stored. Above 0 on `EmbeddedKafka` means the mock dropped older records.
    public var low: Int64
    /// The offset the next record will get: one past the newest.
    public var high: Int64

    public init(low: Int64, high: Int64) {
        self.low = low
        self.high = high
    }

    /// Records currently stored.
    public var count: Int64 { high - low }
}

/// How far a consumer group is behind on one partition.
public struct KafkaPartitionLag: Hashable, Sendable, CustomStringConvertible {
    public var topicPartition: KafkaTopicPartition
    public var watermarks: KafkaWatermarks
    /// The group's committed offset, `KafkaOffset.invalid` when nothing is committed.
    public var committed: Int64
    /// Records not yet committed: from the committed offset (or the low watermark) to the high watermark.
    public var lag: Int64 {
        watermarks.high - (committed >= 0 ? max(committed, watermarks.low) : watermarks.low)
    }

    public init(topicPartition: KafkaTopicPartition, watermarks: KafkaWatermarks, committed: Int64) {
        self.topicPartition = topicPartition
        self.watermarks = watermarks
        self.committed = committed
    }

    public var description: String { "\(topicPartition) lag \(lag) (committed \(KafkaOffset.describe(committed)), high \(watermarks.high))" }
}
