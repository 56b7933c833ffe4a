import Dispatch
import Foundation
import Logging
import SlipstreamKafka
import SlipstreamTelemetry

/// The consumer lag of `run-pipeline run`, as of the last committed snapshot: for every partition the Kafka
/// sources saved a position for, the partition's high watermark (asked of its leader right after the commit)
/// minus that position, summed per topic.
///
/// The positions come from the snapshot itself (``SnapshotPositionsTap``), because the sources keep their
/// positions in snapshots rather than committing them to the consumer group. So the figure is only as fresh as the
/// last snapshot, and there is none without a snapshot store. Broker queries run on a queue of the probe's own,
/// never on a processor thread or the concurrency pool, one refresh at a time.
final class ConsumerLagProbe: @unchecked Sendable {
    // @unchecked: `pending`, `latest` and `refreshing` are guarded by `lock`; `consumer` and `warned` are only
    // touched on `queue` (one refresh at a time), and in `deinit`, after the last refresh let go of the probe.
    private let lock = NSLock()
    private let queue = DispatchQueue(label: "slipstream.consumer-lag")
    private let brokers: String
    private let logger: Logger
    private var pending: [Int64: [KafkaTopicPartition: Int64]] = [:]
    private var latest: [TopicLag]?
    private var refreshing = false
    private var consumer: KafkaConsumer?
    private var warned = false

    init(brokers: String, logger: Logger) {
        self.brokers = brokers
        self.logger = logger
    }

    /// The lag per topic at the last refresh, `nil` before the first.
    var lag: [TopicLag]? {
        lock.withLock { latest }
    }

    /// Positions saved by a source instance for snapshot `snapshotID` (called on processor threads: no I/O).
    func record(snapshotID: Int64, positions: [(topic: String, partition: Int32, offset: Int64)]) {
        lock.withLock {
            for position in positions {
                pending[snapshotID, default: [:]][KafkaTopicPartition(topic: position.topic, partition: position.partition)] =
                    position.offset
            }
        }
    }

    /// Snapshot `snapshotID` was committed (or abandoned, `committed` false): refreshes the lag from its
    /// positions in the background.
    func snapshotFinished(_ snapshotID: Int64, committed: Bool) {
        let positions: [KafkaTopicPartition: Int64]? = lock.withLock {
            let taken = pending.removeValue(forKey: snapshotID)
            pending = pending.filter { $0.key > snapshotID }
            guard committed, let taken, !taken.isEmpty, !refreshing else { return nil }
            refreshing = true
            return taken
        }
        guard let positions else { return }
        queue.async { self.refresh(positions) }
    }

    private func refresh(_ positions: [KafkaTopicPartition: Int64]) {
        defer { lock.withLock { refreshing = false } }
        do {
            if consumer == nil {
                var configuration = KafkaConsumerConfiguration(bootstrapServers: brokers, groupID: nil)
                configuration.clientID = "slipstream-lag-probe"
                configuration.enableAutoCommit = false
                consumer = try KafkaConsumer(configuration: configuration, logger: logger)
            }
            var byTopic: [String: Int64] = [:]
            for (partition, position) in positions {
                let marks = try consumer!.watermarks(
                    topic: partition.topic, partition: partition.partition, timeout: .seconds(5))
                byTopic[partition.topic, default: 0] += max(0, marks.high - position)
            }
            let lag = byTopic.sorted { $0.key < $1.key }.map { TopicLag(topic: $0.key, records: $0.value) }
            lock.withLock { latest = lag }
        } catch {
            if !warned {
                warned = true
                logger.warning("consumer lag unknown: cannot read the source topics' watermarks: \(error)")
            }
        }
    }

    deinit {
        try? consumer?.close()
    }
}
