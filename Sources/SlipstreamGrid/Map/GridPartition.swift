/// One partition of a ``GridMap``: the keys whose stable hash maps to it, their values and the bookkeeping for
/// expiry and eviction.
///
/// A partition belongs to exactly one processor instance at a time (through a ``GridMapView``), so it takes no
/// lock. It is not `Sendable`; it moves between threads only with its owner. Its entry operations take the
/// key's ``PartitionKey/stableHash`` and the current time of the map's time domain, which the view supplies;
/// use the view's operations unless you already hold both.
///
/// Layout: a compact table in the style of CPython's dict. Entries live densely in parallel columns
/// (key and value side by side, then only the metadata columns a configuration needs), so iteration and snapshots walk
/// plain memory. An open-addressing index of 64-bit slots (32 bits of hash tag, 32 bits of entry index, linear
/// probing, backward-shift deletion, no tombstones) finds a key's entry. Removing an entry moves the last entry
/// into its place. At a million `Int` keys this costs about 8 bytes of key plus 10 to 20 bytes of index per
/// entry, where a `Dictionary` of class-boxed entries would cost several times more.
public final class GridPartition<Key: PartitionKey, Value> {
    /// The partition's number in its map.
    public let id: Int

    /// Keys and values side by side, so finding a key brings its value into the cache.
    @usableFromInline @exclusivity(unchecked) var entries: UnsafeMutablePointer<GridEntry<Key, Value>>
    /// Number of live entries (dense indices `0..<count`).
    @usableFromInline @exclusivity(unchecked) var count: Int = 0
    /// Entries the dense columns have room for.
    @usableFromInline @exclusivity(unchecked) var capacity: Int

    /// The index: `0` is an empty slot; otherwise `tag << 32 | (entryIndex + 1)`.
    @usableFromInline @exclusivity(unchecked) var slots: UnsafeMutablePointer<UInt64>
    /// log2 of the slot count.
    @usableFromInline @exclusivity(unchecked) var slotBits: Int

    /// Absolute expiry time per entry (`Int64.max`: never); allocated only when some entry can have a TTL.
    @usableFromInline @exclusivity(unchecked) var deadlines: UnsafeMutablePointer<Int64>?
    /// Last access time per entry; allocated only with a max-idle policy.
    @usableFromInline @exclusivity(unchecked) var lastAccess: UnsafeMutablePointer<Int64>?
    /// Recency/frequency list links (previous, next) per entry; allocated only with a capacity policy.
    @usableFromInline @exclusivity(unchecked) var previous: UnsafeMutablePointer<UInt32>?
    @usableFromInline @exclusivity(unchecked) var next: UnsafeMutablePointer<UInt32>?
    /// Use count per entry; allocated only with the LFU policy.
    @usableFromInline @exclusivity(unchecked) var frequency: UnsafeMutablePointer<UInt32>?
    /// Head (eviction victim) and tail of the list.
    @usableFromInline @exclusivity(unchecked) var listHead: UInt32 = GridPartition.none
    @usableFromInline @exclusivity(unchecked) var listTail: UInt32 = GridPartition.none
    /// LFU only: the last entry of each frequency's run in the list, which is sorted by frequency.
    @usableFromInline @exclusivity(unchecked) var frequencyTails: [UInt32: UInt32] = [:]

    @usableFromInline let settings: GridPartitionSettings
    /// Where the incremental sweep resumes.
    @usableFromInline @exclusivity(unchecked) var sweepCursor: Int = 0

    /// Receives entries that expired or were evicted for capacity. Called on the owner's thread after the entry
    /// has left the partition; it must not modify this partition.
    public var onEvict: ((Key, Value, GridEvictionCause) -> Void)?

    /// Entries removed because they expired, since creation.
    public internal(set) var expiredCount: UInt64 = 0
    /// Entries removed to respect the capacity cap, since creation.
    public internal(set) var evictedCount: UInt64 = 0

    @usableFromInline static var none: UInt32 { UInt32.max }

    @usableFromInline
    init(id: Int, settings: GridPartitionSettings, initialCapacity: Int = 8) {
        self.id = id
        self.settings = settings
        capacity = max(4, initialCapacity)
        entries = .allocate(capacity: capacity)
        var bits = 3
        while (1 << bits) * 3 < capacity * 4 { bits += 1 }
        slotBits = bits
        slots = .allocate(capacity: 1 << bits)
        slots.initialize(repeating: 0, count: 1 << bits)
        if settings.timeToLive != nil { deadlines = .allocate(capacity: capacity) }
        if settings.maxIdle != nil { lastAccess = .allocate(capacity: capacity) }
        if settings.maxEntries != nil {
            previous = .allocate(capacity: capacity)
            next = .allocate(capacity: capacity)
            if settings.policy == .leastFrequentlyUsed { frequency = .allocate(capacity: capacity) }
        }
    }

    deinit {
        entries.deinitialize(count: count)
        entries.deallocate()
        slots.deallocate()
        deadlines?.deallocate()
        lastAccess?.deallocate()
        previous?.deallocate()
        next?.deallocate()
        frequency?.deallocate()
    }

    /// The number of entries, including expired ones the sweep has not reached yet.
    @inlinable public var entryCount: Int { count }

    /// An estimate of the memory this partition holds: its columns and index at their current capacity.
    /// Memory that keys or values own on the heap (long strings, arrays) is not included.
    public var estimatedBytes: Int {
        var perEntry = MemoryLayout<GridEntry<Key, Value>>.stride
        if deadlines != nil { perEntry += 8 }
        if lastAccess != nil { perEntry += 8 }
        if previous != nil { perEntry += 8 }
        if frequency != nil { perEntry += 4 }
        return 96 + capacity * perEntry + (1 << slotBits) * 8 + frequencyTails.count * 16
    }

    /// Calls `body` with every entry, in storage order. Expired entries not swept yet are included unless
    /// `now` is given (then entries expired at `now` are skipped). The partition must not be modified meanwhile.
    public func forEach(now: Int64? = nil, _ body: (Key, Value) throws -> Void) rethrows {
        for i in 0..<count {
            if let now, expiryCause(at: i, now: now) != nil { continue }
            try body(entries[i].key, entries[i].value)
        }
    }

    /// Removes every entry without calling the eviction handler.
    public func removeAll() {
        entries.deinitialize(count: count)
        count = 0
        slots.update(repeating: 0, count: 1 << slotBits)
        listHead = Self.none
        listTail = Self.none
        frequencyTails.removeAll()
        sweepCursor = 0
    }
}
