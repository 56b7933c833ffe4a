/// MurmurHash3 (x86, 32-bit), the hash behind the hashing trick.
///
/// It is fast on short keys (field values are a few bytes), well mixed in its low bits (which is what a mask
/// keeps), seedable (a namespace's hash seeds the hash of its features, as in Vowpal Wabbit) and well known, so a
/// model's feature indices can be reproduced by other tools.
public enum MurmurHash3 {
    /// Hashes `count` bytes at `bytes`.
    @inlinable
    public static func hash32(_ bytes: UnsafeRawPointer?, count: Int, seed: UInt32 = 0) -> UInt32 {
        let c1: UInt32 = 0xcc9e_2d51
        let c2: UInt32 = 0x1b87_3593
        var h = seed
        let blocks = count / 4
        if let bytes {
            for i in 0..<blocks {
                var k = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: i &* 4, as: UInt32.self))
                k &*= c1
                k = (k << 15) | (k >> 17)
                k &*= c2
                h ^= k
                h = (h << 13) | (h >> 19)
                h = h &* 5 &+ 0xe654_6b64
            }
            let tail = bytes + blocks &* 4
            var k1: UInt32 = 0
            switch count & 3 {
            case 3:
                k1 ^= UInt32(tail.load(fromByteOffset: 2, as: UInt8.self)) << 16
                fallthrough
            case 2:
                k1 ^= UInt32(tail.load(fromByteOffset: 1, as: UInt8.self)) << 8
                fallthrough
            case 1:
                k1 ^= UInt32(tail.load(as: UInt8.self))
                k1 &*= c1
                k1 = (k1 << 15) | (k1 >> 17)
                k1 &*= c2
                h ^= k1
            default:
                break
            }
        }
        h ^= UInt32(truncatingIfNeeded: count)
        return finalize(h)
    }

    /// Hashes the bytes of a buffer.
    @inlinable
    public static func hash32(_ buffer: UnsafeRawBufferPointer, seed: UInt32 = 0) -> UInt32 {
        hash32(buffer.baseAddress, count: buffer.count, seed: seed)
    }

    /// Hashes the UTF-8 bytes of a string (no copy for native strings).
    @inlinable
    public static func hash32(_ string: String, seed: UInt32 = 0) -> UInt32 {
        var s = string
        return s.withUTF8 { hash32(UnsafeRawBufferPointer($0), seed: seed) }
    }

    /// Hashes the eight little-endian bytes of an integer (used for integer category values).
    @inlinable
    public static func hash32(_ value: Int64, seed: UInt32 = 0) -> UInt32 {
        withUnsafeBytes(of: value.littleEndian) { hash32($0, seed: seed) }
    }

    /// The final avalanche step.
    @inlinable @inline(__always)
    public static func finalize(_ value: UInt32) -> UInt32 {
        var h = value
        h ^= h >> 16
        h &*= 0x85eb_ca6b
        h ^= h >> 13
        h &*= 0xc2b2_ae35
        h ^= h >> 16
        return h
    }
}
