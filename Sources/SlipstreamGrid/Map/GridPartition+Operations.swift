// Entry operations with expiry and eviction applied. `now` is the current time of the map's time domain
// (processing or event time, in milliseconds); the view supplies it.

extension GridPartition {
    @inlinable @inline(__always)
    var hasExpiry: Bool { deadlines != nil || lastAccess != nil }

    /// Why the entry at `index` has expired at `now`, or `nil` while it is live.
    @inlinable @inline(__always)
    func expiryCause(at index: Int, now: Int64) -> GridEvictionCause? {
        if let d = deadlines, d[index] <= now { return .timeToLive }
        if let a = lastAccess, let idle = settings.maxIdle, a[index].saturatingAdd(idle) <= now { return .maxIdle }
        return nil
    }

    /// The dense index of `key` if present and live; an expired entry found here is removed and reported.
    @inlinable @inline(__always)
    func liveIndex(_ key: Key, hash: UInt64, now: Int64) -> Int {
        let index = find(key, hash: hash)
        if index >= 0, hasExpiry, let cause = expiryCause(at: index, now: now) {
            expire(at: index, hash: hash, cause: cause)
            return -1
        }
        return index
    }

    @usableFromInline
    func expire(at index: Int, hash: UInt64, cause: GridEvictionCause) {
        let (key, value) = remove(at: index, hash: hash)
        if cause == .capacity { evictedCount &+= 1 } else { expiredCount &+= 1 }
        onEvict?(key, value, cause)
    }

    /// Evicts the policy's victim (reported as expired if it happens to be).
    @usableFromInline
    func evictForCapacity(now: Int64) {
        guard let victim = evictionCandidate else { return }
        let cause = hasExpiry ? (expiryCause(at: victim, now: now) ?? .capacity) : .capacity
        expire(at: victim, hash: entries[victim].key.stableHash, cause: cause)
    }

    /// Records a write: resets the deadline (to `now + ttl` when given, else to `now +` the map's time to live).
    @inlinable @inline(__always)
    func stampWrite(_ index: Int, now: Int64, ttl: Int64?) {
        if let ttl {
            if deadlines == nil { allocateDeadlines() }
            deadlines![index] = now.saturatingAdd(ttl)
        } else if let mapTTL = settings.timeToLive {
            deadlines![index] = now.saturatingAdd(mapTTL)
        }
    }

    /// Records a read or write for max-idle expiry and for the eviction order.
    @inlinable @inline(__always)
    func stampAccess(_ index: Int, now: Int64) {
        if let a = lastAccess, a[index] < now { a[index] = now }
        listTouch(index)
    }

    /// Per-entry TTLs on a map without a default TTL: the deadline column appears on first use.
    @usableFromInline
    func allocateDeadlines() {
        let d = UnsafeMutablePointer<Int64>.allocate(capacity: capacity)
        d.initialize(repeating: .max, count: count)
        deadlines = d
    }

    /// Inserts an absent key, evicting first if the partition is full; returns the new dense index.
    @inlinable
    func insertNew(_ key: Key, _ value: Value, hash: UInt64, now: Int64, ttl: Int64?) -> Int {
        if let maxEntries = settings.maxEntries, count >= maxEntries { evictForCapacity(now: now) }
        let index = appendNew(key, value, hash: hash)
        if let d = deadlines { d[index] = .max }
        if let a = lastAccess { a[index] = now }
        stampWrite(index, now: now, ttl: ttl)
        listInsertNew(index)
        return index
    }

    /// The value of `key`, recording an access.
    @inlinable
    public func get(_ key: Key, hash: UInt64, now: Int64) -> Value? {
        let index = liveIndex(key, hash: hash, now: now)
        if index < 0 { return nil }
        stampAccess(index, now: now)
        return entries[index].value
    }

    /// The value of `key` without recording an access or removing anything (for queries and inspection).
    @inlinable
    public func peek(_ key: Key, hash: UInt64, now: Int64) -> Value? {
        let index = find(key, hash: hash)
        if index < 0 || (hasExpiry && expiryCause(at: index, now: now) != nil) { return nil }
        return entries[index].value
    }

    /// Sets `key` to `value`; returns the previous live value.
    @inlinable
    @discardableResult
    public func put(_ key: Key, _ value: Value, hash: UInt64, now: Int64, ttl: Int64? = nil) -> Value? {
        let index = liveIndex(key, hash: hash, now: now)
        if index < 0 {
            _ = insertNew(key, value, hash: hash, now: now, ttl: ttl)
            return nil
        }
        let old = valuePointer(index).move()
        valuePointer(index).initialize(to: value)
        stampWrite(index, now: now, ttl: ttl)
        stampAccess(index, now: now)
        return old
    }

