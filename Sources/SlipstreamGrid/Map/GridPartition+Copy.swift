// Copying a partition so a snapshot can be encoded off the owner's thread.
//
// Encoding a large partition takes time the owner should spend processing. Copying its columns is a handful
// of memory copies (for keys and values without references, plain memcpy), after which the owner carries on
// and another thread encodes the copy: the pause a snapshot causes is the copy, not the encoding.

extension GridPartition {
    /// An independent copy of this partition (same contents, order, deadlines and eviction state).
    public func copy() -> GridPartition {
        let c = GridPartition(id: id, settings: settings, initialCapacity: capacity)
        c.entries.initialize(from: entries, count: count)
        c.count = count
        c.slots.deallocate()
        c.slots = .allocate(capacity: 1 << slotBits)
        c.slotBits = slotBits
        c.slots.initialize(from: slots, count: 1 << slotBits)
        if let d = deadlines {
            if c.deadlines == nil { c.deadlines = .allocate(capacity: c.capacity) }
            c.deadlines!.initialize(from: d, count: count)
        }
        if let a = lastAccess { c.lastAccess!.initialize(from: a, count: count) }
        if let p = previous { c.previous!.initialize(from: p, count: count) }
        if let n = next { c.next!.initialize(from: n, count: count) }
        if let f = frequency { c.frequency!.initialize(from: f, count: count) }
        c.listHead = listHead
        c.listTail = listTail
        c.frequencyTails = frequencyTails
        c.expiredCount = expiredCount
        c.evictedCount = evictedCount
        return c
    }
}

/// A detached copy of one partition, taken on the owner's thread and safe to encode on another.
public struct GridPartitionCopy<Key: PartitionKey, Value: Sendable>: @unchecked Sendable {
    // @unchecked: `partition` is a private copy that nothing else references, and it is only read.
    let partition: GridPartition<Key, Value>
    /// The partition count of the map it was taken from.
    public let partitionCount: Int

    /// The partition's number.
    public var id: Int { partition.id }
    /// Entries in the copy.
    public var entryCount: Int { partition.entryCount }
}

extension GridPartitionCopy where Key: BinaryCodable, Value: BinaryCodable {
    /// The copy in the snapshot format of ``GridPartition/save(partitionCount:)``.
    public func save() throws(GridCodecError) -> [UInt8] {
        try partition.save(partitionCount: partitionCount)
    }
}

extension GridMapView where Value: Sendable {
    /// A copy of partition `id` to encode on another thread (see ``GridPartitionCopy/save()``): the owner's
    /// share of a snapshot is this copy, not the encoding.
    public func detachedCopy(ofPartition id: Int) throws(GridMapError) -> GridPartitionCopy<Key, Value> {
        GridPartitionCopy(partition: try partition(id).copy(), partitionCount: Int(partitionCount))
    }
}
