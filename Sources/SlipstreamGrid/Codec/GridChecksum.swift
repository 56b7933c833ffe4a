import SlipstreamEngine

/// A fast 64-bit checksum over bytes (8 bytes per step, multiply-rotate, finished with ``stableMix(_:)``).
///
/// It detects accidental damage (truncation, flipped bits, torn writes); it is not a cryptographic digest.
public enum GridChecksum {
    /// The checksum of `bytes`.
    public static func compute(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { compute($0) }
    }

    /// The checksum of `raw`.
    public static func compute(_ raw: UnsafeRawBufferPointer) -> UInt64 {
        do {
            var h: UInt64 = 0x2545_F491_4F6C_DD1D ^ UInt64(raw.count)
            var i = 0
            let n = raw.count
            while i + 8 <= n {
                let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                h = ((h ^ word) &* 0x9E37_79B9_7F4A_7C15)
                h = (h << 31) | (h >> 33)
                i += 8
            }
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < n {
                tail |= UInt64(raw[i]) << shift
                shift += 8
                i += 1
            }
            h = (h ^ tail) &* 0xC2B2_AE3D_27D4_EB4F
            return stableMix(h)
        }
    }
}
