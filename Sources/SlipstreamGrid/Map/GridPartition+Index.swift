// The open-addressing index and the dense columns: find, insert, remove, grow.

extension GridPartition {
    /// Spreads a stable hash over the top bits (Fibonacci hashing): all keys of one partition share
    /// `hash % partitionCount`, so the index must not use the hash's raw low bits.
    @inlinable @inline(__always)
    static func tag(of hash: UInt64) -> UInt32 {
        UInt32(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> 32)
    }

    @inlinable @inline(__always)
    var slotMask: Int { (1 << slotBits) &- 1 }

    @inlinable @inline(__always)
    func home(ofTag tag: UInt32) -> Int {
        Int(truncatingIfNeeded: tag >> UInt32(32 &- slotBits))
    }

    /// The dense index of `key`, or -1.
    @inlinable
    func find(_ key: Key, hash: UInt64) -> Int {
        let tag = Self.tag(of: hash)
        let mask = slotMask
        var pos = home(ofTag: tag)
        while true {
            let slot = slots[pos]
            if slot == 0 { return -1 }
            if UInt32(truncatingIfNeeded: slot >> 32) == tag {
                let index = Int(truncatingIfNeeded: UInt32(truncatingIfNeeded: slot)) &- 1
                if entries[index].key == key { return index }
            }
            pos = (pos &+ 1) & mask
        }
    }

    /// Appends an entry for a key known to be absent and indexes it; returns its dense index.
    /// Metadata columns of the new entry are left for the caller to set.
    @inlinable
    func appendNew(_ key: Key, _ value: Value, hash: UInt64) -> Int {
        if count == capacity { growColumns() }
        if (count &+ 1) &* 4 > (1 << slotBits) &* 3 { growIndex() }
        let index = count
        (entries + index).initialize(to: GridEntry(key: key, value: value))
        count &+= 1
        let tag = Self.tag(of: hash)
        let mask = slotMask
        var pos = home(ofTag: tag)
        while slots[pos] != 0 { pos = (pos &+ 1) & mask }
        slots[pos] = UInt64(tag) << 32 | UInt64(index &+ 1)
        return index
    }

    /// The slot position that points at dense `index` (which holds a key with `hash`).
    @inlinable
    func slotPosition(ofIndex index: Int, hash: UInt64) -> Int {
        let tag = Self.tag(of: hash)
        let wanted = UInt64(tag) << 32 | UInt64(index &+ 1)
        let mask = slotMask
        var pos = home(ofTag: tag)
        while slots[pos] != wanted { pos = (pos &+ 1) & mask }
        return pos
    }

    /// Removes the entry at dense `index` (whose key has `hash`) and returns its key and value. The last entry
    /// moves into the hole, so indices above `index` are not stable across a removal.
    @inlinable
    func remove(at index: Int, hash: UInt64) -> (key: Key, value: Value) {
        let removedValue = valuePointer(index).move()
        return (removeWithValueMoved(at: index, hash: hash), removedValue)
    }

    /// ``remove(at:hash:)`` for an entry whose value was already moved out; returns its key.
    @inlinable
    func removeWithValueMoved(at index: Int, hash: UInt64) -> Key {
        deleteSlot(at: slotPosition(ofIndex: index, hash: hash))
        unlinkIfListed(index)
        let removedKey = keyPointer(index).move()
        let last = count &- 1
        if index != last {
            (entries + index).moveInitialize(from: entries + last, count: 1)
            if let d = deadlines { d[index] = d[last] }
            if let a = lastAccess { a[index] = a[last] }
            relocateLinks(from: last, to: index)
            let movedSlot = slotPosition(ofIndex: last, hash: entries[index].key.stableHash)
            slots[movedSlot] = (slots[movedSlot] & 0xFFFF_FFFF_0000_0000) | UInt64(index &+ 1)
        }
        count = last
        if sweepCursor > count { sweepCursor = count }
        return removedKey
    }

    /// Backward-shift deletion: pulls later members of the probe run into the hole so lookups never need
    /// tombstones.
    @inlinable
    func deleteSlot(at position: Int) {
        let mask = slotMask
        var hole = position
        var j = (hole &+ 1) & mask
        while true {
            let slot = slots[j]
            if slot == 0 { break }
            let home = home(ofTag: UInt32(truncatingIfNeeded: slot >> 32))
            if (j &- home) & mask >= (j &- hole) & mask {
                slots[hole] = slot
                hole = j
            }
            j = (j &+ 1) & mask
        }
        slots[hole] = 0
    }

    @usableFromInline
    func growColumns() {
        let newCapacity = capacity < 1024 ? capacity * 2 : capacity + capacity / 2
        reserveColumns(newCapacity)
    }

    /// Grows the dense columns to hold `newCapacity` entries.
    @usableFromInline
    func reserveColumns(_ newCapacity: Int) {
        guard newCapacity > capacity else { return }
        precondition(newCapacity < Int(UInt32.max), "a grid partition holds fewer than 2^32 - 1 entries")
        func grow<T>(_ p: UnsafeMutablePointer<T>) -> UnsafeMutablePointer<T> {
            let n = UnsafeMutablePointer<T>.allocate(capacity: newCapacity)
            n.moveInitialize(from: p, count: count)
            p.deallocate()
            return n
        }
        entries = grow(entries)
        if let d = deadlines { deadlines = grow(d) }
        if let a = lastAccess { lastAccess = grow(a) }
        if let p = previous { previous = grow(p) }
        if let n = next { next = grow(n) }
        if let f = frequency { frequency = grow(f) }
        capacity = newCapacity
    }

    /// Doubles the index; positions are recomputed from the tags alone, without rehashing keys.
    @usableFromInline
    func growIndex() {
        let oldSlots = slots
        let oldCount = 1 << slotBits
        slotBits += 1
        precondition(slotBits <= 32, "a grid partition index is limited to 2^32 slots")
        slots = .allocate(capacity: 1 << slotBits)
        slots.initialize(repeating: 0, count: 1 << slotBits)
        let mask = slotMask
        for i in 0..<oldCount {
            let slot = oldSlots[i]
            if slot == 0 { continue }
            var pos = home(ofTag: UInt32(truncatingIfNeeded: slot >> 32))
            while slots[pos] != 0 { pos = (pos &+ 1) & mask }
            slots[pos] = slot
        }
        oldSlots.deallocate()
    }

    /// Makes room for at least `entries` entries without further growth.
    public func reserveCapacity(_ entries: Int) {
        reserveColumns(entries)
        while entries * 4 > (1 << slotBits) * 3 { growIndex() }
    }
}
