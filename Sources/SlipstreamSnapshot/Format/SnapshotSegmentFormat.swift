import SlipstreamEngine

/// The binary layout of a segment, the saved state of one processor instance (all integers little-endian):
///
/// ```
/// header   "SLSNPSEG"  u16 format version  u16 flags (0)  i64 snapshot id  i32 instance
///          u16 vertex name length  vertex name (UTF-8)  u32 CRC-32C of the header so far
/// block*   u32 "SBLK"  u32 payload length  u32 entry count  u32 CRC-32C of the payload  payload
/// trailer  u32 "SEND"  u64 entry count  u32 block count  u64 payload bytes  u32 CRC-32C of the trailer so far
/// ```
///
/// A payload is a run of entries, each `varint key length, key, varint value length, value, varint partition`
/// (the partition is 0 for none, else its zigzag encoding plus one). Blocks are about
/// ``SnapshotSegmentEncoder/defaultBlockSize`` so that writing costs one system call per block, not per entry,
/// and damage is found block by block before any entry of the block is handed out. The manifest holds the size
/// of the segment and its checksum: the CRC-32C of the framing (header, block headers, trailer). Since every
/// block header carries its payload's CRC-32C, that one value covers every byte of the segment while each byte
/// is checksummed once, not twice; a truncated, reordered or altered segment fails it even where the framing
/// happens to parse.
enum SnapshotSegmentFormat {
    static let magic: [UInt8] = Array("SLSNPSEG".utf8)
    static let blockTag: UInt32 = 0x4B4C_4253  // "SBLK"
    static let endTag: UInt32 = 0x444E_4553  // "SEND"
    static let blockHeaderSize = 16
    static let trailerSize = 28
    /// The largest vertex name a header can carry.
    static let maxVertexNameBytes = Int(UInt16.max)
}

// MARK: - Little-endian and varint helpers

extension Array where Element == UInt8 {
    @inline(__always)
    mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        var little = value.littleEndian
        Swift.withUnsafeBytes(of: &little) { append(contentsOf: $0) }
    }

    @inline(__always)
    mutating func appendVarint(_ value: UInt64) {
        var remaining = value
        while remaining >= 0x80 {
            append(UInt8(truncatingIfNeeded: remaining) | 0x80)
            remaining >>= 7
        }
        append(UInt8(truncatingIfNeeded: remaining))
    }

    /// Overwrites bytes at `offset` with `value`, little-endian.
    @inline(__always)
    mutating func storeLittleEndian<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        withUnsafeMutableBytes { $0.storeBytes(of: value.littleEndian, toByteOffset: offset, as: T.self) }
    }
}

extension UnsafeRawBufferPointer {
    @inline(__always)
    func littleEndian<T: FixedWidthInteger>(at offset: Int, as type: T.Type) -> T {
        T(littleEndian: loadUnaligned(fromByteOffset: offset, as: T.self))
    }
}

/// Zigzag maps signed to unsigned so that small negative numbers stay short as varints.
@inline(__always)
func encodePartition(_ partition: Int?) -> UInt64 {
    guard let partition else { return 0 }
    let value = Int64(partition)
    return UInt64(bitPattern: (value << 1) ^ (value >> 63)) &+ 1
}

@inline(__always)
func decodePartition(_ raw: UInt64) -> Int? {
    guard raw != 0 else { return nil }
    let zigzag = raw &- 1
    return Int(Int64(bitPattern: zigzag >> 1) ^ -Int64(bitPattern: zigzag & 1))
}
