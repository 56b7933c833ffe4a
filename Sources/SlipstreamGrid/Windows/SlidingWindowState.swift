/// Tumbling and sliding windows of every key of one processor instance: one accumulator per key and pane
/// (a slide-long interval), combined into windows when the watermark passes their end.
///
/// Time-major layout, as in Jet's `SlidingWindowP`: panes are kept in start order, so closing windows on a
/// watermark touches only the panes involved, never a scan of all keys.
@usableFromInline
final class SlidingWindowState<Key: PartitionKey, Operation: AggregateOperation> {
    @usableFromInline
    final class Pane {
        @usableFromInline let start: Int64
        @usableFromInline var accumulators: [Key: Operation.Accumulator] = [:]
        @usableFromInline init(start: Int64) { self.start = start }
    }

    @usableFromInline let size: Int64
    @usableFromInline let slide: Int64
    @usableFromInline let operation: Operation
    /// Panes in ascending start order.
    @usableFromInline var panes: [Pane] = []
    /// The smallest window end not emitted yet.
    @usableFromInline var nextEnd: Int64 = .min
    @usableFromInline var watermark: Int64 = .min

    @usableFromInline
    init(size: Int64, slide: Int64, operation: Operation) {
        self.size = size
        self.slide = slide
        self.operation = operation
    }

    /// Adds an item; false if every window containing `time` has already closed (a late item, dropped).
    @inlinable
    func accumulate(_ input: Operation.Input, key: Key, time: Int64) -> Bool {
        let start = floorDivide(time, slide) * slide
        if start.saturatingAdd(size) <= watermark { return false }
        let pane = pane(startingAt: start)
        operation.accumulate(input, into: &pane.accumulators[key, default: operation.makeAccumulator()])
        return true
    }

    @inlinable
    func pane(startingAt start: Int64) -> Pane {
        if let last = panes.last, last.start == start { return last }
        if panes.last.map({ $0.start < start }) ?? true {
            let p = Pane(start: start)
            panes.append(p)
            return p
        }
        var lo = 0, hi = panes.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if panes[mid].start < start { lo = mid + 1 } else { hi = mid }
        }
        if lo < panes.count && panes[lo].start == start { return panes[lo] }
        let p = Pane(start: start)
        panes.insert(p, at: lo)
        return p
    }

    /// Emits every window ending at or before `newWatermark`, in end order, and drops the panes no open window
    /// needs any more.
    @usableFromInline
    func advanceWatermark(to newWatermark: Int64, emit: (WindowResult<Key, Operation.Output>) -> Void) {
        guard newWatermark > watermark else { return }
        watermark = newWatermark
        while let first = panes.first {
            let end = max(nextEnd, first.start.saturatingAdd(slide))
            if end > newWatermark { break }
            emitWindow(endingAt: end, isEarly: false, emit)
            nextEnd = end.saturatingAdd(slide)
            while let f = panes.first, f.start.saturatingAdd(size) <= end { panes.removeFirst() }
        }
    }

    /// Emits the current partial result of every open window that has data. Only the windows that contain a
    /// pane are visited, so sparse data spread over a long time costs nothing for the empty stretches.
    func emitEarlyResults(_ emit: (WindowResult<Key, Operation.Output>) -> Void) {
        var ends: [Int64] = []
        for pane in panes {
            var end = max(pane.start.saturatingAdd(slide), nextEnd)
            while end <= pane.start.saturatingAdd(size) {
                if end > watermark { ends.append(end) }
                end = end.saturatingAdd(slide)
            }
        }
        var previous: Int64?
        for end in ends.sorted() where end != previous {
            emitWindow(endingAt: end, isEarly: true, emit)
            previous = end
        }
    }

    func emitWindow(endingAt end: Int64, isEarly: Bool, _ emit: (WindowResult<Key, Operation.Output>) -> Void) {
        let start = end &- size
        let involved = panes.lazy.filter { $0.start >= start && $0.start < end }
        var iterator = involved.makeIterator()
        guard let only = iterator.next() else { return }
        guard let second = iterator.next() else {
            for (key, acc) in only.accumulators {
                emit(WindowResult(key: key, start: start, end: end, value: operation.result(of: acc), isEarly: isEarly))
            }
            return
        }
        var merged = only.accumulators
        for pane in [second] + Array(IteratorSequence(iterator)) {
            for (key, acc) in pane.accumulators {
                operation.combine(acc, into: &merged[key, default: operation.makeAccumulator()])
            }
        }
        for (key, acc) in merged {
            emit(WindowResult(key: key, start: start, end: end, value: operation.result(of: acc), isEarly: isEarly))
        }
    }

    /// Key-pane accumulators held.
    var accumulatorCount: Int { panes.reduce(0) { $0 + $1.accumulators.count } }
}
