/// Logical offsets understood by librdkafka wherever an offset is expected (assign, seek, commit queries).
public enum KafkaOffset {
    /// The oldest record still in the partition.
    public static let beginning: Int64 = -2
    /// The end of the partition: only records written from now on.
    public static let end: Int64 = -1
    /// The group's committed offset (falls back to `auto.offset.reset`).
    public static let stored: Int64 = -1000
    /// No offset (e.g. nothing committed yet).
    public static let invalid: Int64 = -1001

    static func describe(_ offset: Int64) -> String {
        switch offset {
        case beginning: return "beginning"
        case end: return "end"
        case stored: return "stored"
        case invalid: return "none"
        default: return "\(offset)"
        }
    }
}

/// Partition numbers with a special meaning.
public enum KafkaPartition {
    /// Let the producer's partitioner choose (librdkafka's `RD_KAFKA_PARTITION_UA`).
    public static let any: Int32 = -1
}
