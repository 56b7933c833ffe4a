import SlipstreamEngine

/// Reads a segment back (see ``SnapshotSegmentFormat``), block by block, checking every framing field, every
/// block's checksum, the trailer, and finally the size and checksum the manifest recorded for the whole segment.
///
/// Entries of a block are handed out only after the block's checksum matched; a damaged segment throws
/// ``SnapshotStoreError/Code/damaged`` saying where and why.
struct SnapshotSegmentDecoder<Reader: SnapshotByteReader> {
    private var reader: Reader
    private let expected: SnapshotSegment
    private let snapshotID: Int64
    /// Names the segment in error messages (a file path, a topic).
    private let location: String
    private var checksum = CRC32C()
    private var consumed: Int64 = 0
    private var entries: Int64 = 0
    private var blocks: UInt32 = 0
    private var payloadBytes: UInt64 = 0
    private var headerRead = false

    init(reader: Reader, expected: SnapshotSegment, snapshotID: Int64, location: String) {
        self.reader = reader
        self.expected = expected
        self.snapshotID = snapshotID
        self.location = location
    }

    private func damaged(_ why: String) -> SnapshotStoreError {
        SnapshotStoreError(.damaged, "\(location) is damaged: \(why)", snapshotID: snapshotID)
    }

    /// Reads `count` bytes; framing (not payloads, which have their own checksums) feeds the segment checksum.
    private mutating func take(_ count: Int, _ what: String, framing: Bool = true) throws(SnapshotStoreError) -> [UInt8] {
        let bytes = try reader.read(count)
        guard bytes.count == count else {
            throw damaged("truncated: it ends after \(consumed + Int64(bytes.count)) bytes, inside the \(what)")
        }
        if framing { checksum.update(bytes) }
        consumed += Int64(count)
        return bytes
    }

    private mutating func readHeader() throws(SnapshotStoreError) {
        let fixed = try take(SnapshotSegmentFormat.magic.count + 18, "header")
        guard Array(fixed.prefix(SnapshotSegmentFormat.magic.count)) == SnapshotSegmentFormat.magic else {
            throw damaged("not a snapshot segment (bad magic)")
        }
        let (version, storedID, instance, nameLength) = fixed.withUnsafeBytes { raw in
            (raw.littleEndian(at: 8, as: UInt16.self), raw.littleEndian(at: 12, as: Int64.self),
             raw.littleEndian(at: 20, as: Int32.self), raw.littleEndian(at: 24, as: UInt16.self))
        }
        guard Int(version) == SnapshotManifest.currentFormatVersion else {
            throw SnapshotStoreError(
                .unsupportedFormat,
                "\(location) has segment format version \(version); this build reads version "
                    + "\(SnapshotManifest.currentFormatVersion)",
                snapshotID: snapshotID)
        }
        let name = try take(Int(nameLength), "header")
        let headerChecksum = CRC32C.checksum(fixed + name)
        let stored = try take(4, "header").withUnsafeBytes { $0.littleEndian(at: 0, as: UInt32.self) }
        guard stored == headerChecksum else { throw damaged("header checksum mismatch") }
        let vertex = String(decoding: name, as: UTF8.self)
        guard storedID == snapshotID, vertex == expected.vertex, Int(instance) == expected.instance else {
            throw damaged(
                "it holds snapshot \(storedID), vertex '\(vertex)' instance \(instance), not what the manifest says")
        }
        headerRead = true
    }

