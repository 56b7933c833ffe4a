/// The frame every saved grid state shares (a map partition, a window aggregator, a join buffer): 4 magic bytes,
/// a u16 format version, the content, and a u64 ``GridChecksum`` of everything before it.
enum GridEnvelope {
    /// Checks the frame of `bytes` (length, magic, version, checksum) and returns the version and a reader of the
    /// content alone, positioned at its start. Nothing after this can be damage, only a mismatch.
    ///
    /// - Parameters:
    ///   - reading: what the bytes are, for a too-short input ("join state").
    ///   - minimumCount: the fewest bytes a valid state has, frame included.
    ///   - expected: what the magic announces, for a wrong one.
    static func open(
        _ bytes: [UInt8], magic: [UInt8], versions: ClosedRange<Int>, reading: String, minimumCount: Int,
        expected: String
    ) throws(GridCodecError) -> (version: Int, content: BinaryReader) {
        guard bytes.count >= minimumCount else {
            throw .truncated(reading: reading, needed: minimumCount, remaining: bytes.count)
        }
        guard Array(bytes[0..<4]) == magic else { throw .badMagic(expected: expected) }
        var reader = BinaryReader(bytes, offset: 4)
        let version = Int(try reader.read(UInt16.self))
        guard versions.contains(version) else { throw .unsupportedVersion(found: version, supported: versions) }
        let body = bytes.count - 8
        var checksumReader = BinaryReader(bytes, offset: body)
        let stored = try checksumReader.read(UInt64.self)
        let computed = bytes.withUnsafeBytes { GridChecksum.compute(UnsafeRawBufferPointer(rebasing: $0[0..<body])) }
        guard stored == computed else { throw .checksumMismatch(stored: stored, computed: computed) }
        return (version, BinaryReader(Array(bytes[0..<body]), offset: reader.offset))
    }
}
