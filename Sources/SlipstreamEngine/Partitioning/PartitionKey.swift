/// A key whose hash is the same in every process and on every run.
///
/// Swift's `Hashable` is seeded per process, so it cannot place keys into partitions that must survive a restart
/// (snapshots are saved per partition) or agree between workers. Partitioned edges and grid maps both place a key
/// with ``stableHash``, so a keyed stage and the grid map it reads always agree on a key's partition.
public protocol PartitionKey: Hashable, Sendable {
    /// A 64-bit hash that depends only on the key's value.
    var stableHash: UInt64 { get }
}

/// The 64-bit finalizer of MurmurHash3 (fmix64): spreads every input bit over the whole word.
@inlinable
public func stableMix(_ value: UInt64) -> UInt64 {
    var k = value
    k ^= k >> 33
    k &*= 0xff51_afd7_ed55_8ccd
    k ^= k >> 33
    k &*= 0xc4ce_b9fe_1a85_ec53
    k ^= k >> 33
    return k
}

/// FNV-1a over bytes, finished with ``stableMix`` so that short keys spread well.
@inlinable
public func stableHash<Bytes: Sequence>(bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in bytes {
        h ^= UInt64(b)
        h &*= 0x0000_0100_0000_01b3
    }
    return stableMix(h)
}

extension String: PartitionKey {
    @inlinable
    public var stableHash: UInt64 {
        var copy = self
        return copy.withUTF8 { SlipstreamEngine.stableHash(bytes: $0) }
    }
}

extension Substring: PartitionKey {
    @inlinable
    public var stableHash: UInt64 { String(self).stableHash }
}

extension Int: PartitionKey {
    @inlinable public var stableHash: UInt64 { stableMix(UInt64(bitPattern: Int64(self))) }
}

extension Int64: PartitionKey {
    @inlinable public var stableHash: UInt64 { stableMix(UInt64(bitPattern: self)) }
}

extension Int32: PartitionKey {
    @inlinable public var stableHash: UInt64 { stableMix(UInt64(bitPattern: Int64(self))) }
}

extension UInt64: PartitionKey {
    @inlinable public var stableHash: UInt64 { stableMix(self) }
}

extension UInt32: PartitionKey {
    @inlinable public var stableHash: UInt64 { stableMix(UInt64(self)) }
}
