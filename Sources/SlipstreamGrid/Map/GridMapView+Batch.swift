// Batched entry processing: the call a stateful stage makes once per inbox batch.
//
// A lookup costs two dependent cache misses on a large map (the index slot, then the entry). One key at a time,
// the processor waits for each in turn. In groups, the slots of a whole group are loaded first, so their misses
// overlap; the entries are then loaded for the group, and only then are the values updated, when both are in
// the cache ("group prefetching", Chen et al., "Improving Hash Join Performance through Prefetching", 2004).

extension GridMapView {
    /// Runs `body` on the value of each item's key in place (inserting `makeDefault()` for absent keys), in
    /// item order, with the same effect as calling ``update(_:default:_:)`` per item but faster on large maps.
    @inlinable
    public func updateEach<Items: Collection>(
        _ items: Items, key: (Items.Element) -> Key, default makeDefault: () -> Value,
        _ body: (inout Value, Items.Element) throws -> Void
    ) rethrows {
        let group = 16
        try withUnsafeTemporaryAllocation(of: UInt64.self, capacity: group) { hashes in
            var start = items.startIndex
            while start != items.endIndex {
                let end = items.index(start, offsetBy: group, limitedBy: items.endIndex) ?? items.endIndex
                var sink: UInt64 = 0
                // Load the index slot of every key of the group.
                var j = 0
                var i = start
                while i != end {
                    let hash = key(items[i]).stableHash
                    hashes[j] = hash
                    sink &+= withPartition(forHash: hash) { p in p.slots[p.home(ofTag: GridPartition<Key, Value>.tag(of: hash))] }
                    j &+= 1
                    items.formIndex(after: &i)
                }
                // Load the entry each slot points at.
                for k in 0..<j {
                    let hash = hashes[k]
                    sink &+= withPartition(forHash: hash) { p in
                        let slot = p.slots[p.home(ofTag: GridPartition<Key, Value>.tag(of: hash))]
                        guard slot != 0 else { return 0 }
                        let index = Int(truncatingIfNeeded: UInt32(truncatingIfNeeded: slot)) &- 1
                        return UInt64(truncatingIfNeeded: UnsafeRawPointer(p.entries + index).load(as: UInt8.self))
                    }
                }
                prefetchSink &+= sink
                // Update, now from the cache.
                j = 0
                i = start
                let time = now
                while i != end {
                    let item = items[i]
                    let hash = hashes[j]
                    try withPartition(forHash: hash) { p in
                        try p.update(key(item), hash: hash, now: time, default: makeDefault) { try body(&$0, item) }
                    }
                    j &+= 1
                    items.formIndex(after: &i)
                }
                start = end
            }
        }
    }
}
