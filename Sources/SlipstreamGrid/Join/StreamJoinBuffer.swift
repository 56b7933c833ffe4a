/// The state of a stream-to-stream join within a time bound, by key: the machinery that pairs a served
/// prediction with its label arriving later.
///
/// Items of either side may arrive first and out of order. Each item waits until it matches (see
/// ``JoinCardinality``) or until the watermark shows no partner can arrive any more; then it is handed out as
/// unmatched and counted. One buffer belongs to one processor instance (it is not `Sendable`), fed through a
/// partitioned edge by key:
///
/// ```swift
/// let pending = StreamJoinBuffer<String, Prediction, Label>(window: .rightFollows(within: .seconds(86_400)))
/// pending.offerLeft(prediction, key: prediction.id, time: prediction.time) { output in … }
/// pending.offerRight(label, key: label.predictionID, time: label.time) { output in … }
/// pending.advanceWatermark(to: watermark) { output in … }   // hands out the expired, unmatched ones
/// ```
///
/// `emit` is called during the call, on the owner's thread; it must not call back into the buffer.
/// An item that arrives after its own time bound passed still matches a buffered partner; without one it is
/// handed out as unmatched at once.
public final class StreamJoinBuffer<Key: PartitionKey, Left, Right> {
    public typealias Output = JoinOutput<Key, Left, Right>

    public let window: JoinWindow
    public let cardinality: JoinCardinality

    @usableFromInline let table: GridPartition<Key, JoinSlot<Left, Right>>
    @usableFromInline var expiries = DeadlineHeap<Key>()
    /// Reused between expiry steps so handing out expired items allocates nothing in the steady state.
    @usableFromInline var expiredLefts: [PendingJoinItem<Left>] = []
    @usableFromInline var expiredRights: [PendingJoinItem<Right>] = []
    @usableFromInline var counters = JoinCounters()

    /// The last watermark; items whose bound is before it can no longer find a partner.
    public var watermark: Int64 { counters.watermark }
    /// Pairs emitted.
    public var matchedCount: Int64 { counters.matched }
    /// Left items that expired without a match.
    public var unmatchedLeftCount: Int64 { counters.unmatchedLeft }
    /// Right items that expired without a match.
    public var unmatchedRightCount: Int64 { counters.unmatchedRight }
    /// Items that arrived after their time bound had passed.
    public var lateCount: Int64 { counters.late }
    /// Left items waiting.
    public var pendingLeftCount: Int { counters.pendingLeft }
    /// Right items waiting.
    public var pendingRightCount: Int { counters.pendingRight }

    public init(window: JoinWindow, cardinality: JoinCardinality = .oneToOne) {
        self.window = window
        self.cardinality = cardinality
        table = GridPartition(id: 0, settings: GridPartitionSettings())
    }

    /// The number of keys with waiting items.
    public var pendingKeyCount: Int { table.entryCount }

    /// Offers a left item: matched against waiting right items of `key`, or kept to wait for one.
    @inlinable
    public func offerLeft(_ value: Left, key: Key, time: Int64, emit: (Output) -> Void) {
        // A right item fits if right.time is in time + lower ... time + upper.
        let lo = time.saturatingAdd(window.lowerBound), hi = time.saturatingAdd(window.upperBound)
        let deadline = hi
        let isLate = deadline < watermark
        if isLate { counters.late &+= 1 }
        let hash = key.stableHash
        var index = table.find(key, hash: hash)
        var matched = false
        if index >= 0 {
            switch cardinality {
            case .oneToOne:
                var partner: PendingJoinItem<Right>?
                Self.modify(&table.entries[index].value) { slot in
                    if let i = slot.rights.firstIndex(where: { $0.time >= lo && $0.time <= hi }) {
                        partner = slot.rights.remove(at: i)
                    }
                }
                if let partner {
                    counters.pendingRight -= 1
                    counters.matched &+= 1
                    if table.entries[index].value.isEmpty { _ = table.remove(at: index, hash: hash) }
                    emit(.matched(key: key, left: value, leftTime: time, right: partner.value, rightTime: partner.time))
                    return
                }
            case .manyToMany:
                Self.modify(&table.entries[index].value) { slot in
                    slot.rights.forEach { right in
                        guard right.time >= lo && right.time <= hi else { return }
                        right.matched = true
                        matched = true
                        counters.matched &+= 1
                        emit(.matched(key: key, left: value, leftTime: time, right: right.value, rightTime: right.time))
                    }
                }
            }
        }
        if isLate {
            if !matched {
                counters.unmatchedLeft &+= 1
                emit(.unmatchedLeft(key: key, value: value, time: time))
            }
            return
        }
        if index < 0 { index = table.appendNew(key, JoinSlot(), hash: hash) }
        table.entries[index].value.lefts.append(PendingJoinItem(time: time, value: value, matched: matched))
        counters.pendingLeft += 1
        expiries.push(deadline, key)
    }

