/// Fixed-width little-endian encoding of integers for the engine's own snapshot entries.
enum Int64Coding {
    static func encode(_ values: [Int64]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.count * 8)
        for value in values {
            withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
        }
        return bytes
    }

    /// The values, or `nil` if `bytes` is not a whole number of them.
    static func decode(_ bytes: [UInt8]) -> [Int64]? {
        guard bytes.count % 8 == 0 else { return nil }
        return bytes.withUnsafeBytes { raw in
            (0..<bytes.count / 8).map { Int64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: Int64.self)) }
        }
    }
}
