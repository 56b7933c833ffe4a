extension SnapshotManifest {
    /// The metadata keys Slipstream's own components write, so that tools read them the same way
    /// (`run-pipeline snapshots show` prints them). Any other key may be used freely.
    public enum MetadataKey {
        /// The job's name.
        public static let job = "job"
        /// The source offsets the snapshot resumes from, as `topic[partition]=offset` pairs separated by commas
        /// (the next offset to read, as Kafka commits it).
        public static let sourceOffsets = "source.offsets"
        /// The version of the model(s) in the snapshot (the learner's update count or model file version).
        public static let modelVersion = "model.version"
        /// The processing guarantee the job ran with (`exactlyOnce`, `atLeastOnce`, `none`).
        public static let processingGuarantee = "processing.guarantee"
        /// The prefix of the keys (`kafka.transaction.<vertex>`) recording, for each exactly-once Kafka sink, the
        /// Kafka transaction that holds the output written before the snapshot. The snapshot may be restored
        /// only once that transaction has committed.
        public static let kafkaTransaction = "kafka.transaction"
    }

    /// Formats source offsets for ``MetadataKey/sourceOffsets``: `topic[partition]=offset`, sorted, comma-separated.
    public static func formatSourceOffsets(_ offsets: [(topic: String, partition: Int32, offset: Int64)]) -> String {
        offsets.sorted { ($0.topic, $0.partition) < ($1.topic, $1.partition) }
            .map { "\($0.topic)[\($0.partition)]=\($0.offset)" }
            .joined(separator: ",")
    }

    /// The source offsets recorded under ``MetadataKey/sourceOffsets``, or `nil` when absent or malformed.
    public var sourceOffsets: [(topic: String, partition: Int32, offset: Int64)]? {
        guard let text = metadata[MetadataKey.sourceOffsets] else { return nil }
        if text.isEmpty { return [] }
        var result: [(topic: String, partition: Int32, offset: Int64)] = []
        for pair in text.split(separator: ",") {
            guard let open = pair.lastIndex(of: "["), let close = pair.lastIndex(of: "]"), open < close,
                let partition = Int32(pair[pair.index(after: open)..<close]),
                pair[pair.index(after: close)...].first == "=",
                let offset = Int64(pair[pair.index(close, offsetBy: 2)...])
            else { return nil }
            result.append((String(pair[..<open]), partition, offset))
        }
        return result
    }
}
