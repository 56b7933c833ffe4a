/// Session windows of every key of one processor instance.
///
/// Each key holds its open sessions (usually one, kept inline without an array allocation). A session covers
/// `[first item, last item + gap)`; an item whose `[time, time + gap)` overlaps sessions merges them. A heap of
/// session ends finds the sessions a watermark closes without scanning all keys.
@usableFromInline
final class SessionWindowState<Key: PartitionKey, Operation: AggregateOperation> {
    @usableFromInline
    struct Session {
        @usableFromInline var start: Int64
        @usableFromInline var end: Int64
        @usableFromInline var accumulator: Operation.Accumulator

        @inlinable init(start: Int64, end: Int64, accumulator: Operation.Accumulator) {
            self.start = start
            self.end = end
            self.accumulator = accumulator
        }
    }

    @usableFromInline
    struct Slot {
        @usableFromInline var first: Session?
        @usableFromInline var rest: [Session] = []
        @inlinable init() {}
        @inlinable var isEmpty: Bool { first == nil && rest.isEmpty }
    }

    @usableFromInline let gap: Int64
    @usableFromInline let operation: Operation
    @usableFromInline var sessions: [Key: Slot] = [:]
    @usableFromInline var closing = DeadlineHeap<Key>()
    @usableFromInline var watermark: Int64 = .min

    @usableFromInline
    init(gap: Int64, operation: Operation) {
        self.gap = gap
        self.operation = operation
    }

    /// Adds an item; false if its session has already closed (a late item, dropped).
    @inlinable
    func accumulate(_ input: Operation.Input, key: Key, time: Int64) -> Bool {
        let end = time.saturatingAdd(gap)
        var accepted = true
        var pushEnd: Int64?
        Self.mutate(&sessions[key, default: Slot()]) { slot in
            var merged = Session(start: time, end: end, accumulator: operation.makeAccumulator())
            var absorbed = false
            if let f = slot.first, f.start < end && time < f.end {
                absorb(slot.first.take()!, into: &merged)
                absorbed = true
            }
            var i = slot.rest.count - 1
            while i >= 0 {
                let s = slot.rest[i]
                if s.start < end && time < s.end {
                    absorb(slot.rest.remove(at: i), into: &merged)
                    absorbed = true
                }
                i -= 1
            }
            if !absorbed && end <= watermark {
                accepted = false
                return
            }
            operation.accumulate(input, into: &merged.accumulator)
            if !absorbed || merged.end == end { pushEnd = merged.end }
            if slot.first == nil { slot.first = merged } else { slot.rest.append(merged) }
        }
        if !accepted {
            if sessions[key]?.isEmpty == true { sessions[key] = nil }
            return false
        }
        if let pushEnd { closing.push(pushEnd, key) }
        return true
    }

    @inlinable @inline(__always)
    static func mutate(_ slot: inout Slot, _ body: (inout Slot) -> Void) { body(&slot) }

    @inlinable
    func absorb(_ session: Session, into merged: inout Session) {
        merged.start = min(merged.start, session.start)
        merged.end = max(merged.end, session.end)
        operation.combine(session.accumulator, into: &merged.accumulator)
    }

    /// Emits every session ending at or before `newWatermark`, in end order.
    @usableFromInline
    func advanceWatermark(to newWatermark: Int64, emit: (WindowResult<Key, Operation.Output>) -> Void) {
        guard newWatermark > watermark else { return }
        watermark = newWatermark
        while let due = closing.minimum, due <= newWatermark {
            let key = closing.pop()!.key
            guard var slot = sessions.removeValue(forKey: key) else { continue }
            var closed: [Session] = []
            if let f = slot.first, f.end <= newWatermark {
                closed.append(slot.first.take()!)
            }
            slot.rest.removeAll { s in
                if s.end <= newWatermark { closed.append(s); return true }
                return false
            }
            for s in closed.sorted(by: { $0.start < $1.start }) {
                emit(WindowResult(key: key, start: s.start, end: s.end, value: operation.result(of: s.accumulator),
                                  isEarly: false))
            }
            if slot.first == nil && !slot.rest.isEmpty { slot.first = slot.rest.removeLast() }
            if !slot.isEmpty { sessions[key] = slot }
        }
    }

    /// Emits the current partial result of every open session.
    func emitEarlyResults(_ emit: (WindowResult<Key, Operation.Output>) -> Void) {
        for (key, slot) in sessions {
            for s in [slot.first].compactMap({ $0 }) + slot.rest {
                emit(WindowResult(key: key, start: s.start, end: s.end, value: operation.result(of: s.accumulator),
                                  isEarly: true))
            }
        }
    }

    /// Open sessions held.
    var accumulatorCount: Int { sessions.values.reduce(0) { $0 + ($1.first == nil ? 0 : 1) + $1.rest.count } }
}
