/// Bounds-checked little-endian reads over a byte array.
struct ByteReader {
    let bytes: [UInt8]
    var offset = 0
    var end: Int

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.end = bytes.count
    }

    mutating func u32(_ what: String) throws(ModelFileError) -> UInt32 {
        guard offset + 4 <= end else { throw .truncated("no room for the \(what) at byte \(offset)") }
        var v: UInt32 = 0
        for k in 0..<4 { v |= UInt32(bytes[offset + k]) << (8 * k) }
        offset += 4
        return v
    }

    mutating func u64(_ what: String) throws(ModelFileError) -> UInt64 {
        let lo = try u32(what), hi = try u32(what)
        return UInt64(hi) << 32 | UInt64(lo)
    }

    mutating func bytes(_ n: Int, _ what: String) throws(ModelFileError) -> ArraySlice<UInt8> {
        guard n >= 0, offset + n <= end else { throw .truncated("no room for the \(what) (\(n) bytes) at byte \(offset)") }
        defer { offset += n }
        return bytes[offset..<offset + n]
    }
}