    /// Removes `key`; returns its live value. Explicit removals are not reported to the eviction handler.
    @inlinable
    @discardableResult
    public func remove(_ key: Key, hash: UInt64, now: Int64) -> Value? {
        let index = liveIndex(key, hash: hash, now: now)
        if index < 0 { return nil }
        return remove(at: index, hash: hash).value
    }

    /// Runs `body` on the value of `key` where it is stored, first inserting `makeDefault()` if absent.
    /// The value is never copied, so mutating a value that holds arrays does not trigger copy-on-write.
    @inlinable
    public func update<R>(_ key: Key, hash: UInt64, now: Int64, ttl: Int64? = nil,
                          default makeDefault: () throws -> Value,
                          _ body: (inout Value) throws -> R) rethrows -> R {
        var index = liveIndex(key, hash: hash, now: now)
        if index < 0 {
            index = insertNew(key, try makeDefault(), hash: hash, now: now, ttl: ttl)
        } else {
            stampAccess(index, now: now)
            stampWrite(index, now: now, ttl: ttl)
        }
        return try body(&entries[index].value)
    }

    /// Runs `body` on the value of `key` in place if it is present and live; returns `nil` otherwise.
    @inlinable
    public func updateIfPresent<R>(_ key: Key, hash: UInt64, now: Int64,
                                   _ body: (inout Value) throws -> R) rethrows -> R? {
        let index = liveIndex(key, hash: hash, now: now)
        if index < 0 { return nil }
        stampAccess(index, now: now)
        stampWrite(index, now: now, ttl: nil)
        return try body(&entries[index].value)
    }

    /// The general entry processor: `body` sees the value (or `nil`) and may change, create or delete it
    /// (setting `nil` deletes). The value is moved out and back, never copied.
    @inlinable
    public func compute<R>(_ key: Key, hash: UInt64, now: Int64,
                           _ body: (inout Value?) throws -> R) rethrows -> R {
        let index = liveIndex(key, hash: hash, now: now)
        if index < 0 {
            var slot: Value? = nil
            let result = try body(&slot)
            if let value = slot {
                slot = nil
                _ = insertNew(key, value, hash: hash, now: now, ttl: nil)
            }
            return result
        }
        var slot: Value? = valuePointer(index).move()
        defer {
            if let value = slot {
                slot = nil
                valuePointer(index).initialize(to: value)
                stampAccess(index, now: now)
                stampWrite(index, now: now, ttl: nil)
            } else {
                _ = removeWithValueMoved(at: index, hash: hash)
            }
        }
        return try body(&slot)
    }

    /// Combines `value` into the value of `key` with `combine` (in place), or inserts it if absent.
    @inlinable
    public func merge(_ key: Key, _ value: Value, hash: UInt64, now: Int64,
                      _ combine: (inout Value, Value) throws -> Void) rethrows {
        let index = liveIndex(key, hash: hash, now: now)
        if index < 0 {
            _ = insertNew(key, value, hash: hash, now: now, ttl: nil)
            return
        }
        try combine(&entries[index].value, value)
        stampAccess(index, now: now)
        stampWrite(index, now: now, ttl: nil)
    }

    /// Visits at most `budget` entries from where the last sweep stopped and removes the expired ones,
    /// reporting each. Returns the entries visited and whether the pass reached the end of the partition (the
    /// next call starts over). Bounded work per call keeps the owner responsive.
    @discardableResult
    public func sweep(now: Int64, budget: Int) -> (visited: Int, finishedPass: Bool) {
        guard hasExpiry, count > 0 else {
            sweepCursor = 0
            return (0, true)
        }
        var visited = 0
        while visited < budget {
            if sweepCursor >= count {
                sweepCursor = 0
                return (visited, true)
            }
            visited += 1
            if let cause = expiryCause(at: sweepCursor, now: now) {
                // The last entry moves into this index; look at the same index again.
                expire(at: sweepCursor, hash: entries[sweepCursor].key.stableHash, cause: cause)
            } else {
                sweepCursor += 1
            }
        }
        if sweepCursor >= count {
            sweepCursor = 0
            return (visited, true)
        }
        return (visited, false)
    }
}
