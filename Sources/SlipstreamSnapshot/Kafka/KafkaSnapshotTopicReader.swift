import Logging
import SlipstreamKafka

/// Reads a snapshot topic: the manifests on partition 0, and the chunk records a manifest points to, fetching
/// only the offset ranges needed.
struct KafkaSnapshotTopicReader {
    let configuration: KafkaSnapshotStoreConfiguration
    let logger: Logger

    private var topic: String { configuration.topic }

    /// What partition 0 holds: the newest manifest record per snapshot id (tombstoned ids removed), and the
    /// highest id any manifest key ever named.
    struct Manifests {
        var byID: [Int64: Result<SnapshotManifest, SnapshotStoreError>] = [:]
        var highestID: Int64 = 0
    }

    func makeConsumer() throws(SnapshotStoreError) -> KafkaConsumer {
        var consumerConfiguration = configuration.consumer
        consumerConfiguration.groupID = nil
        consumerConfiguration.enableAutoCommit = false
        consumerConfiguration.autoOffsetReset = .earliest
        do {
            return try KafkaConsumer(configuration: consumerConfiguration, logger: logger)
        } catch {
            throw SnapshotStoreError(.readFailed, "cannot create a consumer for \(topic): \(error)", underlying: error)
        }
    }

    func partitionCount(_ consumer: KafkaConsumer) throws(SnapshotStoreError) -> Int {
        do {
            return try consumer.partitionCount(of: topic, timeout: configuration.timeout)
        } catch {
            throw SnapshotStoreError(
                .readFailed, "cannot find the snapshot topic \(topic) (create it first): \(error)", underlying: error)
        }
    }

    func watermarks(_ consumer: KafkaConsumer, partition: Int32) throws(SnapshotStoreError) -> KafkaWatermarks {
        do {
            return try consumer.watermarks(topic: topic, partition: partition, timeout: configuration.timeout)
        } catch {
            throw SnapshotStoreError(
                .readFailed, "cannot query the offsets of \(topic)[\(partition)]: \(error)", underlying: error)
        }
    }

    func readManifests(_ consumer: KafkaConsumer) throws(SnapshotStoreError) -> Manifests {
        var manifests = Manifests()
        try fetch(consumer, ranges: [KafkaSnapshotRecord.manifestPartition: 0...Int64.max]) { record in
            guard let key = record.keyString, let id = KafkaSnapshotRecord.id(fromManifestKey: key) else { return }
            manifests.highestID = max(manifests.highestID, id)
            guard let value = record.valueBytes else {
                manifests.byID[id] = nil
                return
            }
            do throws(SnapshotStoreError) {
                manifests.byID[id] = .success(try SnapshotManifest.decode(Array(value), snapshotID: id))
            } catch {
                manifests.byID[id] = .failure(error)
            }
        }
        return manifests
    }

