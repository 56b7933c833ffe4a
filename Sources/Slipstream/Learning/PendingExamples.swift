import SlipstreamGrid
import SlipstreamLearn

/// The label join of a scoring stage: served examples waiting for their label, and labels that came before
/// their example, by event id, each for `within` of event time on either side.
///
/// It pairs items as a one-to-one ``StreamJoinBuffer`` over ``JoinWindow/within(_:)`` does (same outputs, same
/// counters, same snapshot bytes), but is laid out for what a scoring stage sees: every event waits, almost none
/// gets a label. Waiting items sit in arrival order, so a window closes by walking the oldest items rather than
/// through a deadline heap and a second key lookup, and an event costs one insertion and one removal in the id
/// index. Items arrive close to event-time order; one that arrived after an item with a later bound closes
/// when that item does (a label still matches it only within its own window, as the times are checked on
/// every match).
@usableFromInline
final class PendingExamples<ID: PartitionKey> {
    @usableFromInline typealias Output = JoinOutput<ID, ServedExample, Double>

    /// How far apart in event time an example and its label may be, milliseconds.
    @usableFromInline let bound: Int64
    @usableFromInline var examples: WaitingItems<ID, ServedExample>
    @usableFromInline var labels: WaitingItems<ID, Double>
    @usableFromInline var counters = PendingCounters()

    @usableFromInline
    init(within: Duration) {
        bound = JoinWindow.within(within).upperBound
        examples = WaitingItems(empty: ServedExample(features: FeatureVector(hashBits: 1, capacity: 0), firstScore: 0, otherScores: []))
        labels = WaitingItems(empty: 0)
    }

    /// The last watermark.
    @inlinable var watermark: Int64 { counters.watermark }
    /// Served examples waiting for their label.
    @inlinable var pendingLeftCount: Int { examples.liveCount }
    /// Labels waiting for their example.
    @inlinable var pendingRightCount: Int { labels.liveCount }

    /// Offers a served example: joined to a waiting label of `key` within the window, else kept (or, when its
    /// window closed already, handed out as unmatched at once).
    @inlinable
    func offerLeft(_ value: ServedExample, key: ID, time: Int64, emit: (Output) -> Void) {
        let deadline = time.addingSaturated(bound)
        let isLate = deadline < counters.watermark
        if isLate { counters.late &+= 1 }
        if !labels.isEmpty, let label = labels.take(key, from: time.addingSaturated(-bound), to: deadline) {
            counters.matched &+= 1
            emit(.matched(key: key, left: value, leftTime: time, right: label.value, rightTime: label.time))
            return
        }
        if isLate {
            counters.unmatchedLeft &+= 1
            emit(.unmatchedLeft(key: key, value: value, time: time))
            return
        }
        examples.append(value, key: key, time: time)
    }

    /// Offers a label: joined to a waiting example of `key` within the window, else kept (or handed out as
    /// unmatched at once when its window closed already).
    @inlinable
    func offerRight(_ value: Double, key: ID, time: Int64, emit: (Output) -> Void) {
        let deadline = time.addingSaturated(bound)
        let isLate = deadline < counters.watermark
        if isLate { counters.late &+= 1 }
        if let example = examples.take(key, from: time.addingSaturated(-bound), to: deadline) {
            counters.matched &+= 1
            emit(.matched(key: key, left: example.value, leftTime: example.time, right: value, rightTime: time))
            return
        }
        if isLate {
            counters.unmatchedRight &+= 1
            emit(.unmatchedRight(key: key, value: value, time: time))
            return
        }
        labels.append(value, key: key, time: time)
    }

    /// Advances event time: the waiting items whose window the watermark passed are handed out as unmatched.
    @inlinable
    func advanceWatermark(to newWatermark: Int64, emit: (Output) -> Void) {
        guard newWatermark > counters.watermark else { return }
        counters.watermark = newWatermark
        let bound = self.bound
        examples.expire(before: newWatermark, bound: bound) { key, value, time in
            counters.unmatchedLeft &+= 1
            emit(.unmatchedLeft(key: key, value: value, time: time))
        }
        labels.expire(before: newWatermark, bound: bound) { key, value, time in
            counters.unmatchedRight &+= 1
            emit(.unmatchedRight(key: key, value: value, time: time))
        }
    }
}