    /// Appends the entries of the next block to `output`; returns `false` once the trailer has been read and the
    /// whole segment verified.
    mutating func nextBlock(into output: inout [SnapshotEntry]) throws(SnapshotStoreError) -> Bool {
        if !headerRead { try readHeader() }
        let tagBytes = try take(4, "block header")
        let tag = tagBytes.withUnsafeBytes { $0.littleEndian(at: 0, as: UInt32.self) }
        if tag == SnapshotSegmentFormat.endTag {
            try readTrailer(tagBytes)
            return false
        }
        guard tag == SnapshotSegmentFormat.blockTag else {
            throw damaged("bad block tag at byte \(consumed - 4)")
        }
        let header = try take(12, "block header")
        let (length, count, blockChecksum) = header.withUnsafeBytes { raw in
            (raw.littleEndian(at: 0, as: UInt32.self), raw.littleEndian(at: 4, as: UInt32.self),
             raw.littleEndian(at: 8, as: UInt32.self))
        }
        guard Int64(length) <= expected.byteCount - consumed else {
            throw damaged("block \(blocks) claims \(length) bytes, more than the segment has left")
        }
        let payload = try take(Int(length), "block \(blocks)", framing: false)
        guard CRC32C.checksum(payload) == blockChecksum else {
            throw damaged("block \(blocks) (at byte \(consumed - Int64(length))) fails its checksum")
        }
        let decoded = try Self.decodeEntries(payload, count: Int(count), into: &output)
        guard decoded else { throw damaged("block \(blocks) does not decode into \(count) entries") }
        entries += Int64(count)
        blocks += 1
        payloadBytes += UInt64(length)
        return true
    }

    private mutating func readTrailer(_ tagBytes: [UInt8]) throws(SnapshotStoreError) {
        let rest = try take(SnapshotSegmentFormat.trailerSize - 4, "trailer")
        let trailer = tagBytes + rest
        let (storedEntries, storedBlocks, storedPayload, storedChecksum) = trailer.withUnsafeBytes { raw in
            (raw.littleEndian(at: 4, as: UInt64.self), raw.littleEndian(at: 12, as: UInt32.self),
             raw.littleEndian(at: 16, as: UInt64.self), raw.littleEndian(at: 24, as: UInt32.self))
        }
        guard CRC32C.checksum(Array(trailer.prefix(24))) == storedChecksum,
            storedEntries == UInt64(entries), storedBlocks == blocks, storedPayload == payloadBytes
        else {
            throw damaged("the trailer does not match the blocks read")
        }
        guard consumed == expected.byteCount else {
            throw damaged("it ends after \(consumed) bytes, the manifest says \(expected.byteCount)")
        }
        let extra = try reader.read(1)
        guard extra.isEmpty else { throw damaged("data follows the trailer") }
        guard checksum.value == expected.checksum else {
            throw damaged(
                "checksum mismatch (manifest \(SnapshotManifest.hex(expected.checksum)), "
                    + "computed \(SnapshotManifest.hex(checksum.value)))")
        }
        guard entries == expected.entryCount else {
            throw damaged("it holds \(entries) entries, the manifest says \(expected.entryCount)")
        }
    }

    /// Decodes `count` entries filling `payload` exactly; returns `false` if the payload does not.
    private static func decodeEntries(
        _ payload: [UInt8], count: Int, into output: inout [SnapshotEntry]
    ) throws(SnapshotStoreError) -> Bool {
        payload.withUnsafeBytes { raw in
            let end = raw.count
            var position = 0
            func varint() -> UInt64? {
                var value: UInt64 = 0
                var shift: UInt64 = 0
                while position < end, shift < 64 {
                    let byte = raw[position]
                    position += 1
                    value |= UInt64(byte & 0x7F) << shift
                    if byte < 0x80 { return value }
                    shift += 7
                }
                return nil
            }
            func bytes() -> [UInt8]? {
                guard let length = varint(), length <= UInt64(end - position) else { return nil }
                let start = position
                position += Int(length)
                return Array(UnsafeRawBufferPointer(rebasing: raw[start..<position]))
            }
            output.reserveCapacity(output.count + count)
            for _ in 0..<count {
                guard let key = bytes(), let value = bytes(), let partition = varint() else { return false }
                output.append(SnapshotEntry(key: key, value: value, partition: decodePartition(partition)))
            }
            return position == end
        }
    }
}