    /// Fetches the chunk records of `segments` (indices into `manifest.segments`) and returns each segment's
    /// payload pieces in order.
    func readChunks(
        _ consumer: KafkaConsumer, manifest: SnapshotManifest, segments: [Int]
    ) throws(SnapshotStoreError) -> [Int: [[UInt8]]] {
        struct Wanted: Hashable {
            var partition: Int32
            var offset: Int64
        }
        var wanted: [Wanted: (segment: Int, chunk: Int)] = [:]
        var ranges: [Int32: ClosedRange<Int64>] = [:]
        var pieces: [Int: [[UInt8]]] = [:]
        for segment in segments {
            let chunks = manifest.segments[segment].chunks ?? []
            pieces[segment] = Array(repeating: [], count: chunks.count)
            for (index, chunk) in chunks.enumerated() {
                let place = Wanted(partition: chunk.partition, offset: chunk.offset)
                guard wanted[place] == nil else {
                    throw SnapshotStoreError(
                        .damaged, "the manifest names \(topic)[\(chunk.partition)]@\(chunk.offset) for two chunks",
                        snapshotID: manifest.id)
                }
                wanted[place] = (segment, index)
                let range = ranges[chunk.partition]
                ranges[chunk.partition] = min(range?.lowerBound ?? chunk.offset, chunk.offset)...max(range?.upperBound ?? chunk.offset, chunk.offset)
            }
        }
        var found = 0
        var failure: SnapshotStoreError?
        try fetch(consumer, ranges: ranges) { record in
            let place = Wanted(partition: record.partition, offset: record.offset)
            guard failure == nil, let (segment, chunk) = wanted[place] else { return }
            let location = "\(topic)[\(place.partition)]@\(place.offset)"
            guard record.keyString == KafkaSnapshotRecord.chunkKey(manifest.id, segment: segment, chunk: chunk),
                let value = record.valueBytes
            else {
                failure = SnapshotStoreError(
                    .damaged, "chunk record \(location) is not chunk \(chunk) of segment \(segment) (overwritten?)",
                    snapshotID: manifest.id)
                return
            }
            do throws(SnapshotStoreError) {
                pieces[segment]![chunk] = try KafkaSnapshotRecord.decodeChunk(
                    value, snapshotID: manifest.id, segment: segment, chunk: chunk, location: location)
                found += 1
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        guard found == wanted.count else {
            let missing = wanted.keys.filter { place in
                let (segment, chunk) = wanted[place]!
                return pieces[segment]![chunk].isEmpty && (manifest.segments[segment].chunks?[chunk].byteCount ?? 0) > 0
            }.map { "\(topic)[\($0.partition)]@\($0.offset)" }.sorted()
            throw SnapshotStoreError(
                .damaged,
                "\(wanted.count - found) chunk records are gone (deleted by the topic's retention?): "
                    + missing.prefix(5).joined(separator: ", "),
                snapshotID: manifest.id)
        }
        return pieces
    }

    /// Hands every record of `ranges` (clipped to what each partition holds) to `body`, then returns.
    private func fetch(
        _ consumer: KafkaConsumer, ranges: [Int32: ClosedRange<Int64>], _ body: (KafkaRecord) -> Void
    ) throws(SnapshotStoreError) {
        var ends: [Int32: Int64] = [:]
        var starts: [KafkaTopicPartitionOffset] = []
        for (partition, range) in ranges {
            let marks = try watermarks(consumer, partition: partition)
            let lower = max(range.lowerBound, marks.low)
            let upper = min(range.upperBound, marks.high - 1)
            guard lower <= upper else { continue }
            ends[partition] = upper
            starts.append(KafkaTopicPartitionOffset(topic: topic, partition: partition, offset: lower))
        }
        guard !starts.isEmpty else { return }
        do {
            try consumer.assign(starts)
        } catch {
            throw SnapshotStoreError(.readFailed, "cannot read \(topic): \(error)", underlying: error)
        }
        var lastProgress = ContinuousClock.now
        while !ends.isEmpty {
            let progressed: Bool
            do {
                progressed = try consumer.poll(timeout: .milliseconds(100)) { batch in
                    for record in batch {
                        guard let end = ends[record.partition] else { continue }
                        if record.offset <= end { body(record) }
                        if record.offset >= end { ends[record.partition] = nil }
                    }
                    return !batch.isEmpty
                }
            } catch {
                throw SnapshotStoreError(.readFailed, "cannot read \(topic): \(error)", underlying: error)
            }
            if progressed {
                lastProgress = ContinuousClock.now
                continue
            }
            // Offsets may have no record to deliver (compacted away, transaction markers): the position tells
            // whether the consumer is past the end anyway.
            if let positions = try? consumer.position(ends.keys.map { KafkaTopicPartition(topic: topic, partition: $0) }) {
                for position in positions where position.offset >= 0 && position.offset > (ends[position.partition] ?? .max) {
                    ends[position.partition] = nil
                }
            }
            if !ends.isEmpty && ContinuousClock.now - lastProgress > configuration.timeout {
                throw SnapshotStoreError(
                    .readFailed,
                    "reading \(topic) made no progress for \(configuration.timeout) (partitions "
                        + ends.keys.sorted().map(String.init).joined(separator: ", ") + " unfinished)")
            }
        }
    }
}
