/// Appends values to a byte buffer in the grid's binary snapshot format: fixed-width integers and floats are
/// little-endian, lengths and counts are unsigned LEB128 varints.
///
/// The format does not depend on the machine, so a snapshot taken on one host restores on another.
public struct BinaryWriter: Sendable {
    @usableFromInline var storage: [UInt8]

    /// The bytes written so far.
    public var bytes: [UInt8] { storage }

    /// Creates an empty writer that reserves `capacity` bytes up front.
    public init(reservingCapacity capacity: Int = 256) {
        storage = []
        storage.reserveCapacity(capacity)
    }

    /// The number of bytes written so far.
    @inlinable public var count: Int { storage.count }

    @inlinable
    public mutating func write(_ value: UInt8) {
        storage.append(value)
    }

    @inlinable
    public mutating func write<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { storage.append(contentsOf: $0) }
    }

    @inlinable
    public mutating func write(_ value: Double) {
        write(value.bitPattern)
    }

    @inlinable
    public mutating func write(_ value: Float) {
        write(value.bitPattern)
    }

    /// Writes `value` as an unsigned LEB128 varint (1 byte below 128).
    @inlinable
    public mutating func writeVarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            storage.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        storage.append(UInt8(truncatingIfNeeded: v))
    }

    /// Writes a length or count (never negative).
    @inlinable
    public mutating func writeLength(_ value: Int) {
        precondition(value >= 0, "a length cannot be negative")
        writeVarint(UInt64(value))
    }

    /// Writes raw bytes without a length prefix.
    @inlinable
    public mutating func writeBytes<Bytes: Sequence>(_ raw: Bytes) where Bytes.Element == UInt8 {
        storage.append(contentsOf: raw)
    }

    /// Writes a length-prefixed byte block.
    @inlinable
    public mutating func writeBlock<Bytes: Collection>(_ raw: Bytes) where Bytes.Element == UInt8 {
        writeLength(raw.count)
        storage.append(contentsOf: raw)
    }

    /// Writes a value through its ``BinaryCodable`` conformance.
    @inlinable
    public mutating func encode<T: BinaryCodable>(_ value: T) throws(GridCodecError) {
        try value.encode(to: &self)
    }

    /// Overwrites 8 bytes at `offset` (used to patch a count or checksum written earlier).
    @inlinable
    public mutating func patch(_ value: UInt64, at offset: Int) {
        withUnsafeBytes(of: value.littleEndian) { raw in
            for i in 0..<8 { storage[offset + i] = raw[i] }
        }
    }
}
