import Logging
import SlipstreamKafka

/// One snapshot being written to a Kafka topic: segments are cut into chunk records as their blocks arrive;
/// the commit waits for every chunk's acknowledgement, records where each landed, then sends the manifest.
final class KafkaSnapshotOutput: SnapshotOutput {
    private let id: Int64
    private let sender: KafkaSnapshotSender
    private let partitions: Int
    private let chunkBytes: Int
    private let logger: Logger
    /// What each send id carried: which segment, which chunk, how many payload bytes.
    private var sent: [UInt64: (segment: Int, chunk: Int, bytes: Int, key: String, partition: Int32)] = [:]
    private var chunkSequence = 0

    init(id: Int64, sender: KafkaSnapshotSender, partitions: Int, chunkBytes: Int, logger: Logger) {
        self.id = id
        self.sender = sender
        self.partitions = partitions
        self.chunkBytes = chunkBytes
        self.logger = logger
    }

    func openSegment(index: Int, vertex: String, instance: Int) throws(SnapshotStoreError) -> any SegmentOutput {
        KafkaSegmentOutput(index: index, snapshot: self, chunkBytes: chunkBytes)
    }

    /// Sends one chunk of segment `segment`.
    fileprivate func sendChunk(segment: Int, chunk: Int, payload: UnsafeRawBufferPointer) throws(SnapshotStoreError) {
        let key = KafkaSnapshotRecord.chunkKey(id, segment: segment, chunk: chunk)
        let partition = KafkaSnapshotRecord.chunkPartition(snapshotID: id, sequence: chunkSequence, partitions: partitions)
        chunkSequence += 1
        let value = KafkaSnapshotRecord.encodeChunk(snapshotID: id, segment: segment, chunk: chunk, payload: payload)
        let sendID = try sender.send(key: key, value: value, partition: partition, snapshotID: id)
        sent[sendID] = (segment, chunk, payload.count, key, partition)
    }

    func commit(_ manifest: SnapshotManifest) throws(SnapshotStoreError) -> SnapshotManifest {
        let delivered = try sender.awaitDelivery(of: Set(sent.keys), snapshotID: id)
        var locations: [Int: [(chunk: Int, location: SnapshotChunkLocation)]] = [:]
        for (sendID, chunk) in sent {
            guard let report = delivered[sendID] else {
                throw SnapshotStoreError(.writeFailed, "chunk \(chunk.key) was not acknowledged", snapshotID: id)
            }
            locations[chunk.segment, default: []].append(
                (chunk.chunk, SnapshotChunkLocation(partition: report.partition, offset: report.offset, byteCount: chunk.bytes)))
        }
        var published = manifest
        for index in published.segments.indices {
            published.segments[index].chunks = (locations[index] ?? []).sorted { $0.chunk < $1.chunk }.map(\.location)
        }
        let manifestSend = try sender.send(
            key: KafkaSnapshotRecord.manifestKey(id), value: published.encoded(),
            partition: KafkaSnapshotRecord.manifestPartition, snapshotID: id)
        _ = try sender.awaitDelivery(of: [manifestSend], snapshotID: id)
        return published
    }

    /// Tombstones the chunks sent so far, so that a compacted topic drops them.
    func discard() {
        for chunk in sent.values {
            sender.tombstone(key: chunk.key, partition: chunk.partition)
        }
        sent.removeAll()
    }
}

/// Cuts one segment's bytes into chunk records of at most `chunkBytes`.
final class KafkaSegmentOutput: SegmentOutput {
    private let index: Int
    private unowned let snapshot: KafkaSnapshotOutput
    private let chunkBytes: Int
    private var buffer: [UInt8] = []
    private var chunks = 0

    fileprivate init(index: Int, snapshot: KafkaSnapshotOutput, chunkBytes: Int) {
        self.index = index
        self.snapshot = snapshot
        self.chunkBytes = chunkBytes
        buffer.reserveCapacity(chunkBytes)
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws(SnapshotStoreError) {
        var offset = 0
        while offset < bytes.count {
            let take = min(chunkBytes - buffer.count, bytes.count - offset)
            buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + take]))
            offset += take
            if buffer.count == chunkBytes { try sendBuffer() }
        }
    }

    func finish(_ segment: inout SnapshotSegment) throws(SnapshotStoreError) {
        if !buffer.isEmpty { try sendBuffer() }
        segment.chunks = []
    }

    private func sendBuffer() throws(SnapshotStoreError) {
        let failure = buffer.withUnsafeBytes { payload -> SnapshotStoreError? in
            do throws(SnapshotStoreError) {
                try snapshot.sendChunk(segment: index, chunk: chunks, payload: payload)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
        chunks += 1
        buffer.removeAll(keepingCapacity: true)
    }
}
