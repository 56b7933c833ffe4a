/// The hashing trick: maps a namespace and a feature name (or categorical value) to one of `2^bits` weight slots.
///
/// A namespace's hash seeds the hash of the features inside it, so `site=abc` and `app=abc` land in different
/// slots without building the string `"site=abc"`. Bits are limited to 18...28: fewer collide too much on real
/// categorical data, more make a weight table larger than most caches and memories can carry per learner.
public struct FeatureHasher: Codable, Hashable, Sendable {
    /// The accepted range of `bits`.
    public static let bitRange: ClosedRange<Int> = 18...28

    /// Number of bits of the hashed index space (`2^bits` slots).
    public let bits: Int
    /// Seed of every hash; two hashers with different seeds spread features differently.
    public let seed: UInt32

    /// Creates a hasher; `bits` must be in `FeatureHasher.bitRange`.
    public init(bits: Int = 22, seed: UInt32 = 0) throws(FeatureSpecError) {
        guard Self.bitRange.contains(bits) else { throw .bitsOutOfRange(bits) }
        self.bits = bits
        self.seed = seed
    }

    /// Number of hashed slots.
    @inlinable public var size: Int { 1 << bits }

    /// Mask that keeps the low `bits` bits of a hash.
    @inlinable public var mask: UInt32 { UInt32(truncatingIfNeeded: (1 << bits) - 1) }

    /// The seed for the features of a namespace.
    @inlinable
    public func namespaceSeed(_ namespace: String) -> UInt32 {
        MurmurHash3.hash32(namespace, seed: seed)
    }

    /// Full 32-bit hash of a feature given as raw bytes inside a namespace (use `namespaceSeed`).
    @inlinable
    public func hash(_ bytes: UnsafeRawBufferPointer, namespaceSeed: UInt32) -> UInt32 {
        MurmurHash3.hash32(bytes, seed: namespaceSeed)
    }

    /// Full 32-bit hash of a feature given as a string inside a namespace.
    @inlinable
    public func hash(_ name: String, namespaceSeed: UInt32) -> UInt32 {
        MurmurHash3.hash32(name, seed: namespaceSeed)
    }
}
