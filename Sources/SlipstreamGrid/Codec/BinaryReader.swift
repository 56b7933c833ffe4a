/// Reads values written by ``BinaryWriter``, checking bounds on every read.
///
/// Snapshot data is external input: a truncated or damaged buffer makes a read throw
/// ``GridCodecError`` instead of crashing.
public struct BinaryReader: Sendable {
    /// The bytes being read.
    public let bytes: [UInt8]
    @usableFromInline var position: Int

    /// The position of the next byte to read.
    public var offset: Int { position }

    /// Creates a reader positioned at `offset` of `bytes`.
    public init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        position = offset
    }

    /// Bytes left to read.
    @inlinable public var remaining: Int { bytes.count - offset }

    /// Whether every byte has been read.
    @inlinable public var isAtEnd: Bool { offset == bytes.count }

    @inlinable
    mutating func require(_ n: Int, _ what: StaticString) throws(GridCodecError) {
        if n > bytes.count - offset {
            throw .truncated(reading: "\(what)", needed: n, remaining: bytes.count - offset)
        }
    }

    @inlinable
    public mutating func read(_: UInt8.Type = UInt8.self) throws(GridCodecError) -> UInt8 {
        try require(1, "a byte")
        defer { position += 1 }
        return bytes[offset]
    }

    @inlinable
    public mutating func read<T: FixedWidthInteger>(_: T.Type) throws(GridCodecError) -> T {
        let size = MemoryLayout<T>.size
        try require(size, "a fixed-width integer")
        var value: T = 0
        bytes.withUnsafeBytes { raw in
            withUnsafeMutableBytes(of: &value) { dst in
                dst.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[offset..<offset + size]))
            }
        }
        position += size
        return T(littleEndian: value)
    }

    @inlinable
    public mutating func read(_: Double.Type) throws(GridCodecError) -> Double {
        Double(bitPattern: try read(UInt64.self))
    }

    @inlinable
    public mutating func read(_: Float.Type) throws(GridCodecError) -> Float {
        Float(bitPattern: try read(UInt32.self))
    }

    /// Reads an unsigned LEB128 varint of at most 10 bytes.
    @inlinable
    public mutating func readVarint() throws(GridCodecError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try read(UInt8.self)
            if shift == 63 && byte > 1 { throw .invalid("varint overflows 64 bits") }
            result |= UInt64(byte & 0x7f) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw .invalid("varint longer than 10 bytes") }
        }
    }

    /// Reads a length or count and checks it is plausible: at least `minimumBytesEach` bytes must remain per
    /// element, so a damaged length cannot make the reader allocate gigabytes.
    @inlinable
    public mutating func readLength(minimumBytesEach: Int = 1) throws(GridCodecError) -> Int {
        let raw = try readVarint()
        guard raw <= UInt64(Int.max) else { throw .invalid("length \(raw) is out of range") }
        let n = Int(raw)
        if minimumBytesEach > 0 && n > remaining / minimumBytesEach {
            throw .truncated(reading: "a block of \(n) elements", needed: n &* minimumBytesEach, remaining: remaining)
        }
        return n
    }

    /// Reads `count` raw bytes.
    @inlinable
    public mutating func readBytes(_ count: Int) throws(GridCodecError) -> ArraySlice<UInt8> {
        try require(count, "raw bytes")
        defer { position += count }
        return bytes[offset..<offset + count]
    }

    /// Reads a length-prefixed byte block.
    @inlinable
    public mutating func readBlock() throws(GridCodecError) -> ArraySlice<UInt8> {
        let n = try readLength()
        return try readBytes(n)
    }

    /// Reads a value through its ``BinaryCodable`` conformance.
    @inlinable
    public mutating func decode<T: BinaryCodable>(_: T.Type) throws(GridCodecError) -> T {
        try T(from: &self)
    }
}
