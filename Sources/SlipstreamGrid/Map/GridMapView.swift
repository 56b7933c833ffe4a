/// One processor instance's handle on the partitions of a ``GridMap`` it owns: the lock-free hot path.
///
/// A view is created by ``GridMap/claimView(instance:of:)`` on (or before moving to) the thread of the owning
/// processor instance, and is used from that thread only. Keys must arrive through a partitioned edge with the
/// same partition count, so every key belongs to this instance; a key of another instance's partition is a
/// routing bug and stops the process with a precondition failure.
///
/// Time: with processing-time expiry the view reads the map's clock once per operation (only when some
/// expiry is in use). With event-time expiry it uses ``eventTime``, which the processor advances, usually to
/// each watermark.
public final class GridMapView<Key: PartitionKey, Value> {
    /// The map this view belongs to.
    public let map: GridMap<Key, Value>
    /// This processor instance's index and the number of instances.
    public let instance: Int
    public let instanceCount: Int

    @usableFromInline let local: ContiguousArray<GridPartition<Key, Value>>
    /// The same partitions without reference counting: `local` keeps them alive, and the hot path borrows them
    /// from here so that no retain/release happens per operation.
    @usableFromInline let borrowed: UnsafeMutablePointer<Unmanaged<GridPartition<Key, Value>>>
    @usableFromInline let partitionCount: UInt64
    /// The processing clock (unused with event time). Not optional, so reading it opens the existential in
    /// place instead of copying it out of an optional on every operation.
    @usableFromInline let clock: any GridClock
    @usableFromInline let usesEventTime: Bool
    /// Whether operations need the processing clock (some processing-time expiry is in use).
    @usableFromInline @exclusivity(unchecked) var readsClock: Bool
    let mailbox: GridQueryMailbox<Key, Value>
    /// Receives the values loaded only to bring memory into the cache, so the loads are not optimised away.
    @usableFromInline @exclusivity(unchecked) var prefetchSink: UInt64 = 0
    private var sweepPartition = 0
    private var released = false

    /// The current event time (milliseconds) for event-time expiry; starts before any real time.
    @exclusivity(unchecked) public private(set) var eventTime: Int64 = .min

    /// Receives every entry that expired or was evicted for capacity, on the owner's thread, after it left the
    /// map: the hook for emitting, for instance, a prediction whose label never came. It must not modify
    /// this map; collect what it needs and act after the operation returns.
    public var onEvict: ((Key, Value, GridEvictionCause) -> Void)? {
        didSet { for p in local { p.onEvict = onEvict } }
    }

    init(map: GridMap<Key, Value>, instance: Int, instanceCount: Int,
         partitions: [GridPartition<Key, Value>], mailbox: GridQueryMailbox<Key, Value>) {
        self.map = map
        self.instance = instance
        self.instanceCount = instanceCount
        self.local = ContiguousArray(partitions)
        borrowed = .allocate(capacity: max(1, partitions.count))
        borrowed.initialize(from: partitions.map { Unmanaged.passUnretained($0) }, count: partitions.count)
        self.partitionCount = UInt64(map.configuration.partitionCount)
        self.mailbox = mailbox
        switch map.configuration.expiry.timeDomain {
        case let .processingTime(clock):
            self.clock = clock
            usesEventTime = false
            let expiry = map.configuration.expiry
            readsClock = expiry.timeToLive != nil || expiry.maxIdle != nil
        case .eventTime:
            self.clock = SystemGridClock()
            usesEventTime = true
            readsClock = false
        }
        for p in local { p.onEvict = nil }
    }

    deinit {
        release()
        borrowed.deallocate()
    }

    /// Gives up this view's partitions (so another view can claim them) and fails its pending queries.
    public func release() {
        guard !released else { return }
        released = true
        for p in local { p.onEvict = nil }
        map.release(instance: instance, partitions: Array(local), mailbox: mailbox)
    }

    // MARK: Routing and time

    /// The time operations stamp and check expiry against.
    @inlinable
    public var now: Int64 {
        if usesEventTime { return eventTime }
        return readsClock ? clock.nowMilliseconds() : 0
    }

    /// Moves event time forward (never back). Entries whose deadline is at or before it count as expired.
    public func advanceEventTime(to time: Int64) {
        if time > eventTime { eventTime = time }
    }

    /// The partition that holds keys with stable hash `hash`; it must be one of this view's.
    @inlinable @inline(__always)
    public func partition(forHash hash: UInt64) -> GridPartition<Key, Value> {
        local[localIndex(forHash: hash)]
    }

    /// Runs `body` with the partition of `hash`, borrowed without reference counting.
    @inlinable @inline(__always)
    public func withPartition<R>(forHash hash: UInt64, _ body: (GridPartition<Key, Value>) throws -> R) rethrows -> R {
        try borrowed[localIndex(forHash: hash)]._withUnsafeGuaranteedRef(body)
    }

