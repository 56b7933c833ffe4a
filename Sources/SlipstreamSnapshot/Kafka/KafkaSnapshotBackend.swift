import Logging
import SlipstreamKafka

/// The Kafka store's side of the writer: begins snapshots, and retires old ones by tombstoning their records.
final class KafkaSnapshotBackend: SnapshotWriterBackend {
    private let configuration: KafkaSnapshotStoreConfiguration
    private let sender: KafkaSnapshotSender
    private let partitions: Int
    private let logger: Logger

    init(configuration: KafkaSnapshotStoreConfiguration, sender: KafkaSnapshotSender, partitions: Int, logger: Logger) {
        self.configuration = configuration
        self.sender = sender
        self.partitions = partitions
        self.logger = logger
    }

    func beginSnapshot(id: Int64) throws(SnapshotStoreError) -> any SnapshotOutput {
        KafkaSnapshotOutput(
            id: id, sender: sender, partitions: partitions, chunkBytes: configuration.chunkBytes, logger: logger)
    }

    func applyRetention(after committed: SnapshotManifest) {
        do {
            let reader = KafkaSnapshotTopicReader(configuration: configuration, logger: logger)
            let consumer = try reader.makeConsumer()
            defer { try? consumer.close() }
            var manifests = try reader.readManifests(consumer)
            // The manifest just sent may not be visible yet to a fresh consumer; count it in any case.
            manifests.byID[committed.id] = .success(committed)
            let complete = manifests.byID.compactMap { entry -> Int64? in
                if case .success = entry.value { return entry.key }
                return nil
            }.sorted(by: >)
            guard complete.count > configuration.retain else { return }
            let oldestKept = complete[configuration.retain - 1]
            for (id, result) in manifests.byID where id < oldestKept {
                Self.tombstone(id: id, manifest: try? result.get(), sender: sender)
                logger.info("snapshot \(id) deleted (retention keeps the newest \(configuration.retain))")
            }
            sender.flush()
        } catch {
            logger.warning("retention after snapshot \(committed.id) failed: \(error)")
        }
    }

    /// Tombstones the manifest first, so that the snapshot stops being complete before its chunks go.
    static func tombstone(id: Int64, manifest: SnapshotManifest?, sender: KafkaSnapshotSender) {
        sender.tombstone(key: KafkaSnapshotRecord.manifestKey(id), partition: KafkaSnapshotRecord.manifestPartition)
        guard let manifest else { return }
        for (segmentIndex, segment) in manifest.segments.enumerated() {
            for (chunkIndex, chunk) in (segment.chunks ?? []).enumerated() {
                sender.tombstone(
                    key: KafkaSnapshotRecord.chunkKey(id, segment: segmentIndex, chunk: chunkIndex),
                    partition: chunk.partition)
            }
        }
    }
}
