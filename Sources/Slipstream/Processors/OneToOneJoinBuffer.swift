import SlipstreamEngine
import SlipstreamGrid

/// The state of a one-to-one stream join within a time bound, laid out for streams where nearly every item
/// waits and leaves unmatched when its bound passes: a scoring stage's served examples waiting for labels, the
/// payments of a label join.
///
/// It pairs, times out and counts exactly as a one-to-one ``StreamJoinBuffer`` (same outputs, same counters,
/// same snapshot bytes), with another layout. Each side keeps its waiting items in arrival order with an index
/// from key to the oldest waiting item of that key (items of one key are chained, oldest first). A bound is
/// passed by walking the oldest items: no deadline heap and no second key lookup for items arriving in
/// event-time order. Every item leaves at most ``slack`` after its bound (a partner that comes meanwhile still has
/// to fit the item's own window): streams merged from several partitions are out of order all the time, and an
/// item at most ``slack`` earlier than one that arrived before it simply waits behind it. One further out of
/// order is also filed by its bound in ``DeadlineBuckets``, buckets ``slack`` wide, so that it does not wait
/// for the items ahead of it. An item costs one index insertion and one removal.
///
/// Not `Sendable`: one belongs to one processor instance. `emit` is called during the call that causes it and
/// must not call back into the buffer.
@usableFromInline
final class OneToOneJoinBuffer<Key: PartitionKey, Left, Right> {
    @usableFromInline typealias Output = JoinOutput<Key, Left, Right>

    @usableFromInline let window: JoinWindow
    @usableFromInline var lefts: WaitingItems<Key, Left>
    @usableFromInline var rights: WaitingItems<Key, Right>
    @usableFromInline var counters = JoinFigures()

    /// How much later than its bound an item that arrived out of order may leave, milliseconds: a 16th of the
    /// window's span, at most an hour (none for windows under 16 ms). A stream read from several partitions is
    /// out of order by the size of a fetch, seconds of event time when a backlog drains.
    @usableFromInline let slack: Int64

    @usableFromInline
    init(window: JoinWindow) {
        self.window = window
        let span = window.upperBound.addingSaturated(-window.lowerBound)
        slack = min(3_600_000, max(0, span / 16))
        lefts = WaitingItems(slack: slack)
        rights = WaitingItems(slack: slack)
    }

    /// The last watermark.
    @inlinable var watermark: Int64 { counters.watermark }
    /// Left items waiting.
    @inlinable var pendingLeftCount: Int { lefts.waitingCount }
    /// Right items waiting.
    @inlinable var pendingRightCount: Int { rights.waitingCount }

    /// Offers a left item: paired with the earliest-arrived waiting right item of `key` whose time fits, else
    /// kept until its bound passes (or handed out as unmatched at once when it has passed already).
    @inlinable
    func offerLeft(_ value: consuming Left, key: consuming Key, time: Int64, emit: (consuming Output) -> Void) {
        // A right item fits if its time is in time + lower ... time + upper.
        let deadline = time.addingSaturated(window.upperBound)
        let isLate = deadline < counters.watermark
        if isLate { counters.late &+= 1 }
        let hash = key.stableHash
        if rights.waitingCount > 0,
            let right = rights.take(key, hash: hash, from: time.addingSaturated(window.lowerBound), to: deadline)
        {
            counters.matched &+= 1
            emit(.matched(key: consume key, left: consume value, leftTime: time, right: right.value, rightTime: right.time))
            return
        }
        if isLate {
            counters.unmatchedLeft &+= 1
            emit(.unmatchedLeft(key: consume key, value: consume value, time: time))
            return
        }
        lefts.append(consume value, key: consume key, hash: hash, time: time, deadline: deadline)
    }

    /// Offers a right item: paired with the earliest-arrived waiting left item of `key` whose time fits, else
    /// kept until its bound passes (or handed out as unmatched at once when it has passed already).
    @inlinable
    func offerRight(_ value: consuming Right, key: consuming Key, time: Int64, emit: (consuming Output) -> Void) {
        // A left item fits if its time is in time - upper ... time - lower.
        let deadline = time.addingSaturated(-window.lowerBound)
        let isLate = deadline < counters.watermark
        if isLate { counters.late &+= 1 }
        let hash = key.stableHash
        if lefts.waitingCount > 0,
            let left = lefts.take(key, hash: hash, from: time.addingSaturated(-window.upperBound), to: deadline)
        {
            counters.matched &+= 1
            emit(.matched(key: consume key, left: left.value, leftTime: left.time, right: consume value, rightTime: time))
            return
        }
        if isLate {
            counters.unmatchedRight &+= 1
            emit(.unmatchedRight(key: consume key, value: consume value, time: time))
            return
        }
        rights.append(consume value, key: consume key, hash: hash, time: time, deadline: deadline)
    }