    @inlinable @inline(__always)
    func localIndex(forHash hash: UInt64) -> Int {
        let p = Int(truncatingIfNeeded: hash % partitionCount)
        if instanceCount == 1 { return p }
        let (slot, owner) = p.quotientAndRemainder(dividingBy: instanceCount)
        precondition(owner == instance,
                     "key of partition \(p) reached instance \(instance) of \(instanceCount): route by the same partitioner")
        return slot
    }

    /// The IDs of the partitions this view owns.
    public var partitionIDs: [Int] { local.map(\.id) }

    /// One of this view's partitions, for iteration, statistics and snapshots.
    public func partition(_ id: Int) throws(GridMapError) -> GridPartition<Key, Value> {
        guard id >= 0, id < Int(partitionCount), id % instanceCount == instance else {
            throw .partitionNotOwned(partition: id, instance: instance)
        }
        return local[id / instanceCount]
    }

    // MARK: Entry operations

    /// The live value of `key`, recording an access (for max idle and LRU/LFU).
    @inlinable
    public func get(_ key: Key) -> Value? {
        let hash = key.stableHash
        return withPartition(forHash: hash) { $0.get(key, hash: hash, now: now) }
    }

    /// Whether `key` has a live value; does not record an access.
    @inlinable
    public func contains(_ key: Key) -> Bool {
        let hash = key.stableHash
        return withPartition(forHash: hash) { $0.peek(key, hash: hash, now: now) } != nil
    }

    /// Sets `key` to `value` and returns the previous live value. `ttl` overrides the map's time to live for
    /// this entry until its next write with a TTL.
    @inlinable
    @discardableResult
    public func put(_ key: Key, _ value: Value, ttl: Duration? = nil) -> Value? {
        let hash = key.stableHash
        if ttl != nil && !usesEventTime { readsClock = true }
        return withPartition(forHash: hash) { $0.put(key, value, hash: hash, now: now, ttl: ttl?.gridMilliseconds) }
    }

    /// Removes `key` and returns its live value. The eviction handler is not called for explicit removals.
    @inlinable
    @discardableResult
    public func remove(_ key: Key) -> Value? {
        let hash = key.stableHash
        return withPartition(forHash: hash) { $0.remove(key, hash: hash, now: now) }
    }

    /// The entry processor: runs `body` on `key`'s value where it is stored (inserting `makeDefault()` first
    /// if absent) and returns what `body` returns. No copy of the value is made.
    @inlinable
    public func update<R>(_ key: Key, default makeDefault: @autoclosure () throws -> Value,
                          _ body: (inout Value) throws -> R) rethrows -> R {
        let hash = key.stableHash
        return try withPartition(forHash: hash) { try $0.update(key, hash: hash, now: now, default: makeDefault, body) }
    }

    /// Runs `body` on `key`'s value in place if present; returns `nil` when absent.
    @inlinable
    public func updateIfPresent<R>(_ key: Key, _ body: (inout Value) throws -> R) rethrows -> R? {
        let hash = key.stableHash
        return try withPartition(forHash: hash) { try $0.updateIfPresent(key, hash: hash, now: now, body) }
    }

    /// The general entry processor: `body` may read, create, change or delete (set `nil`) `key`'s value.
    @inlinable
    public func compute<R>(_ key: Key, _ body: (inout Value?) throws -> R) rethrows -> R {
        let hash = key.stableHash
        return try withPartition(forHash: hash) { try $0.compute(key, hash: hash, now: now, body) }
    }

    /// Inserts `value`, or combines it into the present value with `combine`.
    @inlinable
    public func merge(_ key: Key, _ value: Value, _ combine: (inout Value, Value) throws -> Void) rethrows {
        let hash = key.stableHash
        try withPartition(forHash: hash) { try $0.merge(key, value, hash: hash, now: now, combine) }
    }

    // MARK: Maintenance and figures

    /// Removes expired entries, visiting at most `budget` entries across this view's partitions (continuing
    /// where the previous call stopped), and reports them to ``onEvict``. Call it from the processor's idle
    /// or per-batch step: the bounded budget keeps each call short, so expiry never stalls the pipeline.
    /// Returns the number of entries visited.
    @discardableResult
    public func sweep(budget: Int = 1024) -> Int {
        guard !local.isEmpty else { return 0 }
        let time = now
        var left = budget
        var tried = 0
        while left > 0 && tried < local.count {
            let p = local[sweepPartition]
            let (visited, finished) = p.sweep(now: time, budget: left)
            left -= visited
            if finished {
                sweepPartition = (sweepPartition + 1) % local.count
                tried += 1
            }
        }
        return budget - left
    }

    /// Entries in this view's partitions (expired entries not yet swept included).
    public var entryCount: Int { local.reduce(0) { $0 + $1.entryCount } }

    /// Estimated memory of this view's partitions (see ``GridPartition/estimatedBytes``).
    public var estimatedBytes: Int { local.reduce(0) { $0 + $1.estimatedBytes } }

    /// Calls `body` with every live entry of partition `id`.
    public func forEach(inPartition id: Int, _ body: (Key, Value) throws -> Void) throws {
        try partition(id).forEach(now: now, body)
    }
}
