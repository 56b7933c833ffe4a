import Foundation
import Slipstream
import SlipstreamEngine
import SlipstreamSnapshot

/// The job's snapshot sink in `run-pipeline run`: passes everything to the store and records, with each
/// snapshot, the facts `snapshots list|show` print (job, guarantee, source offsets).
///
/// Source offsets are read from the Kafka sources' saved positions (the entry keyed `kafka-positions`: a version
/// byte 1, then per partition a little-endian UInt32 topic length, the topic's UTF-8, a UInt32 partition and a
/// UInt64 next offset). Positions in another form are passed through untouched and simply not annotated.
/// An exactly-once Kafka sink's transaction position (entry `kafka-transaction`, see `KafkaTransactionPosition`)
/// is recorded as `kafka.transaction.<vertex>`: `RestorePoint` checks it against the transaction log.
final class RunSnapshotSink: SnapshotSink {
    let store: any SnapshotStore
    private let metadata: [String: String]
    private static let positionsKey = Array("kafka-positions".utf8)
    private static let transactionKey = Array(KafkaTransactionPosition.entryKey.utf8)

    init(store: any SnapshotStore, jobName: String, guarantee: ProcessingGuarantee) {
        self.store = store
        metadata = [
            SnapshotManifest.MetadataKey.job: jobName,
            SnapshotManifest.MetadataKey.processingGuarantee: "\(guarantee)",
        ]
    }

    func write(snapshotID: Int64, vertex: String, instance: Int, entries: [SnapshotEntry]) {
        store.write(snapshotID: snapshotID, vertex: vertex, instance: instance, entries: entries)
        for entry in entries where entry.key == Self.transactionKey {
            store.annotate(
                snapshotID: snapshotID,
                metadata: ["\(SnapshotManifest.MetadataKey.kafkaTransaction).\(vertex)": String(decoding: entry.value, as: UTF8.self)])
        }
        for entry in entries where entry.key == Self.positionsKey {
            guard let offsets = Self.decodePositions(entry.value), !offsets.isEmpty else { continue }
            let formatted = SnapshotManifest.formatSourceOffsets(offsets)
            store.annotate(
                snapshotID: snapshotID,
                metadata: ["\(SnapshotManifest.MetadataKey.sourceOffsets).\(vertex).\(instance)": formatted])
        }
    }

    func commit(snapshotID: Int64) async throws {
        _ = try await store.commit(snapshotID: snapshotID, metadata: metadata)
    }

    /// The positions in `bytes`, or `nil` when they are not in the form described above.
    static func decodePositions(_ bytes: [UInt8]) -> [(topic: String, partition: Int32, offset: Int64)]? {
        guard bytes.first == 1 else { return nil }
        var cursor = 1
        func read<T: FixedWidthInteger>(_ type: T.Type) -> T? {
            let size = MemoryLayout<T>.size
            guard cursor + size <= bytes.count else { return nil }
            var value = T.zero
            withUnsafeMutableBytes(of: &value) { $0.copyBytes(from: bytes[cursor..<cursor + size]) }
            cursor += size
            return T(littleEndian: value)
        }
        var result: [(topic: String, partition: Int32, offset: Int64)] = []
        while cursor < bytes.count {
            guard let length = read(UInt32.self).map(Int.init), cursor + length <= bytes.count else { return nil }
            let topic = String(decoding: bytes[cursor..<cursor + length], as: UTF8.self)
            cursor += length
            guard let partition = read(UInt32.self), let offset = read(UInt64.self) else { return nil }
            result.append((topic, Int32(bitPattern: partition), Int64(bitPattern: offset)))
        }
        return result
    }
}

extension SnapshotManifest {
    /// Every source offset recorded in the manifest, whichever source instance recorded it.
    var allSourceOffsets: [(topic: String, partition: Int32, offset: Int64)] {
        var byPartition: [String: (topic: String, partition: Int32, offset: Int64)] = [:]
        for (key, _) in metadata where key.hasPrefix(MetadataKey.sourceOffsets) {
            var single = self
            single.metadata = [MetadataKey.sourceOffsets: metadata[key] ?? ""]
            for offset in single.sourceOffsets ?? [] {
                let id = "\(offset.topic)[\(offset.partition)]"
                // Every instance saves every partition it knows; the furthest position is the one restored.
                if let known = byPartition[id], known.offset >= offset.offset { continue }
                byPartition[id] = offset
            }
        }
        return byPartition.values.sorted { ($0.topic, $0.partition) < ($1.topic, $1.partition) }
    }
}
