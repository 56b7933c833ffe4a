import Dispatch
import Logging

/// Watches the mock's partitions against its ~5 MiB retention cap.
///
/// The mock has no size query, so the bytes of a partition are estimated as its record count (from the
/// watermarks) times the size of its newest record, sampled with a private consumer. Runs on its own queue.
final class EmbeddedKafkaRetentionMonitor: @unchecked Sendable {
    private let consumer: KafkaConsumer
    private let logger: Logger
    private let lock = KafkaLock()
    private var warned: Set<String> = []
    private var sampledRecordBytes: [KafkaTopicPartition: (high: Int64, bytes: Int)] = [:]
    private let queue = DispatchQueue(label: "slipstream.kafka.embedded.retention")
    private var timer: (any DispatchSourceTimer)?

    init(bootstrapServers: String, logger: Logger) throws(KafkaError) {
        var configuration = KafkaConsumerConfiguration(bootstrapServers: bootstrapServers)
        configuration.fetchWaitMax = .milliseconds(5)
        configuration.enableAutoCommit = false
        configuration.maxBatchSize = 1
        configuration.properties["log_level"] = "2"
        consumer = try KafkaConsumer(configuration: configuration, logger: logger)
        self.logger = logger
    }

    /// Starts periodic checks of `topics()`.
    func start(interval: Duration, topics: @escaping @Sendable () -> [EmbeddedKafka.TopicSpec]) {
        let timer = DispatchSource.makeTimerSource(queue: queue)
        let milliseconds = Int(interval.kafkaMilliseconds)
        timer.schedule(deadline: .now() + .milliseconds(milliseconds), repeating: .milliseconds(milliseconds))
        timer.setEventHandler { [weak self] in
            guard let self else { return }
            do { _ = try self.check(topics()) } catch { self.logger.debug("retention check failed: \(error)") }
        }
        timer.resume()
        self.timer = timer
    }

    /// Stops periodic checks; returns once none is running.
    func stop() {
        timer?.cancel()
        queue.sync {}
        try? consumer.close()
    }

    func usage(of topics: [EmbeddedKafka.TopicSpec]) throws(KafkaError) -> [EmbeddedKafka.PartitionUsage] {
        try lock.withLock { () throws(KafkaError) -> [EmbeddedKafka.PartitionUsage] in
            var result: [EmbeddedKafka.PartitionUsage] = []
            for topic in topics {
                for partition in 0..<Int32(topic.partitions) {
                    let marks = try consumer.watermarks(topic: topic.name, partition: partition, timeout: .seconds(5))
                    let where_ = KafkaTopicPartition(topic: topic.name, partition: partition)
                    let recordBytes = marks.count > 0 ? try sampleRecordBytes(where_, high: marks.high) : 0
                    result.append(
                        EmbeddedKafka.PartitionUsage(
                            topicPartition: where_, watermarks: marks, estimatedBytes: Int(marks.count) * recordBytes))
                }
            }
            return result
        }
    }

    func check(_ topics: [EmbeddedKafka.TopicSpec]) throws(KafkaError) -> [EmbeddedKafka.PartitionUsage] {
        let flagged = try usage(of: topics).filter { $0.hasDroppedRecords || $0.isNearRetentionCap }
        lock.withLock {
            for entry in flagged {
                if entry.hasDroppedRecords, warned.insert("dropped \(entry.topicPartition)").inserted {
                    logger.warning(
                        "embedded Kafka dropped the oldest \(entry.watermarks.low) records of \(entry.topicPartition): the mock keeps only ~5 MiB per partition; give the topic more partitions or consume while producing")
                } else if !entry.hasDroppedRecords, warned.insert("near \(entry.topicPartition)").inserted {
                    logger.warning(
                        "embedded Kafka partition \(entry.topicPartition) holds ~\(entry.estimatedBytes / 1024) KiB, near the mock's ~5 MiB per-partition cap: older records will be dropped silently")
                }
            }
        }
        return flagged
    }

    /// The size of the partition's newest record plus Kafka's per-record overhead; re-sampled when the
    /// partition has grown by more than half since the last sample.
    private func sampleRecordBytes(_ partition: KafkaTopicPartition, high: Int64) throws(KafkaError) -> Int {
        if let sample = sampledRecordBytes[partition], high < sample.high + sample.high / 2 + 1 { return sample.bytes }
        try consumer.assign([KafkaTopicPartitionOffset(partition, offset: high - 1)])
        var bytes = 0
        let deadline = ContinuousClock.now.advanced(by: .seconds(2))
        while bytes == 0 && ContinuousClock.now < deadline {
            bytes = (try? consumer.poll(maxRecords: 1, timeout: .milliseconds(100)) { batch in
                batch.first.map { record in
                    (record.keyBytes?.count ?? 0) + (record.valueBytes?.count ?? 0)
                        + record.headers.reduce(0) { $0 + $1.name.utf8.count + ($1.value?.count ?? 0) + 2 } + 16
                } ?? 0
            }) ?? 0
        }
        if bytes > 0 { sampledRecordBytes[partition] = (high, bytes) }
        return bytes
    }
}