    /// Advances event time: the waiting items whose bound is before the watermark leave as unmatched.
    @inlinable
    func advanceWatermark(to newWatermark: Int64, emit: (consuming Output) -> Void) {
        guard newWatermark > counters.watermark else { return }
        counters.watermark = newWatermark
        lefts.expire(before: newWatermark) { key, value, time in
            counters.unmatchedLeft &+= 1
            emit(.unmatchedLeft(key: key, value: value, time: time))
        }
        rights.expire(before: newWatermark) { key, value, time in
            counters.unmatchedRight &+= 1
            emit(.unmatchedRight(key: key, value: value, time: time))
        }
    }
}

/// One side of a ``OneToOneJoinBuffer``.
@usableFromInline
struct WaitingItems<Key: PartitionKey, Value>: ~Copyable {
    @usableFromInline
    struct Item {
        @usableFromInline var key: Key
        /// The key's stable hash, kept for the index.
        @usableFromInline var hash: UInt64
        @usableFromInline var time: Int64
        @usableFromInline var deadline: Int64
        /// `nil` once the item has left (matched, or expired through the heap).
        @usableFromInline var value: Value?
        /// Sequence number of the next waiting item with the same key; -1 for none.
        @usableFromInline var next: Int

        @inlinable
        init(key: Key, hash: UInt64, time: Int64, deadline: Int64, value: Value) {
            self.key = key
            self.hash = hash
            self.time = time
            self.deadline = deadline
            self.value = value
            next = -1
        }
    }

    /// Items in arrival order from sequence number `base` on; those before `head` have been passed.
    @usableFromInline var items = ChunkedQueue<Item>()
    @usableFromInline var base = 0
    @usableFromInline var head = 0
    /// The index: sequence number of the oldest waiting item of each key, by the key's stable hash (open
    /// addressing, linear probing; a slot's key is the key of the item it points at). A power of two in size,
    /// at most half full: nearly every key looked up is new, and a miss probes to the end of its cluster.
    @usableFromInline var slots = [IndexSlot](repeating: IndexSlot(), count: 64)
    /// One bit per slot, set when the slot is in use. The bits of a large index stay in cache where its slots do
    /// not: a lookup whose first slot is free (most lookups of a key that is not there, most insertions of a new
    /// key) reads no slot at all.
    @usableFromInline var occupied = [UInt64](repeating: 0, count: 1)
    @usableFromInline var indexed = 0
    /// The latest deadline appended: an item with one earlier by more than `slack` arrived out of order and goes
    /// in `stragglers`.
    @usableFromInline var latestDeadline = Int64.min
    @usableFromInline let slack: Int64
    @usableFromInline var stragglers: DeadlineBuckets
    @usableFromInline var waitingCount = 0

    @inlinable
    init(slack: Int64) {
        self.slack = slack
        stragglers = DeadlineBuckets(width: max(1, slack))
    }

    /// Adds an item; `hash` is `key.stableHash`.
    @inlinable
    mutating func append(_ value: consuming Value, key: consuming Key, hash: UInt64, time: Int64, deadline: Int64) {
        let sequence = base &+ items.count
        // One probe: the key is new almost always. Made before the item is stored, so the key and value move in.
        let (slot, found) = probe(key, hash: hash)
        items.append(Item(key: consume key, hash: hash, time: time, deadline: deadline, value: consume value))
        waitingCount &+= 1
        if deadline > latestDeadline {
            latestDeadline = deadline
        } else if deadline < latestDeadline.addingSaturated(-slack) {
            stragglers.insert(deadline: deadline, sequence: sequence)
        }
        if found {
            var last = slots[slot].sequence
            while items[last &- base].next >= 0 { last = items[last &- base].next }
            items[last &- base].next = sequence
        } else {
            slots[slot] = IndexSlot(hash: hash, sequence: sequence)
            Self.mark(slot, in: &occupied)
            indexed &+= 1
            if indexed &* 2 > slots.count { growIndex() }
        }
    }

    /// The slot of `key`, or (not found) the free slot where it would go.
    @inlinable
    func probe(_ key: Key, hash: UInt64) -> (slot: Int, found: Bool) {
        let mask = slots.count &- 1
        var slot = Self.home(of: hash, mask: mask)
        if occupied[slot &>> 6] & Self.bit(slot) == 0 { return (slot, false) }
        while true {
            let entry = slots[slot]
            if entry.sequence < 0 { return (slot, false) }
            if entry.hash == hash && items[entry.sequence &- base].key == key { return (slot, true) }
            slot = (slot &+ 1) & mask
        }
    }

    /// The bit of `slot` in its word of `occupied`.
    @inlinable
    static func bit(_ slot: Int) -> UInt64 { 1 &<< UInt64(truncatingIfNeeded: slot & 63) }

    @inlinable
    static func mark(_ slot: Int, in occupied: inout [UInt64]) { occupied[slot &>> 6] |= bit(slot) }

