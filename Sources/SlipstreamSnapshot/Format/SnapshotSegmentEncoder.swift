import SlipstreamEngine

/// Turns the entries one processor instance saves into the bytes of a segment (see ``SnapshotSegmentFormat``),
/// handing them out block by block so that a store writes large buffers, never one entry at a time.
///
/// Used by one writer thread at a time; the output buffer is reused from block to block.
final class SnapshotSegmentEncoder {
    /// The payload size at which a block is sealed and handed out. Default: 1 MiB.
    static let defaultBlockSize = 1 << 20

    let vertex: String
    let instance: Int
    let blockSize: Int
    private(set) var entryCount: Int64 = 0
    private(set) var byteCount: Int64 = 0
    private var checksum = CRC32C()
    private var output: [UInt8] = []
    /// Where the open block's header starts in `output`, or nil when no block is open.
    private var blockStart: Int?
    private var blockEntries: UInt32 = 0
    private var blockCount: UInt32 = 0
    private var payloadBytes: UInt64 = 0

    init(snapshotID: Int64, vertex: String, instance: Int, blockSize: Int = SnapshotSegmentEncoder.defaultBlockSize) {
        self.vertex = vertex
        self.instance = instance
        self.blockSize = max(1, blockSize)
        output.reserveCapacity(min(self.blockSize, 1 << 20) + 4096)
        let name = Array(vertex.utf8.prefix(SnapshotSegmentFormat.maxVertexNameBytes))
        output.append(contentsOf: SnapshotSegmentFormat.magic)
        output.appendLittleEndian(UInt16(SnapshotManifest.currentFormatVersion))
        output.appendLittleEndian(UInt16(0))
        output.appendLittleEndian(snapshotID)
        output.appendLittleEndian(Int32(truncatingIfNeeded: instance))
        output.appendLittleEndian(UInt16(name.count))
        output.append(contentsOf: name)
        output.appendLittleEndian(CRC32C.checksum(output))
        checksum.update(output)
    }

    /// Encodes `entries`, calling `emit` with each run of bytes ready to be stored (at least one block).
    func append(_ entries: [SnapshotEntry], emit: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        var next = 0
        while next < entries.count {
            // Entries are read in place (no copy, no reference counting per entry) until the block is full.
            next = entries.withUnsafeBufferPointer { encode($0, from: next) }
            if let start = blockStart, output.count - start - SnapshotSegmentFormat.blockHeaderSize >= blockSize {
                sealBlock()
                try flush(emit)
            }
        }
    }

    /// Encodes entries from `index` on until the open block reaches the block size; returns the next index.
    private func encode(_ entries: UnsafeBufferPointer<SnapshotEntry>, from first: Int) -> Int {
        if blockStart == nil {
            blockStart = output.count
            output.append(contentsOf: repeatElement(0, count: SnapshotSegmentFormat.blockHeaderSize))
        }
        let limit = blockStart! + SnapshotSegmentFormat.blockHeaderSize + blockSize
        var index = first
        while index < entries.count && output.count < limit {
            entries[index].key.withUnsafeBytes { key in
                output.appendVarint(UInt64(key.count))
                output.append(contentsOf: key)
            }
            entries[index].value.withUnsafeBytes { value in
                output.appendVarint(UInt64(value.count))
                output.append(contentsOf: value)
            }
            output.appendVarint(encodePartition(entries[index].partition))
            index += 1
        }
        blockEntries &+= UInt32(index - first)
        entryCount &+= Int64(index - first)
        return index
    }

    /// Seals the open block, appends the trailer and emits the rest; returns the segment's description (without
    /// its location, which the store fills in).
    func finish(emit: (UnsafeRawBufferPointer) throws -> Void) rethrows -> SnapshotSegment {
        sealBlock()
        let trailerStart = output.count
        output.appendLittleEndian(SnapshotSegmentFormat.endTag)
        output.appendLittleEndian(UInt64(entryCount))
        output.appendLittleEndian(blockCount)
        output.appendLittleEndian(payloadBytes)
        let trailerChecksum = output.withUnsafeBytes {
            CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[trailerStart...]))
        }
        output.appendLittleEndian(trailerChecksum)
        output.withUnsafeBytes { checksum.update(UnsafeRawBufferPointer(rebasing: $0[trailerStart...])) }
        try flush(emit)
        return SnapshotSegment(
            vertex: vertex, instance: instance, entryCount: entryCount, byteCount: byteCount, checksum: checksum.value)
    }

    private func sealBlock() {
        guard let start = blockStart else { return }
        let payloadStart = start + SnapshotSegmentFormat.blockHeaderSize
        let payloadLength = output.count - payloadStart
        let payloadChecksum = output.withUnsafeBytes {
            CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[payloadStart...]))
        }
        output.storeLittleEndian(SnapshotSegmentFormat.blockTag, at: start)
        output.storeLittleEndian(UInt32(payloadLength), at: start + 4)
        output.storeLittleEndian(blockEntries, at: start + 8)
        output.storeLittleEndian(payloadChecksum, at: start + 12)
        output.withUnsafeBytes {
            checksum.update(UnsafeRawBufferPointer(rebasing: $0[start..<payloadStart]))
        }
        payloadBytes &+= UInt64(payloadLength)
        blockCount &+= 1
        blockEntries = 0
        blockStart = nil
    }

    private func flush(_ emit: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        guard !output.isEmpty else { return }
        try output.withUnsafeBytes { bytes in try emit(bytes) }
        byteCount += Int64(output.count)
        output.removeAll(keepingCapacity: output.capacity <= 4 << 20)
    }
}
