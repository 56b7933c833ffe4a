/// The records of a Kafka snapshot topic.
///
/// ```
/// key "manifest/<id>"                   value: the manifest (SnapshotManifest.encoded()); partition 0
/// key "chunk/<id>/<segment>/<chunk>"    value: chunk header + a piece of the segment's bytes; other partitions
/// ```
///
/// Chunk header (little-endian): `"SLSNPCHK"`, u16 format version, u16 flags (0), i64 snapshot id, u32 segment
/// index, u32 chunk index, u32 payload length, u32 CRC-32C of the payload (36 bytes). Every key names one snapshot, so a
/// compacted topic keeps each record until the store tombstones it (a null value under the same key) when the
/// snapshot is retired; the manifest is tombstoned first, so a half-deleted snapshot is never taken for a
/// complete one.
enum KafkaSnapshotRecord {
    static let manifestPartition: Int32 = 0
    static let chunkMagic: [UInt8] = Array("SLSNPCHK".utf8)
    static let chunkHeaderSize = 36

    static func manifestKey(_ id: Int64) -> String { "manifest/\(id)" }

    static func chunkKey(_ id: Int64, segment: Int, chunk: Int) -> String { "chunk/\(id)/\(segment)/\(chunk)" }

    /// The snapshot id of a manifest key, or nil for any other key.
    static func id(fromManifestKey key: String) -> Int64? {
        guard key.hasPrefix("manifest/") else { return nil }
        return Int64(key.dropFirst("manifest/".count))
    }

    /// The partition for the `sequence`-th chunk of a snapshot: the chunk partitions in turn, starting at a place
    /// that moves with the snapshot id so that successive snapshots spread evenly.
    static func chunkPartition(snapshotID: Int64, sequence: Int, partitions: Int) -> Int32 {
        guard partitions > 1 else { return 0 }
        let chunkPartitions = Int64(partitions - 1)
        return Int32(1 + (snapshotID &* 7 &+ Int64(sequence)) % chunkPartitions)
    }

    static func encodeChunk(snapshotID: Int64, segment: Int, chunk: Int, payload: UnsafeRawBufferPointer) -> [UInt8] {
        var record: [UInt8] = []
        record.reserveCapacity(chunkHeaderSize + payload.count)
        record.append(contentsOf: chunkMagic)
        record.appendLittleEndian(UInt16(SnapshotManifest.currentFormatVersion))
        record.appendLittleEndian(UInt16(0))
        record.appendLittleEndian(snapshotID)
        record.appendLittleEndian(UInt32(segment))
        record.appendLittleEndian(UInt32(chunk))
        record.appendLittleEndian(UInt32(payload.count))
        record.appendLittleEndian(CRC32C.checksum(payload))
        record.append(contentsOf: payload)
        return record
    }

    /// The payload of a chunk record after checking its header and checksum against what the manifest expects.
    static func decodeChunk(
        _ value: UnsafeRawBufferPointer, snapshotID: Int64, segment: Int, chunk: Int, location: String
    ) throws(SnapshotStoreError) -> [UInt8] {
        func damaged(_ why: String) -> SnapshotStoreError {
            SnapshotStoreError(.damaged, "chunk record \(location) is damaged: \(why)", snapshotID: snapshotID)
        }
        guard value.count >= chunkHeaderSize, Array(value.prefix(8)) == chunkMagic else {
            throw damaged("not a snapshot chunk")
        }
        let version = value.littleEndian(at: 8, as: UInt16.self)
        guard Int(version) == SnapshotManifest.currentFormatVersion else {
            throw SnapshotStoreError(
                .unsupportedFormat, "chunk record \(location) has format version \(version)", snapshotID: snapshotID)
        }
        guard value.littleEndian(at: 12, as: Int64.self) == snapshotID,
            value.littleEndian(at: 20, as: UInt32.self) == UInt32(segment),
            value.littleEndian(at: 24, as: UInt32.self) == UInt32(chunk)
        else {
            throw damaged("it belongs to another snapshot or segment")
        }
        let length = Int(value.littleEndian(at: 28, as: UInt32.self))
        guard value.count == chunkHeaderSize + length else { throw damaged("length mismatch (truncated?)") }
        let payload = UnsafeRawBufferPointer(rebasing: value[chunkHeaderSize...])
        guard CRC32C.checksum(payload) == value.littleEndian(at: 28 + 4, as: UInt32.self) else {
            throw damaged("checksum mismatch")
        }
        return Array(payload)
    }
}
