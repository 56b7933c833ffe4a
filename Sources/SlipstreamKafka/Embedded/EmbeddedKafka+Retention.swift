/// The mock's ~5 MiB per-partition retention, measured: how full each partition is, and warnings before data is
/// dropped.
extension EmbeddedKafka {
    /// How full one partition is compared with the mock's retention cap.
    public struct PartitionUsage: Hashable, Sendable, CustomStringConvertible {
        public var topicPartition: KafkaTopicPartition
        public var watermarks: KafkaWatermarks
        /// Estimated bytes stored: records × the size of the newest record (plus per-record overhead).
        public var estimatedBytes: Int
        /// The mock has dropped the partition's oldest records (its low watermark is above 0).
        public var hasDroppedRecords: Bool { watermarks.low > 0 }
        /// The estimate has reached 80% of `partitionRetentionBytes`.
        public var isNearRetentionCap: Bool { estimatedBytes >= EmbeddedKafka.partitionRetentionBytes / 5 * 4 }

        public var description: String {
            "\(topicPartition): offsets \(watermarks.low)..<\(watermarks.high), ~\(estimatedBytes / 1024) KiB"
        }
    }

    /// Measures every partition of the topics created here: watermarks and an estimate of the bytes stored.
    public func partitionUsage() throws(KafkaError) -> [PartitionUsage] {
        try retentionMonitor().usage(of: topics)
    }

    /// Logs a warning for each partition that nears the retention cap or has dropped records (once per
    /// partition and condition) and returns those partitions. The background check calls this periodically.
    @discardableResult
    public func checkRetention() throws(KafkaError) -> [PartitionUsage] {
        try retentionMonitor().check(topics)
    }
}