    /// Offers a right item: matched against waiting left items of `key`, or kept to wait for one.
    @inlinable
    public func offerRight(_ value: Right, key: Key, time: Int64, emit: (Output) -> Void) {
        // A left item fits if left.time is in time - upper ... time - lower.
        let lo = time.saturatingAdd(-window.upperBound), hi = time.saturatingAdd(-window.lowerBound)
        let deadline = hi
        let isLate = deadline < watermark
        if isLate { counters.late &+= 1 }
        let hash = key.stableHash
        var index = table.find(key, hash: hash)
        var matched = false
        if index >= 0 {
            switch cardinality {
            case .oneToOne:
                var partner: PendingJoinItem<Left>?
                Self.modify(&table.entries[index].value) { slot in
                    if let i = slot.lefts.firstIndex(where: { $0.time >= lo && $0.time <= hi }) {
                        partner = slot.lefts.remove(at: i)
                    }
                }
                if let partner {
                    counters.pendingLeft -= 1
                    counters.matched &+= 1
                    if table.entries[index].value.isEmpty { _ = table.remove(at: index, hash: hash) }
                    emit(.matched(key: key, left: partner.value, leftTime: partner.time, right: value, rightTime: time))
                    return
                }
            case .manyToMany:
                Self.modify(&table.entries[index].value) { slot in
                    slot.lefts.forEach { left in
                        guard left.time >= lo && left.time <= hi else { return }
                        left.matched = true
                        matched = true
                        counters.matched &+= 1
                        emit(.matched(key: key, left: left.value, leftTime: left.time, right: value, rightTime: time))
                    }
                }
            }
        }
        if isLate {
            if !matched {
                counters.unmatchedRight &+= 1
                emit(.unmatchedRight(key: key, value: value, time: time))
            }
            return
        }
        if index < 0 { index = table.appendNew(key, JoinSlot(), hash: hash) }
        table.entries[index].value.rights.append(PendingJoinItem(time: time, value: value, matched: matched))
        counters.pendingRight += 1
        expiries.push(deadline, key)
    }

    /// Advances event time: items that can no longer meet a partner leave the buffer, and those that never
    /// matched are handed out as unmatched (in order of their bound).
    @inlinable
    public func advanceWatermark(to newWatermark: Int64, emit: (Output) -> Void) {
        guard newWatermark > watermark else { return }
        counters.watermark = newWatermark
        let lower = window.lowerBound, upper = window.upperBound
        while let due = expiries.minimum, due < newWatermark {
            let key = expiries.pop()!.key
            let hash = key.stableHash
            let index = table.find(key, hash: hash)
            guard index >= 0 else { continue }
            expiredLefts.removeAll(keepingCapacity: true)
            expiredRights.removeAll(keepingCapacity: true)
            Self.modify(&table.entries[index].value) { slot in
                slot.lefts.removeAll(where: { $0.time.saturatingAdd(upper) < newWatermark }) { self.expiredLefts.append($0) }
                slot.rights.removeAll(where: { $0.time.saturatingAdd(-lower) < newWatermark }) { self.expiredRights.append($0) }
            }
            if table.entries[index].value.isEmpty { _ = table.remove(at: index, hash: hash) }
            counters.pendingLeft -= expiredLefts.count
            counters.pendingRight -= expiredRights.count
            for item in expiredLefts where !item.matched {
                counters.unmatchedLeft &+= 1
                emit(.unmatchedLeft(key: key, value: item.value, time: item.time))
            }
            for item in expiredRights where !item.matched {
                counters.unmatchedRight &+= 1
                emit(.unmatchedRight(key: key, value: item.value, time: item.time))
            }
        }
    }

    @inlinable @inline(__always)
    static func modify(_ slot: inout JoinSlot<Left, Right>, _ body: (inout JoinSlot<Left, Right>) -> Void) {
        body(&slot)
    }
}
