import SlipstreamEngine
import SlipstreamGrid

/// The processor of ``KeyedStage/enrich(from:name:ttl:value:_:)``: the table side fills this instance's
/// partitions of a ``GridMap``, the event side looks its key up there.
///
/// Both sides arrive through the same partitioned edge, so the instance that receives an event owns the
/// partition holding its key's table entry and reads it without a lock. Each side is read in order, but the
/// two sides are not ordered against each other: an event sees the table as it stands when the event arrives.
///
/// The per-item path is inlinable, so that the processor is specialized for its types where the pipeline is
/// declared.
@usableFromInline
struct EnrichProcessor<Item, Row, Key: PartitionKey, Value, Output>: Processor {
    @usableFromInline typealias Input = EitherSide<Item, Row>

    @usableFromInline let map: GridMap<Key, Value>
    @usableFromInline let itemKey: @Sendable (Item) -> Key
    @usableFromInline let rowKey: @Sendable (Row) -> Key
    @usableFromInline let value: @Sendable (Row) -> Value?
    @usableFromInline let combine: @Sendable (Item, Value?) throws -> Output?
    @usableFromInline var view: GridMapView<Key, Value>?
    @usableFromInline var clock = EngineClock.monotonic
    @usableFromInline var lastSweep: Int64 = 0
    @usableFromInline var misses = Counter()

    /// Sweeps expired entries at most this often when idle (nanoseconds), this many entries at a time.
    @inlinable static var sweepInterval: Int64 { 10_000_000 }
    @inlinable static var sweepBudget: Int { 512 }

    @inlinable
    init(
        map: GridMap<Key, Value>, itemKey: @escaping @Sendable (Item) -> Key, rowKey: @escaping @Sendable (Row) -> Key,
        value: @escaping @Sendable (Row) -> Value?, combine: @escaping @Sendable (Item, Value?) throws -> Output?
    ) {
        self.map = map
        self.itemKey = itemKey
        self.rowKey = rowKey
        self.value = value
        self.combine = combine
    }

    @usableFromInline
    mutating func initialize(context: ProcessorContext) throws {
        guard context.partitioner.partitionCount == map.configuration.partitionCount else {
            throw PipelineError(
                "the table has \(map.configuration.partitionCount) partitions but the edge \(context.partitioner.partitionCount)",
                stage: context.vertexName)
        }
        view = try map.claimView(instance: context.instance, of: context.parallelism)
        clock = context.clock
        lastSweep = clock.nanoseconds()
        misses = context.counters.counter(EnrichCounterNames.misses)
    }

    @inlinable
    mutating func process(ordinal: Int, inbox: inout Inbox<Input>, outbox: Outbox<Output>) throws {
        guard let view else { return }
        var missed = 0
        defer { if missed > 0 { misses.add(missed) } }
        // Read in place: the item leaves the inbox only once its output is accepted, so nothing waits outside a
        // queue.
        try inbox.drainSlots(while: { slot in
            switch slot.pointee {
            case .left(let item):
                let found = view.get(itemKey(item))
                if let output = try combine(item, found) {
                    guard outbox.offer(consume output) else { return false }
                }
                if found == nil { missed += 1 }
            case .right(let row):
                if let newValue = value(row) {
                    _ = view.put(rowKey(row), newValue)
                } else {
                    _ = view.remove(rowKey(row))
                }
            }
            slot.deinitialize(count: 1)
            return true
        })
    }

    @inlinable
    mutating func tryProcess(outbox: Outbox<Output>) throws -> Bool {
        let now = clock.nanoseconds()
        if map.configuration.expiry.timeToLive != nil, now - lastSweep >= Self.sweepInterval {
            lastSweep = now
            _ = view?.sweep(budget: Self.sweepBudget)
        }
        _ = view?.serveQueries()
        return true
    }

    @inlinable
    mutating func tryProcess(watermark: Watermark, outbox: Outbox<Output>) throws -> Bool {
        if !watermark.isIdle { view?.advanceEventTime(to: watermark.timestamp) }
        return outbox.offer(watermark)
    }

    @usableFromInline
    mutating func close() throws {
        view?.release()
        view = nil
    }
}
