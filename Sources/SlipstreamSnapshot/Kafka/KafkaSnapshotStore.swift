import Logging
import SlipstreamEngine
import SlipstreamKafka

/// A snapshot store in a Kafka topic, so that another process or machine can restore a job's state.
///
/// Each processor instance's state becomes a segment (the format of ``DirectorySnapshotStore``'s files) cut into
/// chunk records no larger than ``KafkaSnapshotStoreConfiguration/chunkBytes``, spread over partitions 1…n-1 with
/// a CRC-32C each; once every chunk is acknowledged by the brokers, the manifest, which records the partition and
/// offset of every chunk, is sent to partition 0. A snapshot without a manifest record does not exist for readers,
/// and a reader fetches exactly the offsets the manifest names, checking each chunk's key, header and checksum.
/// Retired snapshots are tombstoned (manifest first), so a compacted topic keeps only the retained ones. See
/// ``KafkaSnapshotRecord`` for the record layout.
///
/// ```swift
/// var configuration = KafkaSnapshotStoreConfiguration(topic: "fraud-detection.snapshots", bootstrapServers: brokers)
/// configuration.retain = 3
/// let store = try KafkaSnapshotStore(configuration: configuration)
/// ```
///
/// Opened as a ``Access/writer`` the store reads the existing manifests to continue their ids and starts a writer
/// thread with its own producer; ``Access/reader`` lists, reads and deletes only.
public final class KafkaSnapshotStore: SnapshotStore, @unchecked Sendable {
    // @unchecked: immutable after init; the writer synchronizes itself, and the sender is used only by the writer
    // thread.

    /// How a store is opened.
    public enum Access: Sendable {
        /// Takes snapshots (and can list, read and delete).
        case writer
        /// Lists, reads and deletes snapshots only.
        case reader
    }

    /// The store's settings.
    public let configuration: KafkaSnapshotStoreConfiguration
    public let logger: Logger
    let reader: KafkaSnapshotTopicReader
    private let writer: SnapshotWriter?

    /// Connects to the snapshot topic.
    ///
    /// - Throws: ``SnapshotStoreError/Code/invalidArgument`` for a bad configuration,
    ///   ``SnapshotStoreError/Code/readFailed`` when the topic cannot be found or read.
    public init(
        configuration: KafkaSnapshotStoreConfiguration, access: Access = .writer,
        logger: Logger = Logger(label: "slipstream.snapshot")
    ) throws(SnapshotStoreError) {
        try configuration.validate()
        self.configuration = configuration
        self.logger = logger
        reader = KafkaSnapshotTopicReader(configuration: configuration, logger: logger)
        guard access == .writer else {
            writer = nil
            return
        }
        let consumer = try reader.makeConsumer()
        defer { try? consumer.close() }
        let partitions = try reader.partitionCount(consumer)
        if partitions < 2 {
            let topic = configuration.topic
            logger.notice(
                "snapshot topic \(topic) has 1 partition: manifests and chunks share it; give it 2 or more partitions")
        }
        let highest = try reader.readManifests(consumer).highestID
        let sender = try KafkaSnapshotSender(configuration: configuration, logger: logger)
        let backend = KafkaSnapshotBackend(
            configuration: configuration, sender: sender, partitions: partitions, logger: logger)
        writer = SnapshotWriter(
            backend: backend, firstID: highest + 1, blockSize: configuration.blockSize, logger: logger,
            threadName: "slipstream-snapshot-kafka-writer")
    }

    deinit {
        writer?.stopWithoutWaiting()
    }

    // MARK: - SnapshotSink

    public func write(snapshotID: Int64, vertex: String, instance: Int, entries: [SnapshotEntry]) {
        writer?.write(jobSnapshotID: snapshotID, vertex: vertex, instance: instance, entries: entries)
    }

    public func annotate(snapshotID: Int64, metadata: [String: String]) {
        writer?.annotate(jobSnapshotID: snapshotID, metadata: metadata)
    }

    public func commit(snapshotID: Int64, metadata: [String: String]) async throws -> SnapshotManifest {
        guard let writer else {
            throw SnapshotStoreError(
                .invalidArgument, "the snapshot store on \(configuration.topic) is open for reading only")
        }
        return try await writer.commit(jobSnapshotID: snapshotID, metadata: metadata)
    }

    public func abort(snapshotID: Int64) {
        writer?.abort(jobSnapshotID: snapshotID)
    }

    public func close() async {
        await writer?.stop()
    }

    // MARK: - Reading

    public func list() throws -> [SnapshotListing] {
        let consumer = try reader.makeConsumer()
        defer { try? consumer.close() }
        let manifests = try reader.readManifests(consumer)
        var lowWatermarks: [Int32: Int64] = [:]
        var listings: [SnapshotListing] = []
        for (id, result) in manifests.byID {
            switch result {
            case .failure(let problem):
                listings.append(SnapshotListing(id: id, manifest: nil, problem: problem))
            case .success(let manifest):
                var problem: SnapshotStoreError?
                for segment in manifest.segments {
                    for chunk in segment.chunks ?? [] {
                        if lowWatermarks[chunk.partition] == nil {
                            lowWatermarks[chunk.partition] = try reader.watermarks(consumer, partition: chunk.partition).low
                        }
                        if chunk.offset < lowWatermarks[chunk.partition]!, problem == nil {
                            problem = SnapshotStoreError(
                                .damaged,
                                "chunk record \(configuration.topic)[\(chunk.partition)]@\(chunk.offset) was deleted "
                                    + "by the topic's retention",
                                snapshotID: id)
                        }
                    }
                    if segment.chunks == nil, problem == nil {
                        problem = SnapshotStoreError(
                            .damaged, "the manifest has no chunks for '\(segment.vertex)' instance \(segment.instance)",
                            snapshotID: id)
                    }
                }
                listings.append(SnapshotListing(id: id, manifest: manifest, problem: problem))
            }
        }
        return listings.sorted { $0.id > $1.id }
    }

    public func read(
        _ manifest: SnapshotManifest, vertices: Set<String>?,
        _ body: (SnapshotSegment, [SnapshotEntry]) throws -> Void
    ) throws {
        try readBlocks(manifest, vertices: vertices, body)
    }

    public func delete(id: Int64) throws {
        guard let listing = try list().first(where: { $0.id == id }) else {
            throw SnapshotStoreError(.notFound, "there is no snapshot \(id) in \(configuration.topic)", snapshotID: id)
        }
        let sender = try KafkaSnapshotSender(configuration: configuration, logger: logger)
        KafkaSnapshotBackend.tombstone(id: id, manifest: listing.manifest, sender: sender)
        sender.flush()
    }
}

extension KafkaSnapshotStore: SnapshotSegmentSource {
    func forEachSegment(
        of manifest: SnapshotManifest, segments: [Int],
        _ body: (SnapshotSegment, inout any SegmentBlockDecoding) throws -> Void
    ) throws {
        let consumer = try reader.makeConsumer()
        defer { try? consumer.close() }
        var pieces = try reader.readChunks(consumer, manifest: manifest, segments: segments)
        for index in segments {
            let segment = manifest.segments[index]
            var decoder: any SegmentBlockDecoding = SnapshotSegmentDecoder(
                reader: ChunkedByteReader(pieces: pieces.removeValue(forKey: index) ?? []), expected: segment,
                snapshotID: manifest.id,
                location: "segment '\(segment.vertex)' instance \(segment.instance) in \(configuration.topic)")
            try body(segment, &decoder)
        }
    }
}