    /// Where a hash's probe starts: its high bits after a multiplicative mix (keys whose hashes differ in few bits
    /// still spread).
    @inlinable
    static func home(of hash: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// Points `slot` at `next`, or frees it when `next` is -1 (shifting back the entries after it, so that no
    /// probe stops short).
    @inlinable
    mutating func replace(slot: Int, with next: Int) {
        if next >= 0 {
            slots[slot].sequence = next
            return
        }
        let mask = slots.count &- 1
        var hole = slot
        var current = slot
        while true {
            current = (current &+ 1) & mask
            let entry = slots[current]
            if entry.sequence < 0 { break }
            let home = Self.home(of: entry.hash, mask: mask)
            // The entry may fill the hole unless its home lies cyclically in (hole, current].
            let stays = hole <= current ? (hole < home && home <= current) : (hole < home || home <= current)
            if !stays {
                slots[hole] = entry
                hole = current
            }
        }
        slots[hole] = IndexSlot()
        occupied[hole &>> 6] &= ~Self.bit(hole)
        indexed &-= 1
    }

    @usableFromInline
    mutating func growIndex() {
        let old = slots
        slots = [IndexSlot](repeating: IndexSlot(), count: old.count &* 2)
        occupied = [UInt64](repeating: 0, count: slots.count / 64)
        let mask = slots.count &- 1
        for entry in old where entry.sequence >= 0 {
            var slot = Self.home(of: entry.hash, mask: mask)
            while slots[slot].sequence >= 0 { slot = (slot &+ 1) & mask }
            slots[slot] = entry
            Self.mark(slot, in: &occupied)
        }
    }

    /// Removes and returns the earliest-arrived waiting item of `key` (whose stable hash is `hash`) whose time is
    /// in `from...to`.
    @inlinable
    mutating func take(_ key: Key, hash: UInt64, from: Int64, to: Int64) -> (value: Value, time: Int64)? {
        let (slot, found) = probe(key, hash: hash)
        guard found else { return nil }
        var current = slots[slot].sequence
        while current >= 0 {
            let index = current &- base
            let time = items[index].time
            if time >= from && time <= to {
                return (leave(index, slot: slot), time)
            }
            current = items[index].next
        }
        return nil
    }

    /// Takes the value of the waiting item at `index` out, and unlinks the item from its key's chain; `slot` is
    /// its key's index slot, found when `nil`.
    @inlinable
    mutating func leave(_ index: Int, slot known: Int? = nil) -> Value {
        let sequence = base &+ index
        let next = items[index].next
        let slot = known ?? probe(items[index].key, hash: items[index].hash).slot
        let first = slots[slot].sequence
        if first == sequence {
            replace(slot: slot, with: next)
        } else {
            var previous = first
            while items[previous &- base].next != sequence { previous = items[previous &- base].next }
            items[previous &- base].next = next
        }
        waitingCount &-= 1
        return items[index].value.take()!
    }

    /// Hands out and removes the waiting items whose deadline is before `watermark`.
    @inlinable
    mutating func expire(before watermark: Int64, _ handOut: (Key, Value, Int64) -> Void) {
        while let due = stragglers.takeDue(before: watermark) {
            for sequence in due {
                // Passed by the walk below already (or dropped with the passed items), or matched.
                let index = sequence &- base
                guard index >= head, items[index].value != nil, items[index].deadline < watermark else { continue }
                let value = leave(index)
                handOut(items[index].key, value, items[index].time)
            }
            stragglers.recycle(due)
        }
        while head < items.count, items[head].deadline < watermark {
            if items[head].value != nil {
                let value = leave(head)
                handOut(items[head].key, value, items[head].time)
            }
            head &+= 1
        }
        // Drop the passed items as soon as they fill a chunk (or are all there is), so memory follows what waits.
        if head >= ChunkedQueue<Item>.chunkSize || (head > 0 && head == items.count) {
            items.removeFirst(head)
            base &+= head
            head = 0
        }
    }

    /// The waiting items, in arrival order.
    @usableFromInline
    func forEachWaiting(_ body: (Key, Int64, Value) throws -> Void) rethrows {
        try items.forEach(from: head) { item in
            if let value = item.value { try body(item.key, item.time, value) }
        }
    }
}

/// A slot of ``WaitingItems``' index: a key's stable hash and the sequence number of its oldest waiting item
/// (-1: free).
@usableFromInline
struct IndexSlot {
    @usableFromInline var hash: UInt64 = 0
    @usableFromInline var sequence = -1

    @inlinable init() {}

    @inlinable
    init(hash: UInt64, sequence: Int) {
        self.hash = hash
        self.sequence = sequence
    }
}

extension Int64 {
    /// `self + other`, saturating at the bounds (a bound far in the future must not trap).
    @inlinable
    func addingSaturated(_ other: Int64) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? .max : .min) : sum
    }
}