/// One side of ``PendingExamples``: items in arrival order, and an index from id to the oldest waiting item of
/// that id (items of one id are chained, oldest first).
@usableFromInline
struct WaitingItems<ID: PartitionKey, Value> {
    @usableFromInline
    struct Item {
        @usableFromInline var key: ID
        @usableFromInline var time: Int64
        @usableFromInline var value: Value
        /// Sequence number of the next waiting item with the same key; -1 for none.
        @usableFromInline var next: Int
        @usableFromInline var isWaiting: Bool

        @inlinable
        init(key: ID, time: Int64, value: Value) {
            self.key = key
            self.time = time
            self.value = value
            next = -1
            isWaiting = true
        }
    }

    /// Items from sequence number `base` on; those before `head` have left.
    @usableFromInline var items: [Item] = []
    @usableFromInline var base = 0
    @usableFromInline var head = 0
    /// Sequence number of the oldest waiting item of each key.
    @usableFromInline var oldest: [ID: Int] = [:]
    @usableFromInline var liveCount = 0
    /// Put in place of a value that left from the middle, so that it is released at once.
    @usableFromInline let empty: Value

    @inlinable
    init(empty: Value) {
        self.empty = empty
    }

    @inlinable var isEmpty: Bool { liveCount == 0 }

    @inlinable
    mutating func append(_ value: Value, key: ID, time: Int64) {
        let sequence = base &+ items.count
        items.append(Item(key: key, time: time, value: value))
        liveCount &+= 1
        // One hash lookup: the key is new almost always.
        let first = Self.replaceIfAbsent(&oldest[key, default: -1], with: sequence)
        if first >= 0 {
            var last = first
            while items[last &- base].next >= 0 { last = items[last &- base].next }
            items[last &- base].next = sequence
        }
    }

    /// Sets `slot` to `sequence` if it is -1 (absent); returns what it was.
    @inlinable
    static func replaceIfAbsent(_ slot: inout Int, with sequence: Int) -> Int {
        let old = slot
        if old < 0 { slot = sequence }
        return old
    }

    /// Removes and returns the oldest waiting item of `key` whose time is in `from...to`.
    @inlinable
    mutating func take(_ key: ID, from: Int64, to: Int64) -> (value: Value, time: Int64)? {
        guard let first = oldest[key] else { return nil }
        var previous = -1
        var current = first
        while current >= 0 {
            let index = current &- base
            let time = items[index].time
            if time >= from && time <= to {
                let next = items[index].next
                if previous < 0 {
                    if next >= 0 { oldest[key] = next } else { oldest.removeValue(forKey: key) }
                } else {
                    items[previous &- base].next = next
                }
                items[index].isWaiting = false
                var value = empty
                swap(&value, &items[index].value)
                liveCount &-= 1
                return (value, time)
            }
            previous = current
            current = items[index].next
        }
        return nil
    }

    /// Hands out (oldest first) and removes the waiting items at the front whose `time + bound` is before
    /// `watermark`; items that left already are skipped.
    @inlinable
    mutating func expire(before watermark: Int64, bound: Int64, _ handOut: (ID, Value, Int64) -> Void) {
        while head < items.count, items[head].time.addingSaturated(bound) < watermark {
            if items[head].isWaiting {
                let next = items[head].next
                if next >= 0 { oldest[items[head].key] = next } else { oldest.removeValue(forKey: items[head].key) }
                var value = empty
                swap(&value, &items[head].value)
                liveCount &-= 1
                handOut(items[head].key, value, items[head].time)
            }
            head &+= 1
        }
        // Drop the items that left once they are the larger part, so memory follows what waits.
        if head > 1_024 && head &* 2 > items.count {
            items.removeFirst(head)
            base &+= head
            head = 0
        }
        if liveCount == 0 && head == items.count {
            base &+= items.count
            items.removeAll(keepingCapacity: true)
            head = 0
        }
    }

    /// The waiting items, oldest first.
    @usableFromInline
    func forEachWaiting(_ body: (Item) throws -> Void) rethrows {
        for item in items[head...] where item.isWaiting { try body(item) }
    }
}

/// The figures of ``PendingExamples``, as a ``StreamJoinBuffer`` counts them.
@usableFromInline
struct PendingCounters {
    @usableFromInline var watermark: Int64 = .min
    @usableFromInline var matched: Int64 = 0
    @usableFromInline var unmatchedLeft: Int64 = 0
    @usableFromInline var unmatchedRight: Int64 = 0
    @usableFromInline var late: Int64 = 0

    @inlinable init() {}
}

extension Int64 {
    /// `self + other`, saturating at the bounds (a window far in the future must not trap).
    @inlinable
    func addingSaturated(_ other: Int64) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? .max : .min) : sum
    }
}
